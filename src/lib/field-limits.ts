/**
 * The one set of field limits of Concord's entry paths — the API, the command line, FollowTheMoney, Interpol and CSV
 * files. A name of 1,000,000 characters is refused the same way whether it comes as JSON, as a CSV cell or inside an
 * Interpol document, with the field, line or JSON path where it was found. The database's CHECK constraints repeat
 * the ones that matter for other agencies (names shared by a published notice), as a last line.
 */
export const FIELD_LIMITS = {
  /** A person's name or alias: one value. */
  personName: 200,
  /** Names and aliases of one person. */
  personNames: 20,
  personAliases: 50,
  /** One value of a FollowTheMoney property of a watchlist entry (an organisation's long legal name, an address). */
  ftmValue: 1000,
  /** A document number, a case reference, an Interpol reference. */
  identifier: 100,
  /** A title or a display name. */
  title: 200,
  /** A note, a description, a reason. */
  note: 2000,
  /** A long text: an internal note's body, the charges of a warrant. */
  longText: 20_000,
  /** A file's name as given. */
  fileName: 255,
  /** A search query. */
  query: 200,
} as const;

/** The first value of `values` longer than `max` characters, with its index. */
export function firstTooLong(values: readonly string[], max: number): { index: number; length: number } | null {
  const index = values.findIndex((value) => value.length > max);
  return index < 0 ? null : { index, length: values[index]!.length };
}

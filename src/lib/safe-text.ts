/**
 * Text Concord can store. PostgreSQL's text cannot hold the NUL character (U+0000), and a lone UTF-16 surrogate (half
 * of a pair, which JSON's `\uD800` escape can produce) is no character at all: it cannot be encoded as UTF-8, hashed
 * as canonical JSON or compared. Input holding either is refused where it enters — an API body, query or path, a CSV
 * cell, a line of JSON, an Interpol document — with the place it was found, before anything is written.
 */
export type UnsafeCharacter = 'nul' | 'lone-surrogate';

export interface TextProblem {
  /** JSON Pointer into the value (`/documents/0/content`), `""` for the value itself. */
  path: string;
  /** Within a multi-line string: the 1-based line and column of the character. */
  line?: number;
  column?: number;
  character: UnsafeCharacter;
  message: string;
}

// NUL; a high surrogate not followed by a low one; a low one not preceded by a high one. Without the `u` flag, so that
// a pattern sees UTF-16 code units, as the strings hold them.
const unsafeSource = '\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const unsafePattern = new RegExp(unsafeSource);
const unsafeEverywhere = new RegExp(unsafeSource, 'g');

export const describeCharacter = (character: UnsafeCharacter): string =>
  character === 'nul'
    ? 'contains a NUL character (U+0000), which cannot be stored'
    : 'contains a lone UTF-16 surrogate (half of a character), which is not text';

/** The first unsafe character of a string: its offset, line and column (1-based), or null. */
export function findUnsafeCharacter(text: string): { index: number; line: number; column: number; character: UnsafeCharacter } | null {
  const match = unsafePattern.exec(text);
  if (!match) return null;
  const index = match.index;
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  return { index, line, column, character: match[0] === '\u0000' ? 'nul' : 'lone-surrogate' };
}

const pointerPart = (key: string | number): string => String(key).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first string (or object key) in a JSON-like value that holds an unsafe character, located by JSON Pointer and,
 * within a multi-line string, by line and column; null when the whole value is safe.
 */
export function findUnsafeText(value: unknown, path = ''): TextProblem | null {
  if (typeof value === 'string') {
    const found = findUnsafeCharacter(value);
    if (!found) return null;
    const multiLine = value.includes('\n');
    return {
      path,
      ...(multiLine ? { line: found.line, column: found.column } : {}),
      character: found.character,
      message: `${describeCharacter(found.character)}${multiLine ? ` (line ${String(found.line)}, column ${String(found.column)})` : ''}`,
    };
  }
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index += 1) {
      const problem = findUnsafeText(value[index], `${path}/${String(index)}`);
      if (problem) return problem;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const inKey = findUnsafeCharacter(key);
      if (inKey) {
        // The name is shown with the character replaced, so that the answer itself is clean text.
        const shown = pointerPart(key.replace(unsafeEverywhere, '\uFFFD'));
        return { path: `${path}/${shown}`, character: inKey.character, message: `its name ${describeCharacter(inKey.character)}` };
      }
      const problem = findUnsafeText(item, `${path}/${pointerPart(key)}`);
      if (problem) return problem;
    }
  }
  return null;
}

/** A URL component decoded, or null when it does not decode (a `%` that starts no byte, bytes that are not UTF-8). */
function decoded(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
}

/** A URL component decoded, or as it is when it does not decode. */
export const decodedOrRaw = (component: string): string => decoded(component) ?? component;

const percentRuns = /(?:%[0-9A-Fa-f]{2})+/g;

/** Whether every run of percent-encoded bytes in a URL component decodes as UTF-8 (a lone `%` is left as it is). */
export const decodesAsText = (component: string): boolean => (component.match(percentRuns) ?? []).every((run) => decoded(run) !== null);

const UNDECODABLE =
  'holds percent-encoded bytes that are not UTF-8 text (a lone UTF-16 surrogate, which cannot be encoded, reads as such bytes)';

/**
 * The first parameter of a raw query string (`a=1&b=%ED%A0%80`) whose percent-encoded bytes are not UTF-8. The query
 * parser keeps such a value as its literal `%…` text, where a path would be refused: both are refused alike, by name.
 */
export function findUndecodableParameter(rawQuery: string): { path: string; message: string } | null {
  for (const pair of rawQuery.split('&')) {
    const separator = pair.indexOf('=');
    const rawName = separator < 0 ? pair : pair.slice(0, separator);
    const rawValue = separator < 0 ? '' : pair.slice(separator + 1);
    const nameIsText = decodesAsText(rawName);
    if (nameIsText && decodesAsText(rawValue)) continue;
    const name = nameIsText ? decodedOrRaw(rawName.replace(/\+/g, ' ')) : rawName;
    return { path: `/${pointerPart(name)}`, message: nameIsText ? UNDECODABLE : `its name ${UNDECODABLE}` };
  }
  return null;
}

/**
 * The first segment (1-based) of a raw path that does not decode — bytes that are not UTF-8, or a `%` that starts no
 * percent-encoded byte, both of which the router refuses — with the segment as sent.
 */
export function findUndecodableSegment(rawPath: string): { segment: number; text: string; message: string } | null {
  const segments = rawPath.split('/').slice(1);
  const index = segments.findIndex((segment) => decoded(segment) === null);
  if (index < 0) return null;
  const text = segments[index]!;
  const why = decodesAsText(text) ? 'has a "%" that starts no percent-encoded byte' : UNDECODABLE;
  return { segment: index + 1, text, message: `segment ${String(index + 1)} of the path, "${text}", ${why}` };
}

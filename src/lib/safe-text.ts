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

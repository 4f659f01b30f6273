/**
 * "expected X, got Y" messages for configuration and rule-file errors: what a field wants, and a short,
 * safe description of what the file holds instead.
 */

/** A short description of a value as a JSON file holds it: `42`, `"abc"`, `an object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  return String(value);
}

export function expected(what: string, input: unknown): string {
  return `expected ${what}, got ${describeValue(input)}`;
}

/** A field path as a config writer spells it: `publisher.sources[0].startUrls[1]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(top level)';
}

/** Line and column (1-based) of a character offset in `source`. */
function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < Math.min(offset, source.length); i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Parses JSON; on failure, the reason as one phrase with the line and column it was found at:
 * `line 3, column 5: not valid JSON (Unexpected token '/'; comments and trailing commas are not allowed)`.
 */
export function parseJsonText(source: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const offset = at ? Number(at[1]) : /end of (JSON )?input/i.test(message) ? source.length : null;
    const where = offset === null ? '' : (({ line, column }) => `line ${line}, column ${column}: `)(lineColumn(source, offset));
    const reason = message.replace(/\s*in JSON at position \d+.*$/, '').replace(/,? ?".*" is not valid JSON$/, '');
    return { ok: false, message: `${where}not valid JSON (${reason}; comments and trailing commas are not allowed)` };
  }
}

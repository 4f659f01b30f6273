/**
 * "expected X, got Y" messages for configuration errors: what a field wants, and a short,
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

/**
 * The keys of copywatch's PostgreSQL advisory locks: one class for copywatch, one key per schema
 * and thing serialized (migrations, job starts, the queue's leader and set-up).
 */
/** The advisory lock class of copywatch ('cw'), and the key of a schema's lock of `what` within it. */
const LOCK_CLASS = 0x6377;

/** 32-bit FNV-1a of a string, as a signed int4 (what pg_advisory_xact_lock(int4, int4) takes). */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) h = Math.imul(h ^ byte, 0x01000193);
  return h | 0;
}

/** The arguments of `pg_advisory_xact_lock($1, $2)` that serialize `what` (migrations, job starts) in `schema`. */
export function lockKey(schema: string, what: string): [number, number] {
  return [LOCK_CLASS, hash32(`${schema}:${what}`)];
}

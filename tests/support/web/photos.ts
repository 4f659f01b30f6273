/** The fixture web's photos (tests/support/web/photos/, drawn by scripts/make-fixture-photos.ts), read once. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const cache = new Map<string, Buffer>();

export function photoFile(name: string): Buffer {
  let bytes = cache.get(name);
  if (!bytes) cache.set(name, (bytes = readFileSync(join(import.meta.dirname, 'photos', name))));
  return bytes;
}

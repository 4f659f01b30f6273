/**
 * A set of strings kept as 64-bit hashes in typed arrays (open addressing): 16 bytes a slot at
 * most, whatever the string's length. A false "seen" needs a 64-bit collision (about one in
 * 10^8 at a million URLs), which costs one skipped URL, never a wrong page.
 */

/** Two 32-bit hashes of a string (cyrb53's mixing, kept at full 64 bits). */
function hash64(text: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 >>> 0, h2 >>> 0];
}

export class HashSet64 {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private used: Uint8Array;
  private count = 0;

  constructor(capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.used = new Uint8Array(size);
  }

  get size(): number {
    return this.count;
  }

  has(text: string): boolean {
    const [a, b] = hash64(text);
    return this.find(a, b) >= 0;
  }

  /** Adds; false when it was already there. */
  add(text: string): boolean {
    const [a, b] = hash64(text);
    if (this.find(a, b) >= 0) return false;
    if ((this.count + 1) * 2 > this.used.length) this.grow();
    this.insert(a, b);
    this.count++;
    return true;
  }

  private find(a: number, b: number): number {
    const mask = this.used.length - 1;
    for (let i = (a ^ b) & mask; this.used[i]; i = (i + 1) & mask) {
      if (this.hi[i] === a && this.lo[i] === b) return i;
    }
    return -1;
  }

  private insert(a: number, b: number): void {
    const mask = this.used.length - 1;
    let i = (a ^ b) & mask;
    while (this.used[i]) i = (i + 1) & mask;
    this.used[i] = 1;
    this.hi[i] = a;
    this.lo[i] = b;
  }

  private grow(): void {
    const { hi, lo, used } = this;
    const size = used.length * 2;
    this.hi = new Uint32Array(size);
    this.lo = new Uint32Array(size);
    this.used = new Uint8Array(size);
    for (let i = 0; i < used.length; i++) if (used[i]) this.insert(hi[i], lo[i]);
  }
}

/** Recognizes bodies that are plainly not HTML (images, PDFs, archives, other binary data). */

const SIGNATURES: Array<[string, number[]]> = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a WebP or RIFF file', [0x52, 0x49, 0x46, 0x46]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['gzip-compressed data', [0x1f, 0x8b]],
  ['an ICO image', [0x00, 0x00, 0x01, 0x00]],
  ['a WebAssembly module', [0x00, 0x61, 0x73, 0x6d]],
];

/** A description of the binary format the bytes are in, or null when they may be text. */
export function sniffBinary(bytes: Uint8Array): string | null {
  for (const [name, sig] of SIGNATURES) {
    if (sig.every((b, i) => bytes[i] === b)) return name;
  }
  // Text in an ASCII-compatible charset has no control bytes but tab, newline, return, form feed
  // and escape; UTF-16 without a BOM has NULs every other byte, which legacy HTML never has.
  const n = Math.min(bytes.length, 1024);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return null;
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return null;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) control++;
  }
  return control > n * 0.05 ? 'binary data' : null;
}

/**
 * The two images of an image finding in its evidence bundle (issue 17): `images/original.<ext>`
 * and `images/copy.<ext>`, byte for byte as stored, each recorded in the manifest with the
 * SHA-256 stored when it was kept; `verify` checks the bytes against that digest.
 */
import { createHash } from 'node:crypto';

export interface BundleImage {
  role: 'original' | 'copy';
  url: string;
  /** SHA-256 stored when the image was kept. */
  sha256: string;
  /** As decoded when it was kept (jpeg, png, webp, ...). */
  format: string;
  /** The capture under which it was kept. */
  evidenceId: number;
  storedAt: string;
  bytes: Uint8Array;
}

export interface ManifestImage {
  role: 'original' | 'copy';
  file: string;
  url: string;
  sha256: string;
  size: number;
  format: string;
  evidenceId: number;
  storedAt: string;
}

const EXT: Record<string, string> = { jpeg: 'jpg', png: 'png', webp: 'webp', gif: 'gif', avif: 'avif', heif: 'heif', tiff: 'tif', jp2: 'jp2', jxl: 'jxl' };

/** The file extension of a decoded format (`bin` for one not known). */
function extensionOf(format: string): string {
  return EXT[format] ?? 'bin';
}

/** The manifest's records of the images, their bytes put among `files`. */
export function imageEntries(images: readonly BundleImage[], files: Record<string, Uint8Array>): ManifestImage[] {
  return images.map((i) => {
    const file = `images/${i.role}.${extensionOf(i.format)}`;
    files[file] = i.bytes;
    return { role: i.role, file, url: i.url, sha256: i.sha256, size: i.bytes.length, format: i.format, evidenceId: i.evidenceId, storedAt: i.storedAt };
  });
}

/** Each image's bytes must be in the bundle with the SHA-256 stored when it was kept. */
export function checkImages(images: readonly ManifestImage[] | undefined, entries: Record<string, Uint8Array>): Array<{ ok: boolean; line: string }> {
  if (!Array.isArray(images)) return [];
  return images.map((i) => {
    const bytes = entries[i.file];
    if (!bytes) return { ok: false, line: `${i.file}: the ${i.role} image is missing` };
    const digest = createHash('sha256').update(bytes).digest('hex');
    if (digest !== i.sha256) return { ok: false, line: `${i.file}: SHA-256 ${digest} is not the ${i.role} image's stored when it was kept ${i.sha256}` };
    return { ok: true, line: `${i.file}: the ${i.role} image (${i.format}, ${i.size} bytes, SHA-256 ${i.sha256}, from ${i.url})` };
  });
}

/**
 * Both images of an image finding kept as evidence (issue 17): the copy's bytes as fetched to
 * hash it, and the original's fetched again through the crawler when the finding is recorded.
 */
import type { Store } from '../store/ports.ts';
import type { ImageBytes } from './photos.ts';

export interface PhotoEvidence {
  /** The copy as fetched to hash it (fetched again only when no longer held). */
  copy: () => Promise<ImageBytes | null>;
  /** Fetched only for a finding that is recorded (once per URL per run). */
  original: () => Promise<ImageBytes | null>;
}

/** Stores the finding's two images under its capture; an image that could not be fetched is left out. */
export async function keepPhotoEvidence(store: Store, findingId: number, evidenceId: number, photo: PhotoEvidence, at: string): Promise<void> {
  const original = await photo.original();
  const copy = await photo.copy();
  const images = [...(original ? [{ role: 'original' as const, image: original }] : []), ...(copy ? [{ role: 'copy' as const, image: copy }] : [])];
  await store.imageEvidence.add(
    images.map(({ role, image }) => ({ findingId, evidenceId, role, url: image.url, sha256: image.sha256, format: image.format, bytes: image.bytes })),
    at,
  );
}

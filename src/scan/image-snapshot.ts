/**
 * The image index of the store's photos, saved in the store beside the corpus index: loaded when
 * it was saved at the images' current revision (store.images.revision), else rebuilt from the
 * stored hashes and saved. A snapshot that does not load (the refused first format CWI1, a format
 * of a later version, damaged bytes) is rebuilt too, with a one-line note for the run's reasons.
 */
import { ORIGINAL_REGIONS, simhashFromHex } from '../fingerprint/index.ts';
import { CANDIDATE_OPTIONS, ImageIndex } from '../match/index.ts';
import type { Store } from '../store/ports.ts';

const SNAPSHOT_KEY = 'image-index';
/** The revision the snapshot was built at ("r:" and the token), or "-" while a new one is being written. */
const SNAPSHOT_REVISION_KEY = 'image-index-revision';
/** How many stored photos the snapshot left out, hashed with an older region list (a decimal). */
const SNAPSHOT_OUTDATED_KEY = 'image-index-outdated';

export interface LoadedImageIndex {
  index: ImageIndex;
  /** How it was had: from the saved snapshot, or built from the stored hashes (and then saved). */
  from: 'snapshot' | 'rebuilt';
  /** Why a saved snapshot at the current revision was not used (it did not load), or null. */
  note: string | null;
  /**
   * Stored photos left out: hashed with another region list than this version's (a hash's region
   * is its position in the list, so they would be read as the wrong windows); they wait for the
   * index job to hash them again.
   */
  outdated: number;
}

async function savedRevision(store: Store): Promise<string | null> {
  return (await store.getBlob(SNAPSHOT_REVISION_KEY))?.toString() ?? null;
}

/**
 * The index of the store's photos. The revision is read before the hashes, so a snapshot saved
 * with it never lacks a change made after it (such a change gives another revision: the next
 * process rebuilds). The saved revision is read again after the snapshot: another process writing
 * a new snapshot meanwhile marks it "-" first, and this one is then not trusted.
 */
export async function loadImageIndex(store: Store): Promise<LoadedImageIndex> {
  const revision = `r:${await store.images.revision()}`;
  let note: string | null = null;
  if ((await savedRevision(store)) === revision) {
    const blob = await store.getBlob(SNAPSHOT_KEY);
    if (blob && (await savedRevision(store)) === revision) {
      try {
        const outdated = Number((await store.getBlob(SNAPSHOT_OUTDATED_KEY))?.toString() ?? 0) || 0;
        return { index: ImageIndex.fromBytes(blob), from: 'snapshot', note: null, outdated };
      } catch (error) {
        note = `image index snapshot not loaded (${error instanceof Error ? error.message : String(error)}): rebuilt from the stored photos`;
      }
    }
  }
  // The band candidates' index of the verified lookup (match/image-verify.ts).
  const index = new ImageIndex(CANDIDATE_OPTIONS);
  let outdated = 0;
  for await (const batch of store.images.all(2000)) {
    for (const image of batch) {
      if (image.hashes.length === ORIGINAL_REGIONS.length) index.add({ id: String(image.id), hashes: image.hashes.map(simhashFromHex) });
      else if (image.hashes.length) outdated++;
    }
  }
  if (index.size) {
    await store.putBlob(SNAPSHOT_REVISION_KEY, Buffer.from('-'));
    await store.putBlob(SNAPSHOT_KEY, index.toBytes());
    await store.putBlob(SNAPSHOT_OUTDATED_KEY, Buffer.from(String(outdated)));
    await store.putBlob(SNAPSHOT_REVISION_KEY, Buffer.from(revision));
  }
  return { index, from: 'rebuilt', note, outdated };
}

/**
 * After an index run: brings the saved snapshot to the images' current revision when the run
 * changed them (`before`: the revision when it started), so the next scan loads it instead of
 * rebuilding. Nothing is done when the run changed no photo or the store holds none.
 */
export async function refreshImageSnapshot(store: Store, before: string): Promise<LoadedImageIndex | null> {
  if ((await store.images.revision()) === before) return null;
  return loadImageIndex(store);
}

/** The publisher's photos as the store keeps them (issue 17): each article's images with their perceptual hashes. */

/** One image of an article, as the index job keeps it. */
export interface ProtectedImageInput {
  /** Where it was fetched (absolute, after redirects). */
  url: string;
  /** SHA-256 (hex) of its bytes. */
  sha256: string;
  /** Its dimensions in pixels. */
  width: number;
  height: number;
  /** The region pHashes (fingerprint/image-hash.ts originalHashes), 16 hex digits each, in region order. */
  hashes: string[];
  /**
   * Its 32×32 grey thumbnail (fingerprint/image-hash.ts `thumbnail`, 1,024 bytes) that matches are
   * verified against; none for an image hashed before thumbnails were kept (its matches are not verified).
   */
  thumb?: Uint8Array | null;
  /** Alt, caption and credit text near the image on the article's page. */
  alt: string | null;
  /** Validators of the fetch, for a conditional request next time. */
  etag: string | null;
  lastModified: string | null;
  /** UTC ISO. */
  fetchedAt: string;
}

export interface StoredImage extends ProtectedImageInput {
  id: number;
  thumb: Uint8Array | null;
  articleId: string;
}

export interface ImageRepo {
  /** The article's images are now these (others it had are dropped); an empty list drops them all. */
  replace(articleId: string, images: ProtectedImageInput[]): Promise<void>;
  get(id: number): Promise<StoredImage | null>;
  /** The latest stored image fetched from `url` (any article): its validators, and its hashes reused on a 304. */
  byUrl(url: string): Promise<StoredImage | null>;
  /** Every stored image, in batches by id (an image index is built from them). */
  all(batchSize?: number): AsyncIterable<StoredImage[]>;
  count(): Promise<number>;
  /** The largest image id (0 when none). */
  latestId(): Promise<number>;
  /**
   * A token that changes (in the same transaction) whenever `replace` adds or drops an image or
   * changes an image's hashes, and only then ('' while no image was ever stored by this version):
   * an image index built after reading it, saved with it, is current while it is unchanged.
   */
  revision(): Promise<string>;
}

/** One image an image finding names, kept as evidence (issue 17): its bytes are stored once per SHA-256. */
export interface EvidenceImageInput {
  findingId: number;
  evidenceId: number;
  role: EvidenceImageRole;
  url: string;
  sha256: string;
  /** The format as decoded (jpeg, png, webp, ...). */
  format: string;
  bytes: Buffer;
}

type EvidenceImageRole = 'original' | 'copy';

export interface EvidenceImage extends Omit<EvidenceImageInput, 'bytes'> {
  size: number;
  /** UTC ISO. */
  storedAt: string;
}

/** Image evidence, append-only (only evidence retention deletes it, with its capture). */
export interface EvidenceImageRepo {
  /** Keeps the images (a row already there is left as it is; bytes already stored under their SHA-256 are not stored again). */
  add(images: EvidenceImageInput[], at: string): Promise<void>;
  /** The finding's latest image of each role (the latest capture that kept one), original first. */
  ofFinding(findingId: number): Promise<EvidenceImage[]>;
  /** The stored bytes of an image, by SHA-256, or null. */
  bytes(sha256: string): Promise<Buffer | null>;
}

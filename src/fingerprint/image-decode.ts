/**
 * Image bytes to the grey pixels the hashes are computed on, with sharp (libvips). Takes bytes
 * only, never a path, so it reads and writes nothing: the caller fetched the bytes. Hostile input
 * is refused with a reason before any pixel is decoded: a format that is not a raster photo
 * (SVG, PDF), an animation, dimensions too large or too small, more pixels than the limit (a
 * decompression bomb); anything libvips cannot decode is refused too.
 */
import sharp, { type Metadata } from 'sharp';
import type { GreyImage } from './image-hash.ts';

export type RejectReason = 'undecodable' | 'unsupported-format' | 'vector' | 'animated' | 'too-many-pixels' | 'too-large' | 'too-small';

export class ImageRejected extends Error {
  readonly reason: RejectReason;
  constructor(reason: RejectReason, detail: string) {
    super(`image refused (${reason}): ${detail}`);
    this.name = 'ImageRejected';
    this.reason = reason;
  }
}

export interface DecodeLimits {
  /** Most pixels (width × height) decoded (default 40 million). */
  maxPixels?: number;
  /** Longest side accepted, in pixels (default 16,000). */
  maxSide?: number;
  /** Shortest side accepted, in pixels (default 64: icons and tracking pixels are not photos). */
  minSide?: number;
  /** The grey image's longest side (default 256). */
  workingSide?: number;
}

export interface DecodedImage extends GreyImage {
  format: string;
  /** The original's dimensions (after EXIF orientation is applied). */
  sourceWidth: number;
  sourceHeight: number;
}

const RASTER = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);
const VECTOR = new Set(['svg', 'pdf']);

/** The grey working image of a photo, or an ImageRejected saying why not. */
export async function decodeImage(bytes: Uint8Array, limits: DecodeLimits = {}): Promise<DecodedImage> {
  const maxPixels = limits.maxPixels ?? 40_000_000;
  const maxSide = limits.maxSide ?? 16_000;
  const minSide = limits.minSide ?? 64;
  const workingSide = limits.workingSide ?? 256;
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new ImageRejected('undecodable', (e as Error).message.split('\n')[0]);
  }
  const format = meta.format ?? 'unknown';
  if (VECTOR.has(format)) throw new ImageRejected('vector', `${format} is a vector format`);
  if (!RASTER.has(format)) throw new ImageRejected('unsupported-format', `format ${format}`);
  if ((meta.pages ?? 1) > 1) throw new ImageRejected('animated', `${format} with ${meta.pages} frames`);
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width > maxSide || height > maxSide) throw new ImageRejected('too-large', `${width}×${height} exceeds ${maxSide} px a side`);
  if (width * height > maxPixels) throw new ImageRejected('too-many-pixels', `${width}×${height} exceeds ${maxPixels} pixels`);
  if (width < minSide || height < minSide) throw new ImageRejected('too-small', `${width}×${height} is under ${minSide} px a side`);
  try {
    // One pass: JPEG shrink-on-load to the nearest power of two above the working size, then the
    // reduction and the grey conversion, read sequentially. rotate() only when EXIF asks for it:
    // it costs a third of the decode even when there is nothing to turn.
    let pipeline = sharp(input, { limitInputPixels: maxPixels, failOn: 'error', sequentialRead: true });
    if ((meta.orientation ?? 1) > 1) pipeline = pipeline.rotate();
    const { data, info } = await pipeline
      .resize(workingSide, workingSide, { fit: 'inside', withoutEnlargement: true, kernel: 'linear' })
      .greyscale()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const swap = (meta.orientation ?? 1) >= 5;
    const grey = info.channels === 1 ? new Uint8Array(data.buffer, data.byteOffset, data.length) : firstChannel(data, info.channels);
    return {
      width: info.width,
      height: info.height,
      data: grey,
      format,
      sourceWidth: swap ? height : width,
      sourceHeight: swap ? width : height,
    };
  } catch (e) {
    throw new ImageRejected('undecodable', (e as Error).message.split('\n')[0]);
  }
}

function firstChannel(data: Buffer, channels: number): Uint8Array {
  const out = new Uint8Array(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels];
  return out;
}

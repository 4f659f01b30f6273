/**
 * The image suite: originals cut from the wallpapers of Debian's gnome-backgrounds package
 * (installed by .ci/run; never downloaded from elsewhere), each 4096×4096 wallpaper giving four
 * non-overlapping 2048×1536 pieces downscaled to 1152×864 (about 1 MP) and saved as JPEG q90,
 * then attacked with sharp. Every piece and every attack is made in memory; nothing is written.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { rng } from '../matching/rng.ts';

const PHOTO_DIR = '/usr/share/backgrounds/gnome';

export interface Original {
  id: string;
  /** The wallpaper it was cut from (its four pieces are near scenes of one another). */
  source: string;
  jpeg: Buffer;
}

export interface Attack {
  name: string;
  /** The group its recall is floored in. */
  group: 'resize/recompress/watermark' | 'crops ≤20%' | 'crops 30%' | 'other';
  apply: (jpeg: Buffer, random: () => number) => Promise<Buffer>;
}

/** The raster wallpapers of at least 2048 px a side, or a one-line error saying how to get them. */
export function photoFiles(dir = PHOTO_DIR): string[] {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    /* reported below */
  }
  const files = names.filter((n) => /\.(webp|jpe?g|png)$/i.test(n) && !/^vnc-/.test(n)).map((n) => join(dir, n));
  if (files.length < 4)
    throw new Error(`image suite: no photos in ${dir}: install Debian's gnome-backgrounds (apt-get install -y gnome-backgrounds; .ci/run does)`);
  return files.sort();
}

export async function buildOriginals(files = photoFiles()): Promise<Original[]> {
  const out: Original[] = [];
  for (const file of files) {
    const meta = await sharp(file).metadata();
    if ((meta.width ?? 0) < 2048 || (meta.height ?? 0) < 2048) continue;
    const name = file
      .split('/')
      .pop()!
      .replace(/\.\w+$/, '');
    // Decoded once at 2304×2304; four 1152×864 pieces from its quarters (2048×1536 of a 4096 wallpaper).
    const { data, info } = await sharp(file).resize(2304, 2304, { fit: 'fill' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pieces = [
      [0, 0],
      [1152, 0],
      [0, 1152],
      [1152, 1152],
    ];
    for (const [i, [left, top]] of pieces.entries()) {
      const jpeg = await sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
        .extract({ left, top, width: 1152, height: 864 })
        .jpeg({ quality: 90 })
        .toBuffer();
      out.push({ id: `${name}#${i}`, source: name, jpeg });
    }
  }
  return out;
}

async function size(jpeg: Buffer): Promise<{ width: number; height: number }> {
  const m = await sharp(jpeg).metadata();
  return { width: m.width!, height: m.height! };
}

/** Keeps (1 − share) of each side at a random position. */
async function crop(jpeg: Buffer, share: number, random: () => number): Promise<Sharp> {
  const { width, height } = await size(jpeg);
  const w = Math.round(width * (1 - share));
  const h = Math.round(height * (1 - share));
  return sharp(jpeg).extract({ left: Math.floor(random() * (width - w)), top: Math.floor(random() * (height - h)), width: w, height: h });
}

async function resize(jpeg: Buffer, factor: number): Promise<Sharp> {
  const { width } = await size(jpeg);
  return sharp(jpeg).resize(Math.round(width * factor));
}

/** A large diagonal-ish text watermark, half opaque, across the middle. */
async function watermark(jpeg: Buffer): Promise<Sharp> {
  const { width, height } = await size(jpeg);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect x="${width * 0.1}" y="${height * 0.42}" width="${width * 0.8}" height="${height * 0.16}" rx="12" fill="white" fill-opacity="0.35"/>
    <text x="50%" y="54%" text-anchor="middle" font-family="sans-serif" font-size="${Math.round(height / 10)}" font-weight="bold" fill="white" fill-opacity="0.6">© PhotoStock 2026</text>
  </svg>`;
  return sharp(jpeg).composite([{ input: Buffer.from(svg), left: 0, top: 0 }]);
}

/** A caption strip of 15% of the height added below the photo. */
async function caption(jpeg: Buffer): Promise<Sharp> {
  const { width, height } = await size(jpeg);
  const strip = Math.round(height * 0.15);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${strip}">
    <text x="16" y="${Math.round(strip * 0.6)}" font-family="sans-serif" font-size="${Math.round(strip / 3)}" fill="#222">Photo: our reporter, on the scene yesterday</text>
  </svg>`;
  return sharp(jpeg)
    .extend({ bottom: strip, background: '#f4f4f4' })
    .composite([{ input: Buffer.from(svg), left: 0, top: height }]);
}

const jpegOut = (q: number) => (s: Sharp) => s.jpeg({ quality: q }).toBuffer();
const q80 = jpegOut(80);

export const ATTACKS: Attack[] = [
  { name: 'resize 25%', group: 'resize/recompress/watermark', apply: async (j) => q80(await resize(j, 0.25)) },
  { name: 'resize 50%', group: 'resize/recompress/watermark', apply: async (j) => q80(await resize(j, 0.5)) },
  { name: 'resize 75%', group: 'resize/recompress/watermark', apply: async (j) => q80(await resize(j, 0.75)) },
  { name: 'resize 150%', group: 'resize/recompress/watermark', apply: async (j) => q80(await resize(j, 1.5)) },
  { name: 'resize 200%', group: 'resize/recompress/watermark', apply: async (j) => q80(await resize(j, 2)) },
  { name: 'jpeg q20', group: 'resize/recompress/watermark', apply: (j) => jpegOut(20)(sharp(j)) },
  { name: 'jpeg q50', group: 'resize/recompress/watermark', apply: (j) => jpegOut(50)(sharp(j)) },
  { name: 'jpeg q90', group: 'resize/recompress/watermark', apply: (j) => jpegOut(90)(sharp(j)) },
  { name: 'webp q75', group: 'resize/recompress/watermark', apply: (j) => sharp(j).webp({ quality: 75 }).toBuffer() },
  { name: 'watermark', group: 'resize/recompress/watermark', apply: async (j) => q80(await watermark(j)) },
  { name: 'crop 10%', group: 'crops ≤20%', apply: async (j, r) => q80(await crop(j, 0.1, r)) },
  { name: 'crop 20%', group: 'crops ≤20%', apply: async (j, r) => q80(await crop(j, 0.2, r)) },
  { name: 'crop 30%', group: 'crops 30%', apply: async (j, r) => q80(await crop(j, 0.3, r)) },
  { name: 'mirror', group: 'other', apply: (j) => q80(sharp(j).flop()) },
  { name: 'caption strip 15%', group: 'other', apply: async (j) => q80(await caption(j)) },
  { name: 'brightness +25%', group: 'other', apply: (j) => q80(sharp(j).modulate({ brightness: 1.25 })) },
  { name: 'brightness −25%', group: 'other', apply: (j) => q80(sharp(j).modulate({ brightness: 0.75 })) },
  { name: 'contrast ×1.3', group: 'other', apply: (j) => q80(sharp(j).linear(1.3, -0.3 * 128)) },
  { name: 'contrast ×0.7', group: 'other', apply: (j) => q80(sharp(j).linear(0.7, 0.3 * 128)) },
  {
    name: 'crop 20% + mirror + q50',
    group: 'other',
    apply: async (j, r) => jpegOut(50)(sharp(await (await crop(j, 0.2, r)).toBuffer()).flop()),
  },
  {
    name: 'resize 50% + watermark + q60',
    group: 'other',
    apply: async (j) => jpegOut(60)(await watermark(await (await resize(j, 0.5)).toBuffer())),
  },
  {
    name: 'crop 10% + caption + webp',
    group: 'other',
    apply: async (j, r) => (await caption(await (await crop(j, 0.1, r)).jpeg({ quality: 90 }).toBuffer())).webp({ quality: 70 }).toBuffer(),
  },
  {
    name: 'brightness +15% + contrast ×1.2 + resize 60%',
    group: 'other',
    apply: async (j) =>
      q80(
        await resize(
          await sharp(j)
            .modulate({ brightness: 1.15 })
            .linear(1.2, -0.2 * 128)
            .jpeg({ quality: 90 })
            .toBuffer(),
          0.6,
        ),
      ),
  },
];

/** Every attack of every original, with a seeded random source per pair. */
export async function* attacked(originals: Original[]): AsyncGenerator<{ original: Original; attack: Attack; bytes: Buffer }> {
  for (const [i, original] of originals.entries()) {
    for (const [a, attack] of ATTACKS.entries()) {
      const random = rng(1000 * i + a + 1);
      yield { original, attack, bytes: await attack.apply(original.jpeg, random) };
    }
  }
}

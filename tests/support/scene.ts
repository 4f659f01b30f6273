import sharp from 'sharp';

/** A made-up "photo": shapes and a gradient at 1200×800, as JPEG. */
export function scene(seed: number): Promise<Buffer> {
  const r = (k: number) => {
    const x = Math.sin(seed * 12.9898 + k * 78.233) * 43758.5453;
    return x - Math.floor(x);
  };
  const colour = (k: number) => `rgb(${Math.floor(r(k) * 255)},${Math.floor(r(k + 1) * 255)},${Math.floor(r(k + 2) * 255)})`;
  const shapes = Array.from(
    { length: 14 },
    (_, i) =>
      `<ellipse cx="${r(10 * i) * 1200}" cy="${r(10 * i + 1) * 800}" rx="${40 + r(10 * i + 2) * 220}" ry="${40 + r(10 * i + 3) * 160}" fill="${colour(10 * i + 4)}"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="${r(500).toFixed(2)}" y2="${r(501).toFixed(2)}"><stop offset="0" stop-color="${colour(502)}"/><stop offset="1" stop-color="${colour(505)}"/></linearGradient></defs>
    <rect width="1200" height="800" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

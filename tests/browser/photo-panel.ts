/** The Photo panel of an image finding's page, as the browser test checks it: two images side by side, the matched part outlined. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ImageMatchFacts } from '../../src/domain/index.ts';

// The page's globals, typed just enough for the function that runs there.
declare const document: { querySelectorAll(s: string): ArrayLike<{ complete: boolean; naturalWidth: number }> };

/** The original and the copy as kept (data: JPEGs at their natural sizes), side by side, the outline where `image.region` puts it (within 3 px). */
export async function expectPhotoPanel(page: Page, panel: Locator, image: ImageMatchFacts): Promise<void> {
  const pictures = panel.locator('img.photo-image');
  await expect.poll(() => pictures.count()).toBe(2);
  await page.waitForFunction(() => Array.from(document.querySelectorAll('img.photo-image')).every((i) => i.complete && i.naturalWidth > 0));
  const natural = await pictures.evaluateAll((els: Array<{ naturalWidth: number; naturalHeight: number; src: string }>) =>
    els.map((e) => [e.naturalWidth, e.naturalHeight, e.src.slice(0, 23)]),
  );
  expect(natural).toEqual([
    [image.original.width, image.original.height, 'data:image/jpeg;base64,'],
    [image.copy.width, image.copy.height, 'data:image/jpeg;base64,'],
  ]);
  const [left, right] = await Promise.all([pictures.nth(0).boundingBox(), pictures.nth(1).boundingBox()]);
  expect(right!.x).toBeGreaterThanOrEqual(left!.x + left!.width); // side by side, not one under the other
  const outline = panel.locator('.photo-region');
  expect(await outline.count()).toBe(1);
  const box = (await outline.boundingBox())!;
  const r = image.region;
  expect(r.w).toBeLessThan(1);
  expect(Math.abs(box.x - (left!.x + r.x * left!.width))).toBeLessThan(3);
  expect(Math.abs(box.y - (left!.y + r.y * left!.height))).toBeLessThan(3);
  expect(Math.abs(box.width - r.w * left!.width)).toBeLessThan(3);
  expect(Math.abs(box.height - r.h * left!.height)).toBeLessThan(3);
}

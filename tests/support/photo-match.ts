/**
 * The photo of an image finding as the reports see it (`facts.image`): a 960×640 original, its
 * copy cropped to 80% × 80% from 10% left and 5% top and resized to 640 px, 8 bits away,
 * uncredited. The report tests (evidence report, exports, takedown drafts) share it; `copy`
 * overrides the copy's side (a hostile URL, say).
 */
import type { ImageMatchFacts } from '../../src/domain/index.ts';

export function copiedPhoto(copy: Partial<ImageMatchFacts['copy']> = {}): ImageMatchFacts {
  return {
    original: { url: 'https://epaper.jiangbei-chenbao.test/images/dusk.jpg', sha256: 'a'.repeat(64), width: 960, height: 640 },
    copy: { url: 'https://pics.example/up/x.jpg', sha256: 'b'.repeat(64), width: 640, height: 426, ...copy },
    distance: 8,
    region: { x: 0.1, y: 0.05, w: 0.8, h: 0.8 },
    transforms: ['cropped', 'resized'],
    credited: false,
  };
}

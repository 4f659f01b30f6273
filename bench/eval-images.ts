/**
 * Image matching quality on the image suite (bench/images/suite.ts): every attacked copy is
 * decoded, hashed and looked up in an image index of all the originals. Recall per attack and per
 * floored group (the copy's original is among the matches); false matches over negative pairs
 * (every other original, including the three other pieces of the same wallpaper, is a negative
 * pair of each copy).
 */
import { decodeImage, Integral, originalHashes, queryHashes, thumbnail } from '../src/fingerprint/index.ts';
import { CANDIDATE_LOOKUP, CANDIDATE_OPTIONS, confirmCandidates, ImageIndex, type ImageCandidate } from '../src/match/index.ts';
import { ATTACKS, attacked, buildOriginals, photoFiles } from './images/suite.ts';

export interface ImageEval {
  originals: number;
  sources: number;
  perAttack: { name: string; group: string; n: number; found: number; recall: number; meanDistance: number }[];
  groups: Record<string, number>;
  negativePairs: number;
  falseMatches: number;
  /** False matches on pieces of the same wallpaper or of its light/dark twin (near scenes). */
  nearSceneFalseMatches: number;
  falseMatchRate: number;
  seconds: number;
}

export async function evaluateImages(): Promise<ImageEval> {
  const started = performance.now();
  const files = photoFiles();
  const originals = await buildOriginals(files);
  // The pipeline's lookup: candidates within 12 bits, confirmed against each original's thumbnail.
  const index = new ImageIndex(CANDIDATE_OPTIONS);
  const thumbs = new Map<string, Uint8Array>();
  const scene = (source: string) => source.replace(/-[ld]$/, '');
  const sceneOf = new Map(originals.map((o) => [o.id, scene(o.source)]));
  for (const o of originals) {
    const grey = new Integral(await decodeImage(o.jpeg));
    index.add({ id: o.id, hashes: originalHashes(grey) });
    thumbs.set(o.id, thumbnail(grey));
  }
  // Sealed, as an index of many images is: lookups go through the band tables only (a small
  // unsealed index compares every hash and would find more than a big one).
  index.compact();
  const stats = new Map(ATTACKS.map((a) => [a.name, { n: 0, found: 0, distance: 0 }]));
  let negativePairs = 0;
  let falseMatches = 0;
  let nearScene = 0;
  for await (const { original, attack, bytes } of attacked(originals)) {
    const grey = new Integral(await decodeImage(bytes));
    // The pipeline's two passes (scan/photos.ts): the whole copy and its strips, then, when they
    // confirm nothing, the copy's windows.
    let hits: ImageCandidate[] = [];
    for (const windows of [false, true]) {
      const queries = queryHashes(grey, { windows });
      hits = confirmCandidates(
        grey,
        queries,
        index.lookup(
          queries.map((q) => q.hash),
          originals.length,
          CANDIDATE_LOOKUP,
        ),
        (id) => thumbs.get(id),
      );
      if (hits.length) break;
    }
    const s = stats.get(attack.name)!;
    s.n++;
    const hit = hits.find((h) => h.id === original.id);
    if (hit) {
      s.found++;
      s.distance += hit.distance;
    }
    negativePairs += originals.length - 1;
    for (const h of hits) {
      if (h.id === original.id) continue;
      falseMatches++;
      if (sceneOf.get(h.id) === scene(original.source)) nearScene++;
    }
  }
  const perAttack = ATTACKS.map((a) => {
    const s = stats.get(a.name)!;
    return { name: a.name, group: a.group, n: s.n, found: s.found, recall: s.found / s.n, meanDistance: s.found ? s.distance / s.found : NaN };
  });
  const groups: Record<string, number> = {};
  for (const g of new Set(ATTACKS.map((a) => a.group))) {
    const rows = perAttack.filter((r) => r.group === g);
    groups[g] = rows.reduce((n, r) => n + r.found, 0) / rows.reduce((n, r) => n + r.n, 0);
  }
  return {
    originals: originals.length,
    sources: new Set(originals.map((o) => o.source)).size,
    perAttack,
    groups,
    negativePairs,
    falseMatches,
    nearSceneFalseMatches: nearScene,
    falseMatchRate: falseMatches / negativePairs,
    seconds: (performance.now() - started) / 1000,
  };
}

export function printImages(e: ImageEval): void {
  console.log(`\n== Image matching (${e.originals} originals of ~1 MP cut from ${e.sources} gnome-backgrounds wallpapers; ${e.seconds.toFixed(0)} s) ==`);
  console.log('attack'.padEnd(46) + 'copies  found  recall  mean distance');
  for (const r of e.perAttack) {
    console.log(
      r.name.padEnd(46) +
        String(r.n).padStart(6) +
        String(r.found).padStart(7) +
        r.recall.toFixed(3).padStart(8) +
        (Number.isNaN(r.meanDistance) ? '-' : r.meanDistance.toFixed(1)).padStart(15),
    );
  }
  console.log('\ngroup'.padEnd(47) + 'recall');
  for (const [g, v] of Object.entries(e.groups)) console.log(g.padEnd(46) + v.toFixed(3).padStart(6));
  console.log(
    `false matches: ${e.falseMatches} of ${e.negativePairs} negative pairs (${(e.falseMatchRate * 100).toFixed(3)}%), ${e.nearSceneFalseMatches} of them on a piece of the same wallpaper or its light/dark twin`,
  );
}

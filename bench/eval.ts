/**
 * `npm run eval`: every quality measurement over ../shared/corpus, printed as tables, checked
 * against the floors in bench/floors.json. Exits 1 when a figure falls below its floor.
 */
import { readFileSync } from 'node:fs';
import { evaluateExtraction, printExtraction } from './eval-extraction.ts';
import { evaluateMatching, printMatching } from './eval-matching.ts';
import { evaluateRobustness, printRobustness } from './robustness.ts';
import { evaluateRobustMatching, printRobustMatching } from './robust-matching.ts';
import type { Kind } from './robustness.ts';
import { evaluateThreads, printThreads } from './eval-threads.ts';
import { evaluateImages, printImages } from './eval-images.ts';
import { photoFiles } from './images/suite.ts';

interface Floors {
  extraction: {
    /** Mean F1 against human references, per `source:` and `lang:` group. */
    floors: Record<string, number>;
    beatsBaseline: string[];
    /** Ceilings on wholesale failures per source (pages). */
    wholesaleFailuresMax: Record<string, number>;
    /** Loose floors on the share of pages whose body is found at all (silver references). */
    silverFoundRate: Record<string, number>;
  };
  /** Mean F1 of the robustness suite (bench/robustness.ts), keyed `<source>:<perturbation>`. */
  robustness: Record<string, number>;
  /** Multi-post pages (bench/eval-threads.ts). */
  threads: {
    /** wcxb forum pages: mean silver recall, and mean recall of the references' later posts. */
    forumSilverRecall: number;
    forumLaterPostsRecall: number;
    /** Synthetic thread pages, all markups: share of posts and of later posts found, precision against the chrome. */
    syntheticPostsFound: number;
    syntheticLaterPostsFound: number;
    syntheticPrecision: number;
    /** The synthetic threads with a long opening post (replies beside it, or in a container named as comments). */
    longOpeningPostsFound: number;
    longOpeningLaterPostsFound: number;
    longOpeningPrecision: number;
    commentsContainerPostsFound: number;
    commentsContainerLaterPostsFound: number;
    commentsContainerPrecision: number;
    /** The 10-post threads with a class-less related-threads list beside the posts; `relatedListLeakedMax` a ceiling on the list's items in the text. */
    relatedListPostsFound: number;
    relatedListLaterPostsFound: number;
    relatedListPrecision: number;
    relatedListLeakedMax: number;
  };
  matching: {
    recall: Record<string, number>;
    precision: number;
    sameTemplateFalsePositiveRateMax: number;
    sameSiteFalsePositivesMax: number;
    containmentWithin10: number;
    recallBySource: Record<string, number>;
    /** Ceiling on copies (positive pairs) called teasers: found, but no finding under the rules. */
    teaserPositivesMax: number;
  };
  /**
   * Matching on degraded originals (bench/robust-matching.ts), per perturbation: recall of full
   * copies and of 20% excerpts of the real article, and a ceiling on same-site pairs flagged.
   */
  robustMatching: {
    full: Record<string, number>;
    excerpt20: Record<string, number>;
    containmentWithin10: Record<string, number>;
    sameSiteFlaggedMax: Record<string, number>;
    /** The same ceilings with each synthetic site's template profile (learned from its other three pages). */
    sameSiteFlaggedMaxWithProfile: Record<string, number>;
    /** Ceilings on pages flagged as copies of another site's article, teasers not counted (the corpus's own overlaps). */
    otherFlaggedMax: Record<string, number>;
    /** Ceiling on copies of the real article called teasers (found, but no finding under the rules), over every kind. */
    copiesCalledTeasersMax: number;
  };
  images: {
    /** Recall per group of attacks of bench/images/suite.ts. */
    recall: Record<string, number>;
    /** Ceiling on false matches as a share of negative pairs. */
    falseMatchRateMax: number;
  };
}

const floors = JSON.parse(readFileSync(new URL('./floors.json', import.meta.url), 'utf8')) as Floors;
const failures: string[] = [];
const below = (what: string, value: number, floor: number) => {
  if (!(value >= floor)) failures.push(`${what}: ${value.toFixed(3)} is below its floor ${floor}`);
};

// The image suite needs Debian's gnome-backgrounds: say so at once, not after the text suites.
try {
  photoFiles();
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}

const started = performance.now();
const extraction = evaluateExtraction();
printExtraction(extraction);
for (const [group, floor] of Object.entries(floors.extraction.floors)) {
  const g = extraction.groups[group];
  if (!g) failures.push(`extraction ${group}: no pages scored`);
  else below(`extraction ${group} F1`, g.ours, floor);
}
for (const group of floors.extraction.beatsBaseline) {
  const g = extraction.groups[group];
  if (g && g.ours < g.baseline) failures.push(`extraction ${group}: F1 ${g.ours.toFixed(3)} is below the Readability baseline ${g.baseline.toFixed(3)}`);
}
for (const [source, max] of Object.entries(floors.extraction.wholesaleFailuresMax ?? {})) {
  const w = extraction.wholesale[source];
  if (!w) failures.push(`extraction wholesale failures on ${source}: no pages`);
  else if (w.failures > max) failures.push(`extraction wholesale failures on ${source}: ${w.failures} pages, above the ceiling ${max} (${w.ids.join(' ')})`);
}
for (const [group, floor] of Object.entries(floors.extraction.silverFoundRate ?? {})) {
  const g = extraction.silver[group];
  if (!g) failures.push(`extraction ${group}: no pages with a silver reference`);
  else below(`extraction ${group} found-the-body rate (silver)`, g.found, floor);
}

const robustness = evaluateRobustness();
printRobustness(robustness);
for (const [group, floor] of Object.entries(floors.robustness ?? {})) {
  const g = robustness.groups[group];
  if (!g) failures.push(`robustness ${group}: no pages scored`);
  else below(`robustness ${group} F1`, g.f1, floor);
}
const robustMatching = evaluateRobustMatching();
printRobustMatching(robustMatching);
// The kinds whose same-site pairs come from the original's extraction taking in the site's chrome,
// again with each site's template profile learned from its other pages (as the index job has it).
const withProfile = evaluateRobustMatching(Object.keys(floors.robustMatching.sameSiteFlaggedMaxWithProfile) as Kind[], { profile: 'only' });
printRobustMatching(withProfile);
for (const row of withProfile.rows) {
  const max = floors.robustMatching.sameSiteFlaggedMaxWithProfile[row.kind];
  if (row.sameSiteFlagged > max)
    failures.push(
      `matching on degraded originals with the site's profile, ${row.kind}: ${row.sameSiteFlagged} same-site pairs flagged, above the ceiling ${max}`,
    );
}
for (const row of robustMatching.rows) {
  const f = floors.robustMatching;
  if (f.full[row.kind] !== undefined) below(`matching on degraded originals, ${row.kind}: full copies`, row.full, f.full[row.kind]);
  if (f.excerpt20[row.kind] !== undefined) below(`matching on degraded originals, ${row.kind}: excerpts 20%`, row.excerpt20, f.excerpt20[row.kind]);
  if (f.containmentWithin10[row.kind] !== undefined)
    below(`matching on degraded originals, ${row.kind}: containment within ±0.10`, row.containmentWithin10, f.containmentWithin10[row.kind]);
  const max = f.sameSiteFlaggedMax[row.kind];
  if (max !== undefined && row.sameSiteFlagged > max)
    failures.push(`matching on degraded originals, ${row.kind}: ${row.sameSiteFlagged} same-site pairs flagged, above the ceiling ${max}`);
  const otherMax = f.otherFlaggedMax[row.kind];
  if (otherMax !== undefined && row.otherFlagged > otherMax)
    failures.push(
      `matching on degraded originals, ${row.kind}: ${row.otherFlagged} pages of other sites flagged (teasers apart), above the ceiling ${otherMax}`,
    );
}
const calledTeasers = robustMatching.rows.reduce((n, r) => n + r.copiesCalledTeasers, 0);
if (calledTeasers > floors.robustMatching.copiesCalledTeasersMax)
  failures.push(
    `matching on degraded originals: ${calledTeasers} copies of the real article called teasers, above the ceiling ${floors.robustMatching.copiesCalledTeasersMax}`,
  );
for (const kind of Object.keys(floors.robustMatching.full))
  if (!robustMatching.rows.some((r) => r.kind === kind)) failures.push(`matching on degraded originals: no ${kind} row`);

const threads = evaluateThreads();
printThreads(threads);
below('threads: wcxb forum silver recall', threads.forumSummary.recall, floors.threads.forumSilverRecall);
below('threads: wcxb forum later-posts recall', threads.forumSummary.laterRecall, floors.threads.forumLaterPostsRecall);
below('threads: synthetic posts found', threads.synthetic.all.found, floors.threads.syntheticPostsFound);
below('threads: synthetic later posts found', threads.synthetic.all.laterFound, floors.threads.syntheticLaterPostsFound);
below('threads: synthetic precision against the chrome', threads.synthetic.all.precision, floors.threads.syntheticPrecision);
below('threads: long opening post, posts found', threads.longOpening.all.found, floors.threads.longOpeningPostsFound);
below('threads: long opening post, later posts found', threads.longOpening.all.laterFound, floors.threads.longOpeningLaterPostsFound);
below('threads: long opening post, precision against the chrome', threads.longOpening.all.precision, floors.threads.longOpeningPrecision);
below('threads: replies in a comments container, posts found', threads.commentsContainer.all.found, floors.threads.commentsContainerPostsFound);
below('threads: replies in a comments container, later posts found', threads.commentsContainer.all.laterFound, floors.threads.commentsContainerLaterPostsFound);
below(
  'threads: replies in a comments container, precision against the chrome',
  threads.commentsContainer.all.precision,
  floors.threads.commentsContainerPrecision,
);
below('threads: related-threads list, posts found', threads.relatedList.all.found, floors.threads.relatedListPostsFound);
below('threads: related-threads list, later posts found', threads.relatedList.all.laterFound, floors.threads.relatedListLaterPostsFound);
below('threads: related-threads list, precision against the chrome', threads.relatedList.all.precision, floors.threads.relatedListPrecision);
if (threads.relatedList.all.relatedLeaked > floors.threads.relatedListLeakedMax)
  failures.push(
    `threads: related-threads items in the text: ${threads.relatedList.all.relatedLeaked.toFixed(3)} is above its ceiling ${floors.threads.relatedListLeakedMax}`,
  );

const matching = evaluateMatching();
printMatching(matching);
const m = matching.metrics;
for (const [group, floor] of Object.entries(floors.matching.recall)) below(`matching recall on ${group}`, m.recall[group] ?? 0, floor);
below('matching precision', m.precision, floors.matching.precision);
below('matching containment within ±0.10', m.containmentWithin10, floors.matching.containmentWithin10);
for (const [source, floor] of Object.entries(floors.matching.recallBySource ?? {}))
  below(`matching recall on originals from ${source}`, m.recallBySource[source] ?? 0, floor);
if (m.sameSite.flagged > (floors.matching.sameSiteFalsePositivesMax ?? 0)) {
  failures.push(
    `matching same-site different-article pairs flagged: ${m.sameSite.flagged}, above the ceiling ${floors.matching.sameSiteFalsePositivesMax ?? 0}`,
  );
}
if (m.teasers.positives > floors.matching.teaserPositivesMax)
  failures.push(`matching: ${m.teasers.positives} copies called teasers, above the ceiling ${floors.matching.teaserPositivesMax}`);
if (m.sameTemplateFpRate > floors.matching.sameTemplateFalsePositiveRateMax) {
  failures.push(
    `matching same-template false positives: ${(m.sameTemplateFpRate * 100).toFixed(2)}% is above the ceiling ${(floors.matching.sameTemplateFalsePositiveRateMax * 100).toFixed(2)}%`,
  );
}

const images = await evaluateImages();
printImages(images);
for (const [group, floor] of Object.entries(floors.images.recall)) below(`image recall on ${group}`, images.groups[group] ?? 0, floor);
if (images.falseMatchRate > floors.images.falseMatchRateMax) {
  failures.push(
    `image false matches: ${(images.falseMatchRate * 100).toFixed(3)}% of negative pairs is above the ceiling ${(floors.images.falseMatchRateMax * 100).toFixed(3)}%`,
  );
}

if (failures.length) {
  console.error(`\n${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.error(`\nQuality floors not met:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log(`\nAll quality floors met (${((performance.now() - started) / 1000).toFixed(0)} s).`);

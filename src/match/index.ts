export { align, type Alignment, type Run } from './align.ts';
export { toPassages } from './passages.ts';
export { verdictOf } from './verdict.ts';
export { creditsPublisher, linksBack, hostMatches, type PublisherIdentity } from './credit.ts';
export { chromeSignature, chromeOverlap, MIRROR_OVERLAP } from './chrome.ts';
export { compare, preparePage, publisherOf, type PreparedPage, type CompareOptions } from './compare.ts';
export { CorpusIndex, type IndexEntry, type Candidate, type IndexOptions } from './corpus-index.ts';
export { matchSuspect, candidatesFor, verify, type Match, type MatchOptions } from './matcher.ts';
export { indexEntryFor } from './entry.ts';

export { hostMatches, type PublisherIdentity } from './credit.ts';
export { compare, preparePage, type PreparedPage } from './compare.ts';
export { CorpusIndex } from './corpus-index.ts';
export { matchSuspect, candidatesFor, verify, type Match } from './matcher.ts';
export { indexEntryFor } from './entry.ts';
export { distinctivePassages } from './distinctive.ts';
export { prefilterLook, seedWorthJudging } from './prefilter.ts';
export { ImageIndex, type ImageCandidate } from './image-index.ts';
export { originalRegion, photoCredited, transformsOf } from './image-match.ts';

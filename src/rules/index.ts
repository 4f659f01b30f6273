/** License rules as data, and their evaluation. Pure: files are read by the caller. */
export { parseRuleSet, checkUniqueIds } from './schema.ts';
export { evaluateRules, maxSeverity } from './evaluate.ts';
export { buildFacts, type FactContext } from './facts.ts';
export { type Licensee } from './license.ts';
export { commercialSignals } from './commercial.ts';

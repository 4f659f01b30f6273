/** License rules as data, and their evaluation. Pure: files are read by the caller. */
export { parseRuleSet, checkUniqueIds, ruleSchema, ruleSetSchema, FACT_NAMES } from './schema.ts';
export { evaluateRules, ruleApplies, maxSeverity, factValue } from './evaluate.ts';
export { buildFacts, type FactContext } from './facts.ts';
export { findLicensee, licenseStatus, licenseBreaches, type Licensee, type LicenseStatus } from './license.ts';
export { commercialSignals, type CommercialSignals } from './commercial.ts';

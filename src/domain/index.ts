export * from './errors.ts';
export * from './article.ts';
export * from './match.ts';
export * from './finding.ts';
export * from './evidence.ts';
export * from './scan.ts';
export * from './rule.ts';
export * from './template.ts';

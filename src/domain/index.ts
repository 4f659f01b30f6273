export * from './errors.ts';
export * from './article.ts';
export * from './match.ts';

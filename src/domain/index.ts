export * from './errors.ts';
export * from './article.ts';

/** The configuration: one zod schema → the Config type; loading with file- and field-precise errors. */
export { loadConfig, parseConfig, type LoadedConfig } from './load.ts';
export { crawlerSchema, DEFAULT_USER_AGENT, type CrawlerConfig, type DiscoveryConfig, type QueueConfig } from './schema.ts';
export { siteSchema, pageNumbers, type EpaperConfig, type SiteConfig } from './site-schema.ts';
export { parseResolveTarget, type ResolveTarget } from './fields.ts';
export type { AlertConfig } from './alerts-schema.ts';

/** The configuration: one zod schema → the Config type; loading with file- and field-precise errors. */
export { loadConfig, parseConfig, type LoadedConfig, type LoadOptions } from './load.ts';
export {
  configSchema, crawlerSchema, queueSchema, DEFAULT_USER_AGENT,
  type Config, type CrawlerConfig, type LicenseeConfig, type PublisherConfig, type QueueConfig, type ScheduleConfig, type ServerConfig, type StorageConfig, type Thresholds,
} from './schema.ts';
export { siteSchema, pageNumbers, type EpaperConfig, type SiteConfig } from './site-schema.ts';
export { parseResolveTarget, type ResolveTarget } from './fields.ts';

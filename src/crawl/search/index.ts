/** Search providers for discovery (config `discovery.providers`), as adapters behind one interface. */
import { BraveProvider } from './brave.ts';
import { SearchHttp, type SearchHttpOptions } from './http.ts';
import type { SearchProvider } from './provider.ts';
import { SearxngProvider } from './searxng.ts';

export type { SearchProvider } from './provider.ts';

export interface ProviderConfig {
  type: 'searxng' | 'brave';
  url?: string;
  apiKey?: string;
}

export interface SearchProviders {
  providers: SearchProvider[];
  close(): Promise<void>;
}

/** The configured providers over one HTTP client. */
export function createProviders(
  configs: ProviderConfig[],
  options: Partial<SearchHttpOptions> & Pick<SearchHttpOptions, 'userAgent' | 'resolve'>,
): SearchProviders {
  const http = new SearchHttp({ timeoutMs: 15_000, maxBytes: 2 * 1024 * 1024, retries: 3, retryBaseMs: 500, maxRetryWaitMs: 30_000, ...options });
  const providers = configs.map((c): SearchProvider => {
    if (c.type === 'brave') return new BraveProvider(http, c.apiKey ?? '', c.url);
    return new SearxngProvider(http, c.url ?? 'http://127.0.0.1:8888');
  });
  return { providers, close: () => http.close() };
}

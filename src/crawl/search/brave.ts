/**
 * Brave Search API (web search), to its published contract:
 * `GET https://api.search.brave.com/res/v1/web/search?q=…&count=20` with the header
 * `X-Subscription-Token: <key>` answers `{type: "search", web: {results: [{url, title, description}, …]}}`
 * (`web` is absent when nothing matched). 429 means over the plan's rate or quota.
 * The key never leaves this file: it is redacted from every error.
 */
import { CopywatchError } from '../../domain/index.ts';
import type { SearchHttp } from './http.ts';
import { urlsOf, type SearchProvider } from './provider.ts';

const BRAVE_API = 'https://api.search.brave.com';

export class BraveProvider implements SearchProvider {
  readonly name = 'brave';

  constructor(
    private readonly http: SearchHttp,
    private readonly apiKey: string,
    private readonly baseUrl = BRAVE_API,
  ) {}

  async search(query: string, signal?: AbortSignal): Promise<string[]> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/res/v1/web/search?q=${encodeURIComponent(query)}&count=20`;
    const body = await this.http.getJson(url, { 'x-subscription-token': this.apiKey }, this.name, [this.apiKey], signal);
    if (!body || typeof body !== 'object') throw new CopywatchError('SEARCH_FAILED', `${this.name}: expected a JSON object`);
    const web = (body as { web?: { results?: unknown } }).web;
    return urlsOf(web?.results);
  }
}

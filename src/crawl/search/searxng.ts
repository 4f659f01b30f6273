/**
 * SearXNG (a self-hosted metasearch engine): `GET {url}/search?q=…&format=json` answers
 * `{results: [{url, title, content, engine}, …]}`. The instance must allow the JSON format
 * (`search.formats: [html, json]` in its settings.yml), else it answers 403.
 */
import { CopywatchError } from '../../domain/index.ts';
import type { SearchHttp } from './http.ts';
import { urlsOf, type SearchProvider } from './provider.ts';

export class SearxngProvider implements SearchProvider {
  readonly name = 'searxng';

  constructor(
    private readonly http: SearchHttp,
    private readonly baseUrl: string,
  ) {}

  async search(query: string, signal?: AbortSignal): Promise<string[]> {
    const url = `${this.baseUrl.replace(/\/+$/, '')}/search?q=${encodeURIComponent(query)}&format=json`;
    const body = await this.http.getJson(url, {}, this.name, [], signal);
    if (!body || typeof body !== 'object' || !Array.isArray((body as { results?: unknown }).results))
      throw new CopywatchError('SEARCH_FAILED', `${this.name}: expected an answer with results[], got ${JSON.stringify(body).slice(0, 80)}`);
    return urlsOf((body as { results: unknown }).results);
  }
}

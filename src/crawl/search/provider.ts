/** What discovery needs from a search engine: the URLs it answers an exact-phrase query with. */
export interface SearchProvider {
  /** `searxng`, `brave`: named in findings (discoveredBy.provider) and counts. */
  readonly name: string;
  /** The result URLs, in the engine's order. Throws SEARCH_FAILED when the engine fails after its retries. */
  search(query: string, signal?: AbortSignal): Promise<string[]>;
}

/** The URLs of `items` (objects with a string `url`), http(s) only, in order. */
export function urlsOf(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  const out: string[] = [];
  for (const item of items) {
    const url = item && typeof item === 'object' ? (item as { url?: unknown }).url : undefined;
    if (typeof url === 'string' && /^https?:\/\//i.test(url)) out.push(url);
  }
  return out;
}

/** Reads a CLI argument that names a file or a URL into bytes, with one-line errors. */
import { readFile, stat } from 'node:fs/promises';
import { CopywatchError } from '../domain/index.ts';

export interface InputPage {
  bytes: Buffer;
  contentType: string | null;
  /** The final URL for a fetched page, null for a file. */
  url: string | null;
  source: string;
}

export interface InputOptions {
  timeoutMs?: number;
  maxBytes?: number;
}

function looksLikeUrl(arg: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(arg);
}

export async function readInput(arg: string, options: InputOptions = {}): Promise<InputPage> {
  if (looksLikeUrl(arg)) {
    // The crawler (undici and the rest) is loaded only for a URL.
    const { fetchPage } = await import('../crawl/index.ts');
    const page = await fetchPage(arg, { timeoutMs: options.timeoutMs, maxBytes: options.maxBytes });
    if (page.status >= 400) throw new CopywatchError('CRAWL_HTTP_STATUS', `${page.url} answered HTTP ${page.status}`);
    return { bytes: page.body, contentType: page.contentType, url: page.url, source: arg };
  }
  const maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
  try {
    const info = await stat(arg);
    if (info.isDirectory()) throw new CopywatchError('INPUT_INVALID', `${arg} is a directory, not a file`);
    // Read a little past the cap so the extractor can say how large the page is.
    if (info.size > maxBytes * 4) {
      throw new CopywatchError(
        'INPUT_INVALID',
        `${arg} is ${(info.size / 1024 / 1024).toFixed(1)} MB, far above the ${(maxBytes / 1024 / 1024).toFixed(0)} MB page limit`,
      );
    }
    return { bytes: await readFile(arg), contentType: null, url: null, source: arg };
  } catch (error) {
    if (error instanceof CopywatchError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CopywatchError('INPUT_NOT_FOUND', `no such file: ${arg}`);
    if (code === 'EACCES') throw new CopywatchError('INPUT_INVALID', `cannot read ${arg}: permission denied`);
    throw new CopywatchError('INPUT_INVALID', `cannot read ${arg}: ${(error as Error).message}`);
  }
}

/**
 * Helpers for the batch forms of the CLI (`extract --jsonl`, `compare --pairs`): results written
 * as JSON lines in input order, as they come, with a few inputs in flight at once and no more.
 */
import { CopywatchError } from '../domain/index.ts';

/** `{code, message}` for a batch error line. */
export function errorBody(error: unknown): { code: string; message: string } {
  if (error instanceof CopywatchError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? String(error)) : String(error);
  return { code: 'INTERNAL', message };
}

/** Writes one line to stdout, waiting when the pipe is full so output never piles up in memory. */
export function writeLine(value: unknown, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const line = `${JSON.stringify(value)}\n`;
  if (out.write(line)) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', () => resolve()));
}

/**
 * Runs `work` over `items` with at most `concurrency` in flight and hands each result to `emit`
 * in input order. Holds at most `concurrency` results at a time, whatever the length of `items`.
 */
export async function orderedEach<T, R>(
  items: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<R>,
  emit: (result: R) => Promise<void>,
): Promise<void> {
  const window: Promise<R>[] = [];
  for await (const item of items) {
    window.push(work(item));
    if (window.length >= concurrency) await emit(await window.shift()!);
  }
  while (window.length) await emit(await window.shift()!);
}

/**
 * Reads a config file (JSON, no comments), validates it against the schema, and resolves rule
 * paths against the file's folder. Every problem is reported with the file and field path; the
 * first line of the error is a one-line summary.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { CopywatchError, describeValue, expected, formatPath, parseJsonText } from '../domain/index.ts';
import { configSchema, type Config } from './schema.ts';

export interface LoadOptions {
  /** Environment to read COPYWATCH_TOKEN from. Default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** A validated config; `rules` are absolute paths; `file` is where it was read from. */
export type LoadedConfig = Config & { file: string };

export function loadConfig(path: string, options: LoadOptions = {}): LoadedConfig {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    // The default ./config.json is missing on a fresh checkout: say how to start.
    const hint = code === 'ENOENT' && /^(\.\/)?config\.json$/.test(path) ? ' (try --config config.example.json, or copy it to config.json and edit it)' : '';
    throw new CopywatchError('CONFIG_INVALID', `${path}: cannot read the config: ${why}${hint}`, { cause: error });
  }
  const data = parseJson(path, source.replace(/^\uFEFF/, ''));
  const config = parseConfig(data, path, options);
  const folder = dirname(resolve(path));
  const warc = config.warc.dir === undefined ? config.warc : { ...config.warc, dir: resolve(folder, config.warc.dir) };
  const tsa = config.evidence.tsa;
  const evidence = tsa?.certFile === undefined ? config.evidence : { ...config.evidence, tsa: { ...tsa, certFile: resolve(folder, tsa.certFile) } };
  return { ...config, rules: config.rules.map((r) => resolve(folder, r)), warc, evidence, file: resolve(path) };
}

/** Validates an already parsed value; `name` is used in messages. */
export function parseConfig(data: unknown, name = 'config', options: LoadOptions = {}): Config {
  const result = configSchema.safeParse(data, { error: (iss) => fallbackMessage(iss) });
  if (!result.success) throw invalid(name, result.error.issues);
  const config = result.data;
  const token = (options.env ?? process.env).COPYWATCH_TOKEN;
  if (config.server.token === undefined && token) config.server.token = token;
  return config;
}

function parseJson(path: string, source: string): unknown {
  const parsed = parseJsonText(source);
  if (!parsed.ok) throw new CopywatchError('CONFIG_INVALID', `${path}: ${parsed.message}`);
  return parsed.value;
}

type Issue = z.core.$ZodIssue;

function invalid(name: string, issues: Issue[]): CopywatchError {
  const lines = issues.flatMap((issue) => issueLines(issue)).map(([path, message]) => `${name}: ${path}: ${message}`);
  const more = lines.length > 1 ? ` (and ${lines.length - 1} more problem${lines.length > 2 ? 's' : ''}, below)` : '';
  return new CopywatchError('CONFIG_INVALID', [`${lines[0]}${more}`, ...lines.slice(1)].join('\n'));
}

function issueLines(issue: Issue): Array<[string, string]> {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => [formatPath([...issue.path, key]), 'unknown field (not part of the config; a typo?)']);
  }
  return [[formatPath(issue.path), issue.message]];
}

/** Messages for issues whose schema set none: "expected X, got Y". */
function fallbackMessage(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      return iss.input === undefined
        ? `expected ${article(String(iss.expected))}, got nothing (a required field is missing)`
        : expected(article(String(iss.expected)), iss.input);
    case 'invalid_value':
      return expected(`one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')}`, iss.input);
    case 'invalid_union':
      return `expected ${describeValue(iss.input)} to be of another kind`;
    case 'too_small':
      return iss.origin === 'array'
        ? `expected at least ${iss.minimum} item${Number(iss.minimum) === 1 ? '' : 's'}, got ${describeValue(iss.input)}`
        : undefined;
    default:
      return undefined;
  }
}

function article(type: string): string {
  if (type === 'object') return 'an object';
  if (type === 'array') return 'an array';
  if (type === 'int') return 'a whole number';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

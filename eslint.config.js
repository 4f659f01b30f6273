// The layering of ../shared/DESIGN.md, enforced (npm run lint, in .ci/run): no import cycles, the
// pure core (extract, fingerprint, match, rules, report, domain) does no I/O and imports no adapter,
// adapters (crawl, store) import nothing that wires them, and each layer only what is below it:
// domain ← core (extract ← fingerprint ← match ← rules ← report) ← config ← adapters (crawl, store)
// ← scan ← queue ← server ← cli.
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const layer = (folders) =>
  folders.map((f) => ({
    group: [`**/${f}/**`, `../${f}/*`, `../../${f}/*`],
    message: `this layer does not import ${f}/ (see eslint.config.js and DESIGN.md)`,
  }));
const IO_MODULES = [
  'node:fs',
  'node:fs/promises',
  'fs',
  'node:net',
  'node:http',
  'node:https',
  'node:dns',
  'node:dns/promises',
  'node:child_process',
  'node:worker_threads',
  'undici',
  'pg',
  'pg-boss',
  'better-sqlite3',
  'express',
].map((name) => ({ name, message: 'the pure core does no I/O: take the bytes or the values as arguments' }));

// Above scan/, its folder is entered through scan/index.ts only.
const SCAN_ENTRY = { group: ['**/scan/*', '!**/scan/index.ts'], message: 'import scan/ through scan/index.ts' };

const restrict = (files, folders, paths = [], more = []) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [...layer(folders), ...more], paths }] },
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'dist/**', 'bench/out/**', 'src/server/public/**'] },
  {
    files: ['src/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    plugins: { 'import-x': importX, '@typescript-eslint': tseslint.plugin },
    settings: {
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/extensions': ['.ts', '.js'],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-unresolved': 'error',
      'import-x/no-duplicates': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-debugger': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  restrict(['src/domain/**'], ['extract', 'fingerprint', 'match', 'rules', 'report', 'config', 'crawl', 'store', 'scan', 'queue', 'server', 'cli'], IO_MODULES),
  // The core's stages import only earlier ones: extract ← fingerprint ← match ← rules ← report.
  restrict(['src/extract/**'], ['fingerprint', 'match', 'rules', 'report', 'config', 'crawl', 'store', 'scan', 'queue', 'server', 'cli'], IO_MODULES),
  restrict(['src/fingerprint/**'], ['match', 'rules', 'report', 'config', 'crawl', 'store', 'scan', 'queue', 'server', 'cli'], IO_MODULES),
  restrict(['src/match/**'], ['rules', 'report', 'config', 'crawl', 'store', 'scan', 'queue', 'server', 'cli'], IO_MODULES),
  restrict(['src/rules/**'], ['report', 'config', 'crawl', 'store', 'scan', 'queue', 'server', 'cli'], IO_MODULES),
  restrict(['src/report/**'], ['config', 'crawl', 'store', 'scan', 'queue', 'server', 'cli'], IO_MODULES),
  restrict(['src/config/**'], ['crawl', 'store', 'scan', 'queue', 'server', 'cli']),
  restrict(['src/crawl/**', 'src/store/**'], ['scan', 'queue', 'server', 'cli']),
  restrict(['src/scan/**'], ['queue', 'server', 'cli']),
  restrict(['src/queue/**'], ['server', 'cli'], [], [SCAN_ENTRY]),
  restrict(['src/server/**'], ['cli'], [], [SCAN_ENTRY]),
  restrict(['src/cli/**'], [], [], [SCAN_ENTRY]),
);

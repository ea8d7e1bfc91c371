// Lint: keeps imports flowing one way (core imports neither side; the renderer never imports main)
// and forbids the dangerous DOM sinks that would let document text run as code.
import tseslint from 'typescript-eslint';

const UI_AND_RUNTIME = ['react', 'react-dom', 'react-dom/*', 'lexical', '@lexical/*', 'dexie', 'dexie-react-hooks', 'electron'];

/** Patterns every renderer file obeys: sandboxed, and never importing main or preload. */
const RENDERER_PATTERNS = [
  { group: ['electron', 'node:*', 'fs', 'path', 'child_process'], message: 'The renderer runs sandboxed: reach main only through platform/.' },
  { group: ['**/main/**', '**/preload/**', '../main*', '../../main*', '../preload*', '../../preload*'], message: 'The renderer never imports main or preload.' },
];

/** One lint block per renderer folder: the renderer-wide patterns plus what that folder may not import. */
function rendererLayer(glob, patterns) {
  return [
    {
      files: [`${glob}/*.ts`, `${glob}/*.tsx`],
      ignores: ['src/renderer/**/*.test.ts'],
      rules: { 'no-restricted-imports': ['error', { patterns: [...RENDERER_PATTERNS, ...patterns] }] },
    },
  ];
}

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**'] },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render text, never HTML: document text must not run as code.' },
        { property: 'outerHTML', message: 'Render text, never HTML.' },
        { property: 'insertAdjacentHTML', message: 'Render text, never HTML.' },
      ],
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render text, never HTML.' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: UI_AND_RUNTIME, message: 'src/core is pure: no UI, storage or Electron imports.' },
            { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process'], message: 'src/core is pure: no Node imports.' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**', '../../main*', '../../renderer*', '../../preload*'], message: 'core imports neither side.' },
          ],
        },
      ],
    },
  },
  // The renderer's own layers (docs/adr/0010-renderer-map.md): imports flow one way,
  // core <- db <- state <- features <- App, with platform (window.api) and reader (a view) beside them.
  // Each folder's block repeats the renderer-wide patterns, because a later block replaces the rule.
  ...rendererLayer('src/renderer/**', []),
  ...rendererLayer('src/renderer/db/**', [
    { group: ['**/state/**', '**/features/**', '**/reader/**', '**/platform', '**/platform/**', '**/App', '**/keyboard'], message: 'db/ holds the database and its named transactions: it imports core only (see docs/adr/0010-renderer-map.md).' },
  ]),
  ...rendererLayer('src/renderer/state/**', [
    { group: ['**/features/**', '**/reader/**', '**/platform', '**/platform/**', '**/App', '**/keyboard'], message: 'state/ holds the stores: it imports core and db only; features read the stores, never the other way (see docs/adr/0010-renderer-map.md).' },
  ]),
  ...rendererLayer('src/renderer/platform/**', [
    { group: ['**/db/**', '**/state/**', '**/features/**', '**/reader/**', '**/App'], message: 'platform/ hides the desktop/browser difference: it imports core only (see docs/adr/0010-renderer-map.md).' },
  ]),
  ...rendererLayer('src/renderer/reader/**', [
    { group: ['**/db/**', '**/state/**', '**/features/**', '**/App'], message: 'reader/ is a view: it takes annotations and emits selections; it never reads the database or the stores (see docs/adr/0010-renderer-map.md).' },
  ]),
  ...rendererLayer('src/renderer/features/**', [
    { group: ['**/App', '../App', '../../App'], message: 'features/ never import App: App composes features (see docs/adr/0010-renderer-map.md).' },
  ]),
  // Sync server (issue 15): Node only, never Electron or UI code.
  {
    files: ['src/server/**/*.ts'],
    ignores: ['src/server/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', ...UI_AND_RUNTIME.filter((g) => g !== 'electron')], message: 'The sync server runs in plain Node: no Electron or UI libraries.' },
            { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'The sync server imports only core.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom', 'lexical', '@lexical/*', 'dexie', 'dexie-react-hooks'], message: 'UI libraries belong to the renderer.' },
            { group: ['**/renderer/**', '../renderer*', '../../renderer*'], message: 'main never imports the renderer.' },
          ],
        },
      ],
    },
  },
);

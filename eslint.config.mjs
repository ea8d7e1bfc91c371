// Lint: keeps imports flowing one way (core imports neither side; the renderer never imports main)
// and forbids the dangerous DOM sinks that would let document text run as code.
import tseslint from 'typescript-eslint';

const UI_AND_RUNTIME = ['react', 'react-dom', 'react-dom/*', 'lexical', '@lexical/*', 'dexie', 'dexie-react-hooks', 'electron'];

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
  {
    files: ['src/renderer/**/*.ts', 'src/renderer/**/*.tsx'],
    ignores: ['src/renderer/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'node:*', 'fs', 'path', 'child_process'], message: 'The renderer runs sandboxed: reach main only through platform/.' },
            { group: ['**/main/**', '**/preload/**', '../main*', '../../main*', '../preload*', '../../preload*'], message: 'The renderer never imports main or preload.' },
          ],
        },
      ],
    },
  },
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

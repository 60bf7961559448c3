// Lint rules: typescript-eslint's recommended set plus the house rules (no any, no console in main, named exports).
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'stubs/**', '.test-artifacts/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['main/**/*.ts', 'shared/**/*.ts', 'gateway/**/*.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // A global a declaration file describes (IndexedDB's constructors) is a var: a property of globalThis.
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off' },
  },
  {
    // Config files are read by tools that expect a default export; declarations describe others' modules.
    files: ['*.config.{js,ts,mjs,cjs}', 'renderer/vite.config.ts', 'eslint.config.js', 'types/**/*.d.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);

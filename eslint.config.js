import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The Lambda bundle gets zod through lambda/zod.ts (zod/mini, tree-shakable): classic zod would
 * put about 330 KB back into it.
 */
const zodThroughWrapper = { name: 'zod', message: 'Import z from lambda/zod.ts (zod/mini) instead.' };

/**
 * lambda/fastly is the Fastly client: it knows no report types, nor the audit that turns its
 * errors into report errors (lambda/failure.ts).
 */
const fastlyKnowsNoReport = {
  group: ['**/report', '**/report/**', '**/failure', '**/failure.js', '**/audit', '**/audit.js'],
  message: 'lambda/fastly knows no report types: translate Fastly errors into report errors in lambda/failure.ts.',
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', 'coverage/**', 'dist/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['lambda/**/*.ts'],
    ignores: ['lambda/zod.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [zodThroughWrapper] }] },
  },
  {
    // A later block replaces the rule's options, so this one repeats the zod path.
    files: ['lambda/fastly/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [zodThroughWrapper], patterns: [fastlyKnowsNoReport] }] },
  },
);

import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    // The Lambda bundle gets zod through lambda/zod.ts (zod/mini, tree-shakable): classic zod
    // would put about 330 KB back into it.
    files: ['lambda/**/*.ts'],
    ignores: ['lambda/zod.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'zod', message: "Import z from lambda/zod.ts (zod/mini) instead." }] }],
    },
  },
);

/**
 * zod as the auditor uses it: the tree-shakable `zod/mini` build, with English messages. Import
 * it as a namespace (`import * as z from '../zod.js'`), never from 'zod' directly: the classic
 * build cannot be tree-shaken (every schema carries every method) and cost the Lambda bundle
 * about 70 KB, and a named `{ z }` import keeps all 40 locales (another 260 KB).
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships without a locale: messages would all read "Invalid input".
config(en());

export * from 'zod/mini';

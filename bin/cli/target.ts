/**
 * What the audit command audits, decided from the options and the environment before anything
 * is started or sent (design.md, "Command line: safety of inputs"): the demo only when asked
 * (`--demo`) or when neither a token nor an API URL is given. An API URL without a token is a
 * mistake (a CI secret gone missing, say), never a reason to audit the demo account instead.
 */
import { checkBaseUrl } from '../../lambda/fastly/base-url.js';
import { DEFAULT_FASTLY_BASE_URL } from '../../lambda/fastly/client.js';
import { envToken, envValue } from './environment.js';

export type TargetChoice =
  | { kind: 'demo'; why: string }
  | { kind: 'api'; baseUrl: string; token: { from: 'environment'; value: string } | { from: 'secret'; secretId: string } };

export interface TargetOptions {
  demo?: boolean;
  apiUrl?: string;
  tokenSecret?: string;
}

/** Throws, naming the option, for a combination that cannot be what the user meant. */
export function chooseTarget(options: TargetOptions, env: NodeJS.ProcessEnv): TargetChoice {
  if (options.demo) {
    const conflicting = [options.apiUrl !== undefined ? '--api-url' : undefined, options.tokenSecret !== undefined ? '--token-secret' : undefined].filter(Boolean);
    if (conflicting.length > 0) {
      throw new Error(`--demo audits the built-in simulator's demo account: leave out ${conflicting.join(' and ')}, or leave out --demo to audit that account`);
    }
    return { kind: 'demo', why: 'no Fastly API token used (--demo)' };
  }
  const apiUrl = options.apiUrl ?? envValue(env, 'FASTLY_API_URL');
  // Ignored (and so not checked) when --token-secret names the token.
  const fromEnv = options.tokenSecret === undefined ? envToken(env, 'FASTLY_API_TOKEN') : undefined;
  if (options.tokenSecret === undefined && fromEnv === undefined) {
    if (apiUrl !== undefined) {
      const where = options.apiUrl !== undefined ? '--api-url' : 'FASTLY_API_URL';
      throw new Error(`no Fastly API token: set FASTLY_API_TOKEN or --token-secret (${where} is set, so this run does not fall back to the demo account; use --demo for the demo)`);
    }
    return { kind: 'demo', why: 'no Fastly API token (FASTLY_API_TOKEN is not set)' };
  }
  const baseUrl = checkBaseUrl(apiUrl ?? DEFAULT_FASTLY_BASE_URL);
  const token = options.tokenSecret !== undefined ? { from: 'secret' as const, secretId: options.tokenSecret } : { from: 'environment' as const, value: fromEnv ?? '' };
  return { kind: 'api', baseUrl, token };
}

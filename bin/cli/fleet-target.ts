/**
 * What the `fleet` command audits, decided before anything is started or sent: the simulator's
 * demo fleet with `--demo`, else the accounts of `--accounts`, through the API URL of
 * `--api-url`, FASTLY_API_URL or the default, which must be https (or plain http to this machine).
 * There is no demo by default: tokens may come from Secrets Manager, so their absence says nothing.
 */
import { checkBaseUrl } from '../../lambda/fastly/base-url.js';
import { DEFAULT_FASTLY_BASE_URL } from '../../lambda/fastly/client.js';
import { envValue } from './environment.js';

export type FleetTarget = { kind: 'demo' } | { kind: 'api'; accountsFile: string; baseUrl: string };

export function chooseFleetTarget(options: { demo?: boolean; accounts?: string; apiUrl?: string }, env: NodeJS.ProcessEnv): FleetTarget {
  if (options.demo) {
    const conflicting = [options.accounts !== undefined ? '--accounts' : undefined, options.apiUrl !== undefined ? '--api-url' : undefined].filter(Boolean);
    if (conflicting.length > 0) throw new Error(`--demo audits the built-in simulator's demo fleet: leave out ${conflicting.join(' and ')}, or leave out --demo`);
    return { kind: 'demo' };
  }
  if (options.accounts === undefined) throw new Error('fleet needs --accounts <file> (the accounts file), or --demo for the demo fleet');
  const baseUrl = checkBaseUrl(options.apiUrl ?? envValue(env, 'FASTLY_API_URL') ?? DEFAULT_FASTLY_BASE_URL);
  return { kind: 'api', accountsFile: options.accounts, baseUrl };
}

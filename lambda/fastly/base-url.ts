/**
 * The Fastly API base URL: where the Fastly-Key header goes. Over plain http anyone on the path
 * reads the token, so http is accepted only to this machine itself (a local simulator or proxy):
 * 127.0.0.0/8, ::1 or localhost. One rule for the command line, the client and the Lambda's
 * FASTLY_API_URL.
 */
import ipaddr from 'ipaddr.js';
import { AuditorError } from '../errors.js';

/** A base URL the token must not be sent to, or one that is not a URL at all. */
export class BaseUrlError extends AuditorError {
  override readonly name = 'BaseUrlError';

  constructor(message: string) {
    super(message, {
      operation: 'check_api_url',
      action: 'Use https:// for the Fastly API (the default is https://api.fastly.com); plain http:// only reaches a local simulator on 127.0.0.1, ::1 or localhost.',
    });
  }
}

/** 127.0.0.0/8, ::1 (and its IPv4-mapped form), localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (host === 'localhost') return true;
  if (!ipaddr.isValid(host)) return false;
  const address = ipaddr.process(host);
  return address.range() === 'loopback';
}

/** What is wrong with `value` as the Fastly API base URL, or undefined when the token may go there. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `Fastly API base URL is not a valid URL: ${value}`;
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol !== 'http:') return `Fastly API base URL must be http(s): ${value}`;
  if (isLoopbackHost(url.hostname)) return undefined;
  return `Fastly API base URL ${value} is plain http to a host that is not this machine: the token would cross the network unencrypted; use https://`;
}

/** The base URL without trailing slashes; throws BaseUrlError when the token must not go there. */
export function checkBaseUrl(value: string): string {
  const problem = baseUrlProblem(value);
  if (problem !== undefined) throw new BaseUrlError(problem);
  return value.replace(/\/+$/, '');
}

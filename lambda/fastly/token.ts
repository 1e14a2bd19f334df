/**
 * The Fastly API token as the client receives it. It travels in the Fastly-Key header, where a
 * line break or a non-ASCII character is refused by Node before anything is sent: left to the
 * transport, that read as a network error with advice about egress. The message never holds the
 * token, only what is wrong with it.
 */
import { AuditorError } from '../errors.js';

export class TokenFormatError extends AuditorError {
  override readonly name = 'TokenFormatError';

  constructor(problem: string) {
    super(`the Fastly API token ${problem}`, {
      operation: 'check_token',
      action:
        'Store the token alone, on one line, without quotes or spaces (FASTLY_API_TOKEN, or the Secrets Manager secret); copy it again from Account > Personal profile > API tokens if in doubt.',
    });
  }
}

/** The token, or a TokenFormatError saying what is wrong with it. */
export function checkToken(token: string): string {
  if (typeof token !== 'string' || token.trim() === '') throw new TokenFormatError('is empty');
  if (/[\r\n]/.test(token)) throw new TokenFormatError('contains a line break');
  if (!/^[\x21-\x7e]+$/.test(token)) throw new TokenFormatError('contains spaces, control or non-ASCII characters, which cannot go in an HTTP header');
  return token;
}

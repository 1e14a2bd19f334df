/**
 * Removes a secret (the Fastly API token) from text before it can reach a message, a log or a
 * report. Used defensively on every string an error carries: got's own messages, and whatever a
 * server put in an error body (a misbehaving proxy may echo request headers back, in any encoding).
 */
export const REDACTED = '[REDACTED]';

export type Redactor = (text: string) => string;

/** Hex digit of either case: percent- and \u-escapes are case-insensitive. */
function hexDigit(digit: string): string {
  const upper = digit.toUpperCase();
  const lower = digit.toLowerCase();
  return upper === lower ? digit : `[${upper}${lower}]`;
}

function hex(value: number, width: number): string {
  return [...value.toString(16).padStart(width, '0')].map(hexDigit).join('');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Every way one character of the secret can come back in a body: as itself, percent-encoded
 * (each UTF-8 byte, upper- or lower-case hex, as URLs and form bodies write it), `+` for a space
 * (form encoding), and JSON's `\uXXXX` and `\/` escapes.
 */
function characterForms(char: string): string {
  const codePoint = char.codePointAt(0) ?? 0;
  const percent = [...Buffer.from(char, 'utf8')].map((byte) => `%${hex(byte, 2)}`).join('');
  const forms = [escapeRegExp(char), percent];
  if (char === ' ') forms.push('\\+');
  if (char === '/') forms.push('\\\\/');
  // JSON escapes a code point outside the BMP as a surrogate pair.
  const units = char.length === 1 ? [codePoint] : [char.charCodeAt(0), char.charCodeAt(1)];
  forms.push(units.map((unit) => `\\\\u${hex(unit, 4)}`).join(''));
  return `(?:${forms.join('|')})`;
}

/** A pattern matching the secret in any of its encodings, character by character. */
function secretPattern(secret: string): RegExp {
  return new RegExp([...secret].map(characterForms).join(''), 'g');
}

export function redactSecret(text: string, secret: string): string {
  return secret === '' ? text : text.replace(secretPattern(secret), REDACTED);
}

/** The pattern is built when first needed: most clients never see an error, and a fleet makes a thousand of them. */
export function createRedactor(secret: string): Redactor {
  if (secret === '') return (text) => text;
  let pattern: RegExp | undefined;
  return (text) => text.replace((pattern ??= secretPattern(secret)), REDACTED);
}

/** Fastly tokens are 32 characters; removing a shorter value (a test's "x") would mangle the text. */
export const MIN_REDACTABLE_LENGTH = 8;

/**
 * For a whole output (the command line's second line of defence over what it prints and writes):
 * removes the token, or nothing when there is none or it is too short to tell from ordinary text.
 */
export function createOutputRedactor(token: string | undefined): Redactor {
  return token !== undefined && token.length >= MIN_REDACTABLE_LENGTH ? createRedactor(token) : (text) => text;
}

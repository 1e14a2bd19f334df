/**
 * The command line's environment variables: a blank value counts as unset (a CI template that
 * expands an empty secret), and a token is checked where it is read, so that its error names the
 * variable that holds it.
 */
import { checkToken } from '../../lambda/fastly/token.js';

/** The variable's value, trimmed; undefined when it is unset or blank. */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The Fastly API token the variable holds (undefined when unset or blank); an Error naming the variable when it cannot be sent. */
export function envToken(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = envValue(env, name);
  if (value === undefined) return undefined;
  try {
    return checkToken(value);
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

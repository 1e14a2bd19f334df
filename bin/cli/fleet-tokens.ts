/**
 * Where the command line's fleet gets each account's token: FASTLY_API_TOKEN_<NAME> (the name
 * upper-cased, `-` as `_`) when it is set, else the account's tokenSecretName from Secrets
 * Manager, read when the account's turn comes (the AWS SDK is loaded only then). Every token met
 * joins the redactor the whole output passes through.
 */
import { createOutputRedactor, type Redactor } from '../../lambda/fastly/redact.js';
import { envToken } from './environment.js';

export function tokenVariable(account: string): string {
  return `FASTLY_API_TOKEN_${account.toUpperCase().replace(/-/g, '_')}`;
}

export interface FleetTokens {
  /** The account's token: from the environment, or its secret. */
  tokenOf(account: { name: string; tokenSecretName: string }): Promise<string>;
  /** Removes every token met so far. */
  redact: Redactor;
}

/**
 * Checks the tokens the environment gives before anything is sent (a bad one is an input error
 * naming its variable); the secrets are read later, one account at a time, and a secret that
 * cannot be read is that account's ERROR.
 */
export function fleetTokens(accounts: readonly { name: string }[], env: NodeJS.ProcessEnv, fixed: Record<string, string> = {}): FleetTokens {
  const known = new Map<string, string>(Object.entries(fixed));
  for (const { name } of accounts) {
    if (known.has(name)) continue;
    const token = envToken(env, tokenVariable(name));
    if (token !== undefined) known.set(name, token);
  }
  const redactors: Redactor[] = [];
  const remember = (token: string): string => {
    redactors.push(createOutputRedactor(token));
    return token;
  };
  for (const token of known.values()) remember(token);

  let readSecret: ((secretId: string) => Promise<string>) | undefined;
  const secretReader = async (): Promise<(secretId: string) => Promise<string>> => {
    if (!readSecret) {
      const [{ SecretsManagerClient }, { createTokenReaders }] = await Promise.all([import('@aws-sdk/client-secrets-manager'), import('../../lambda/aws/secrets.js')]);
      const readers = createTokenReaders(new SecretsManagerClient({}));
      readSecret = (secretId) => readers.read(secretId);
    }
    return readSecret;
  };

  return {
    async tokenOf(account) {
      const given = known.get(account.name);
      if (given !== undefined) return given;
      return remember(await (await secretReader())(account.tokenSecretName));
    },
    redact: (text) => redactors.reduce((redacted, redactor) => redactor(redacted), text),
  };
}

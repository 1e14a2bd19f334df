/**
 * Reads the Fastly API token from Secrets Manager, once per container. The SecretString is the
 * token itself, or JSON with a "token" key. Errors name the secret and say what to do; they never
 * carry the secret's value.
 */
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AuditorError } from '../errors.js';

/** A token-secret problem, with what the operator should do about it (the AWS error, if any, as `cause`). */
export class TokenSecretError extends AuditorError {
  override readonly name = 'TokenSecretError';

  constructor(
    message: string,
    readonly secretId: string,
    action: string,
    options?: { cause?: unknown },
  ) {
    super(message, { operation: 'read_token_secret', action, cause: options?.cause });
  }
}

/**
 * A reader that fetches the secret on first use and then returns the cached token for the
 * container's life. A failed read is not cached: the next invocation tries again.
 */
export function createTokenReader(client: SecretsManagerClient, secretId: string): (signal?: AbortSignal) => Promise<string> {
  let cached: Promise<string> | undefined;
  return (signal) => {
    cached ??= readToken(client, secretId, signal).catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}

/**
 * One cached reader per secret, for a container that runs several accounts (a fleet's): each
 * account's token is read once, and read again after `forget` (its token was rejected).
 */
export interface TokenReaders {
  read(secretId: string, signal?: AbortSignal): Promise<string>;
  forget(secretId: string): void;
}

export function createTokenReaders(client: SecretsManagerClient): TokenReaders {
  const readers = new Map<string, (signal?: AbortSignal) => Promise<string>>();
  return {
    read(secretId, signal) {
      let reader = readers.get(secretId);
      if (!reader) {
        reader = createTokenReader(client, secretId);
        readers.set(secretId, reader);
      }
      return reader(signal);
    },
    forget: (secretId) => void readers.delete(secretId),
  };
}

async function readToken(client: SecretsManagerClient, secretId: string, signal?: AbortSignal): Promise<string> {
  let secretString: string | undefined;
  try {
    ({ SecretString: secretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: signal }));
  } catch (error) {
    throw awsError(secretId, error);
  }
  const token = tokenFrom(secretId, secretString ?? '');
  if (token === '') throw noToken(secretId);
  // A token goes into an HTTP header: anything but visible ASCII is a paste mistake.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TokenSecretError(
      `secret ${secretId} does not hold a usable Fastly API token (it contains spaces or non-ASCII characters)`,
      secretId,
      putCommand(secretId),
    );
  }
  return token;
}

function tokenFrom(secretId: string, secretString: string): string {
  const trimmed = secretString.trim();
  if (!trimmed.startsWith('{')) return trimmed;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    throw new TokenSecretError(`secret ${secretId} looks like JSON but does not parse`, secretId, putCommand(secretId));
  }
  const token = (parsed as { token?: unknown }).token;
  return typeof token === 'string' ? token.trim() : '';
}

function noToken(secretId: string): TokenSecretError {
  const action = putCommand(secretId);
  return new TokenSecretError(`secret ${secretId} has no token; put it with: ${action}`, secretId, action);
}

function putCommand(secretId: string): string {
  return `aws secretsmanager put-secret-value --secret-id ${secretId} --secret-string <token>`;
}

const AWS_ACTIONS: Record<string, (secretId: string) => string> = {
  AccessDeniedException: () => "give the function's role secretsmanager:GetSecretValue on the secret (and kms:Decrypt on its key)",
  ResourceNotFoundException: (secretId) => `create the secret or fix its name: ${putCommand(secretId)}`,
  DecryptionFailure: () => "give the function's role kms:Decrypt on the secret's KMS key",
};

function awsError(secretId: string, error: unknown): TokenSecretError {
  const name = error instanceof Error ? error.name : 'Error';
  const detail = error instanceof Error ? error.message : String(error);
  const action = AWS_ACTIONS[name]?.(secretId) ?? 'check that the secret exists and the function may read it';
  return new TokenSecretError(`could not read secret ${secretId}: ${name}: ${detail}`, secretId, action, { cause: error });
}

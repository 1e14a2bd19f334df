import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { createTokenReader, TokenSecretError } from '../../../lambda/aws/secrets.js';

const SECRET_ID = 'fastly-compliance-auditor/token';
const TOKEN = 'fst_Abc123-secretTOKENvalue_x';
const secrets = mockClient(SecretsManagerClient);

function reader() {
  return createTokenReader(new SecretsManagerClient({ region: 'us-east-1' }), SECRET_ID);
}

async function failure(read: () => Promise<string>): Promise<Error> {
  try {
    await read();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the read to fail');
}

beforeEach(() => secrets.reset());

describe('createTokenReader', () => {
  it('reads a raw token from SecretString', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ID }).resolves({ SecretString: TOKEN });
    await expect(reader()()).resolves.toBe(TOKEN);
    expect(secrets).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: SECRET_ID });
  });

  it('reads the token key of a JSON secret', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ token: TOKEN, note: 'rotated 2026-01' }) });
    await expect(reader()()).resolves.toBe(TOKEN);
  });

  it('trims whitespace around the token, raw or in JSON', async () => {
    secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: `  ${TOKEN}\n` }).resolvesOnce({ SecretString: `\n{"token": " ${TOKEN} "}` });
    await expect(reader()()).resolves.toBe(TOKEN);
    await expect(reader()()).resolves.toBe(TOKEN);
  });

  it('caches the token: two reads, one call', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });
    const read = reader();
    const [first, second] = await Promise.all([read(), read()]);
    await read();
    expect([first, second]).toEqual([TOKEN, TOKEN]);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
  });

  it('does not cache a failure: the next read tries again', async () => {
    secrets.on(GetSecretValueCommand).resolvesOnce({ SecretString: '' }).resolves({ SecretString: TOKEN });
    const read = reader();
    await expect(read()).rejects.toThrow(TokenSecretError);
    await expect(read()).resolves.toBe(TOKEN);
    expect(secrets).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });

  it.each([
    ['empty', { SecretString: '   ' }],
    ['binary only', { SecretBinary: new Uint8Array([1, 2, 3]) }],
    ['JSON without a token key', { SecretString: JSON.stringify({ apiKey: TOKEN }) }],
    ['JSON with an empty token', { SecretString: JSON.stringify({ token: '' }) }],
  ])('says how to put the token when the secret is %s', async (_case, output) => {
    secrets.on(GetSecretValueCommand).resolves(output);
    const error = await failure(reader());
    expect(error).toBeInstanceOf(TokenSecretError);
    expect(error.message).toBe(
      `secret ${SECRET_ID} has no token; put it with: aws secretsmanager put-secret-value --secret-id ${SECRET_ID} --secret-string <token>`,
    );
    expect(error.message).not.toContain(TOKEN);
  });

  it('rejects malformed JSON without echoing it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: `{"token": "${TOKEN}"` });
    const error = await failure(reader());
    expect(error.message).toBe(`secret ${SECRET_ID} looks like JSON but does not parse`);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('rejects a token with spaces inside without echoing it', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: `${TOKEN} ${TOKEN}` });
    const error = await failure(reader());
    expect(error.message).toContain(`secret ${SECRET_ID} does not hold a usable Fastly API token`);
    expect(error.message).not.toContain(TOKEN);
  });

  it('names the secret and the cause on AccessDenied, with what to do', async () => {
    const denied = Object.assign(new Error(`User: arn:aws:sts::123456789012:assumed-role/auditor is not authorized to perform: secretsmanager:GetSecretValue`), {
      name: 'AccessDeniedException',
    });
    secrets.on(GetSecretValueCommand).rejects(denied);
    const error = (await failure(reader())) as TokenSecretError;
    expect(error.message).toContain(`could not read secret ${SECRET_ID}: AccessDeniedException: User: arn:aws:sts::`);
    expect(error.secretId).toBe(SECRET_ID);
    expect(error.action).toContain('secretsmanager:GetSecretValue');
    expect(error.cause).toBe(denied);
  });

  it('says how to create the secret on ResourceNotFound', async () => {
    secrets.on(GetSecretValueCommand).rejects(Object.assign(new Error("Secrets Manager can't find the specified secret."), { name: 'ResourceNotFoundException' }));
    const error = (await failure(reader())) as TokenSecretError;
    expect(error.message).toBe(`could not read secret ${SECRET_ID}: ResourceNotFoundException: Secrets Manager can't find the specified secret.`);
    expect(error.action).toBe(
      `create the secret or fix its name: aws secretsmanager put-secret-value --secret-id ${SECRET_ID} --secret-string <token>`,
    );
  });
});

/**
 * The accounts file: the strict schema (paths and "did you mean" like the policy's), the example
 * in the repository, and the loader that resolves each account's policy, remediation and notify
 * mode, with the problems of every policy it names reported under the key that named it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAccountsFile, type AccountFallbacks } from '../../../lambda/fleet/accounts-load.js';
import { AccountsValidationError, MAX_FLEET_ACCOUNTS, parseAccountsFile } from '../../../lambda/fleet/accounts-schema.js';
import { loadPolicyFile } from '../../../lambda/policy/load.js';
import { REPO_ROOT } from '../../helpers/cdk.js';

const dir = mkdtempSync(join(tmpdir(), 'accounts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

const FALLBACKS: AccountFallbacks = { policy: { policy: { version: 1 }, origin: 'the stack policy' }, remediation: 'plan', notify: 'always' };

function problems(input: unknown): string[] {
  const result = parseAccountsFile(input);
  if (result.ok) throw new Error('expected the accounts file to be invalid');
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

function loadError(path: string): AccountsValidationError {
  try {
    loadAccountsFile(path, FALLBACKS);
  } catch (error) {
    if (error instanceof AccountsValidationError) return error;
    throw error;
  }
  throw new Error('expected loadAccountsFile to throw');
}

const account = (name: string, extra: Record<string, unknown> = {}) => ({ name, tokenSecretName: `fastly/${name}`, ...extra });

describe('the accounts file schema', () => {
  it('accepts the example in the repository, every policy it names included', () => {
    const accounts = loadAccountsFile(join(REPO_ROOT, 'accounts.example.json'), FALLBACKS);

    expect(accounts.map(({ name, tokenSecretName, remediation, notify, policyOrigin }) => ({ name, tokenSecretName, remediation, notify, policyOrigin }))).toEqual([
      { name: 'prod', tokenSecretName: 'fastly-auditor/prod', remediation: 'plan', notify: 'change', policyOrigin: 'policy.json' },
      { name: 'staging', tokenSecretName: 'fastly-auditor/staging', remediation: 'plan', notify: 'digest', policyOrigin: 'policies/staging.json' },
      { name: 'media-eu', tokenSecretName: 'fastly-auditor/media-eu', remediation: 'plan', notify: 'digest', policyOrigin: 'policy.json' },
    ]);
    expect(accounts[0]?.policy).toEqual(loadPolicyFile(join(REPO_ROOT, 'policy.json')));
    expect(accounts[1]?.policy).toEqual(loadPolicyFile(join(REPO_ROOT, 'policies/staging.json')));
  });

  it('names each unknown key with its path and the key it probably meant', () => {
    expect(problems({ version: 1, defaults: { polcyFile: 'p.json' }, accounts: [account('prod', { notfy: 'change' })] })).toEqual([
      'defaults.polcyFile: unknown key; did you mean "policyFile"?',
      'accounts[0].notfy: unknown key; did you mean "notify"?',
    ]);
  });

  it('says which values are allowed, with a suggestion for a misspelt one', () => {
    expect(problems({ version: 1, accounts: [account('prod', { notify: 'chnage', remediation: 'fix' })] })).toEqual([
      'accounts[0].remediation: expected one of "plan", "apply", got the string "fix"',
      'accounts[0].notify: expected one of "always", "change", "digest", got the string "chnage"; did you mean "change"?',
    ]);
  });

  it.each(['Prod', '-prod', 'prod_eu', 'prød', '', 'a'.repeat(64)])('refuses the name %j', (name) => {
    expect(problems({ version: 1, accounts: [account('ok'), { name, tokenSecretName: 'fastly/x' }] })).toEqual([
      expect.stringMatching(/^accounts\[1\]\.name: the string ".*" must be 1 to 63 lower-case letters, digits or hyphens, starting with a letter or a digit$/),
    ]);
  });

  it.each(['prod', '0', 'eu-west-2', 'a'.repeat(63)])('accepts the name %j', (name) => {
    expect(parseAccountsFile({ version: 1, accounts: [{ name, tokenSecretName: 'fastly/x' }] }).ok).toBe(true);
  });

  it('refuses a repeated name and a token secret two accounts share, pointing at the first', () => {
    expect(problems({ version: 1, accounts: [account('prod'), account('staging'), account('prod', { tokenSecretName: 'fastly/staging' })] })).toEqual([
      'accounts[2].name: repeats accounts[0].name "prod"',
      'accounts[2].tokenSecretName: repeats accounts[1].tokenSecretName "fastly/staging"',
    ]);
  });

  it('refuses a secret name Secrets Manager would not take, a missing one, and "version": "1"', () => {
    expect(problems({ version: '1', accounts: [{ name: 'prod', tokenSecretName: 'fastly token' }, { name: 'staging' }] })).toEqual([
      'version: expected number 1, got the string "1": write it without quotes',
      'accounts[0].tokenSecretName: the string "fastly token" must be a Secrets Manager secret name (1 to 512 of A-Z a-z 0-9 / _ + = . @ -)',
      'accounts[1].tokenSecretName: is required',
    ]);
  });

  it(`needs 1 to ${MAX_FLEET_ACCOUNTS} accounts`, () => {
    expect(problems({ version: 1, accounts: [] })).toEqual(['accounts: must list at least 1 item(s)']);
    const many = Array.from({ length: MAX_FLEET_ACCOUNTS + 1 }, (_, index) => account(`a${index}`));
    expect(problems({ version: 1, accounts: many })).toEqual([`accounts: must list at most ${MAX_FLEET_ACCOUNTS} item(s)`]);
  });
});

describe('loadAccountsFile', () => {
  it('resolves policies relative to the accounts file, the defaults, then the fallbacks', () => {
    write('fleet-a/policies/strict.json', { version: 1, rules: { 'user.superuser-count': { max: 1 } } });
    write('fleet-a/base.json', { version: 1, rules: { 'user.inactive': { maxInactiveDays: 30 } } });
    const path = write('fleet-a/accounts.json', {
      version: 1,
      defaults: { policyFile: 'base.json', notify: 'change' },
      accounts: [account('a', { policyFile: 'policies/strict.json', remediation: 'apply' }), account('b', { notify: 'digest' })],
    });
    const noDefaults = write('fleet-a/bare.json', { version: 1, accounts: [account('c')] });

    const [a, b] = loadAccountsFile(path, FALLBACKS);
    const [c] = loadAccountsFile(noDefaults, { ...FALLBACKS, remediation: 'apply', notify: 'change' });

    expect(a).toMatchObject({ policy: { rules: { 'user.superuser-count': { max: 1 } } }, policyOrigin: 'policies/strict.json', remediation: 'apply', notify: 'change' });
    expect(b).toMatchObject({ policy: { rules: { 'user.inactive': { maxInactiveDays: 30 } } }, policyOrigin: 'base.json', remediation: 'plan', notify: 'digest' });
    expect(c).toEqual({ name: 'c', tokenSecretName: 'fastly/c', policy: { version: 1 }, policyOrigin: 'the stack policy', remediation: 'apply', notify: 'change' });
  });

  it("reports every policy's problems under the key that named it, each policy once", () => {
    write('fleet-b/bad.json', { version: 1, rules: { 'account.force-3fa': {} } });
    const path = write('fleet-b/accounts.json', {
      version: 1,
      defaults: { policyFile: 'bad.json' },
      accounts: [account('a'), account('b'), account('c', { policyFile: 'missing.json' })],
    });

    const error = loadError(path);

    expect(error.message.split('\n')).toEqual([
      `${path}: defaults.policyFile: bad.json: rules["account.force-3fa"]: unknown rule id; did you mean "account.force-2fa"?`,
      `${path}: accounts[2].policyFile: missing.json: cannot read the policy file (ENOENT)`,
    ]);
    expect(error).toMatchObject({ operation: 'load_accounts', action: expect.stringContaining('validate accounts.json') });
  });

  it('says where the JSON breaks, and names a file it cannot read', () => {
    const broken = write('broken.json', '{\n  "version": 1,\n  accounts: []\n}');

    expect(loadError(broken).message).toBe(`${broken}: line 3, column 3: invalid JSON: Expected double-quoted property name`);
    expect(loadError(join(dir, 'nope.json')).message).toBe(`${join(dir, 'nope.json')}: cannot read the accounts file (ENOENT)`);
  });
});

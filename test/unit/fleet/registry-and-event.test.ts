/**
 * What the bundle knows of a fleet (the baked accounts, each policy once, checked again when
 * read) and what an invocation asks for (lambda/fleet/event.ts).
 */
import { parseEvent } from '../../../lambda/fleet/event.js';
import { bakeFleet, BundledFleetError, parseBakedFleet, UnknownAccountError, type RegisteredAccount } from '../../../lambda/fleet/registry.js';

const STRICT = { version: 1 as const, rules: { 'user.superuser-count': { max: 1 } } };
const ACCOUNTS: RegisteredAccount[] = [
  { name: 'prod', tokenSecretName: 'fastly/prod', policy: STRICT, remediation: 'apply', notify: 'change' },
  { name: 'staging', tokenSecretName: 'fastly/staging', policy: { version: 1 }, remediation: 'plan', notify: 'digest' },
  { name: 'media', tokenSecretName: 'fastly/media', policy: { ...STRICT }, remediation: 'plan', notify: 'always' },
];

describe('the baked fleet', () => {
  it('stores each distinct policy once and gives every account back as it was', () => {
    const text = bakeFleet(ACCOUNTS);

    expect((JSON.parse(text) as { policies: unknown[] }).policies).toHaveLength(2);
    expect(parseBakedFleet(text).accounts).toEqual(ACCOUNTS);
  });

  it('finds an account by name, and names an unknown one with a suggestion', () => {
    const fleet = parseBakedFleet(bakeFleet(ACCOUNTS));

    expect(fleet.account('staging').tokenSecretName).toBe('fastly/staging');
    expect(() => fleet.account('stagng')).toThrow(UnknownAccountError);
    expect(() => fleet.account('stagng')).toThrow('no account named "stagng" in this deployment; did you mean "staging"? (accounts: prod, staging, media)');
  });

  it('lists ten names and counts the rest when it cannot suggest one', () => {
    const many = parseBakedFleet(bakeFleet(Array.from({ length: 14 }, (_, index) => ({ ...ACCOUNTS[1]!, name: `a${index}`, tokenSecretName: `s${index}` }))));

    expect(() => many.account('zzzzzz')).toThrow(/\(accounts: a0, a1, a2, a3, a4, a5, a6, a7, a8, a9 and 4 more\)$/);
  });

  it.each([
    ['not JSON', '{', /not valid JSON/],
    ['the wrong shape', JSON.stringify({ version: 1, policies: [], accounts: [{ name: 'Prod' }] }), /not in the expected shape/],
    ['an invalid policy', JSON.stringify({ version: 1, policies: [{ version: 2 }], accounts: [] }), /baked-in policy 0 is invalid/],
    ['a missing policy', JSON.stringify({ version: 1, policies: [], accounts: [{ name: 'a', tokenSecretName: 's', policy: 0, remediation: 'plan', notify: 'always' }] }), /names policy 0, which is not there/],
  ])('refuses %s', (_case, text, message) => {
    expect(() => parseBakedFleet(text)).toThrow(BundledFleetError);
    expect(() => parseBakedFleet(text)).toThrow(message);
  });
});

describe('parseEvent', () => {
  it.each([
    ['a Scheduler event', { source: 'aws.scheduler', detail: {} }],
    ['an empty object', {}],
    ['no event', null],
    ['a string', 'go'],
  ])('reads %s as the single account run', (_case, event) => {
    expect(parseEvent(event)).toEqual({ kind: 'scheduled' });
  });

  it('reads an account event, with or without its fleet run', () => {
    expect(parseEvent({ account: 'prod' })).toEqual({ kind: 'account', account: 'prod' });
    expect(parseEvent({ account: 'prod', fleetRunId: 'a1b2-c3_d4.e5' })).toEqual({ kind: 'account', account: 'prod', fleetRunId: 'a1b2-c3_d4.e5' });
  });

  it("reads a digest event, keeping only the Map's caught failures", () => {
    const event = { mode: 'digest', fleetRunId: 'exec-1', startedAt: '2026-03-14T03:00:00.123Z', caught: [{}, { account: 'broken', error: 'States.Timeout' }, {}] };

    expect(parseEvent(event)).toEqual({ kind: 'digest', fleetRunId: 'exec-1', startedAt: '2026-03-14T03:00:00.123Z', caught: [{ account: 'broken', error: 'States.Timeout' }] });
  });

  it('keeps the start of a digest as the ISO time it parses to, not the text around it', () => {
    const event = { mode: 'digest', fleetRunId: 'exec-1', startedAt: '2026-03-14 (\n# FORGED \u001b[2J)', caught: [] };

    expect(parseEvent(event)).toMatchObject({ kind: 'digest', startedAt: new Date('2026-03-14').toISOString() });
  });

  it('reads a watch event', () => {
    expect(parseEvent({ mode: 'watch' })).toEqual({ kind: 'watch' });
  });

  it.each([
    ['an account that is not a string', { account: 7 }, /account must be an account's name/],
    ['a fleet run id with a slash', { account: 'prod', fleetRunId: '../etc' }, /fleetRunId must be 1 to 80/],
    ['a digest without its fleet run', { mode: 'digest' }, /fleetRunId must be/],
    ['caught that is not a list', { mode: 'digest', fleetRunId: 'x', caught: {} }, /caught must be the Map's result/],
    ['a caught entry without its error', { mode: 'digest', fleetRunId: 'x', caught: [{ account: 'a' }] }, /caught\[0\] must be/],
    ['an unknown mode', { mode: 'watcher' }, /mode must be "digest" or "watch"/],
    ['a watch of one account', { mode: 'watch', account: 'prod' }, /a watch covers every account/],
  ])('refuses %s, naming the field', (_case, event, message) => {
    expect(() => parseEvent(event)).toThrow(message);
  });
});

/**
 * What a run compares with, across runs of one deployment: the last complete report of the
 * customer (an ERROR run, partial or of an unknown customer, never becomes it), a recovery from
 * ERROR that always notifies, latest/ that an older overlapping run cannot take back, and the
 * archive's bound on findings, with a delta as exact as without it.
 */
import 'aws-sdk-client-mock-jest';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { Report } from '../../../lambda/report/model.js';
import { demoSeed, generateSeed } from '../../../simulator/index.js';
import { jsonPutKeys, published, storedReport } from '../../helpers/aws-fakes.js';
import { BUCKET, LATEST, TOKEN, useHandlerHarness } from '../../helpers/handler-harness.js';

const harness = useHandlerHarness();
const { secrets, s3, newHandler, invoke } = harness;
const LAST_RUN = `${BUCKET}/latest/runs/last.json`;

function failingIds(report: Report): string[] {
  return report.findings.filter((finding) => finding.status === 'FAIL' || finding.status === 'ERROR').map((finding) => finding.id);
}

describe('NOTIFY=change after an ERROR run', () => {
  it('a partial run (403 on the users) is not the next run\'s base: the recovery notifies as RESOLVED, with no old finding coming back as new', async () => {
    await invoke(newHandler({ NOTIFY: 'change' }), 'run-1');
    const complete = storedReport(harness.bucket, LATEST);
    harness.simulator.setFault('list_users', { status: 403, times: 1 });
    const partial = await invoke(newHandler({ NOTIFY: 'change' }), 'run-2');

    const recovered = await invoke(newHandler({ NOTIFY: 'change' }), 'run-3');

    expect(partial.error?.message).toContain('403');
    expect(recovered.result).toMatchObject({ status: 'FAIL', notified: true });
    // The partial run's unchecked rules are new failures against the complete run; it stays out of latest/.
    expect(published(harness.sns).map((notification) => notification.attributes.change)).toEqual(['FIRST_RUN', 'NEW', 'RESOLVED']);
    const latest = storedReport(harness.bucket, LATEST);
    expect(latest.runId).toBe('run-3');
    expect(latest.delta).toEqual({ new: [], resolved: [], unchanged: failingIds(complete), previousStatus: 'ERROR' });
  });

  it('an ERROR run of an unknown customer (401) clobbers nothing, and the next good run notifies its recovery', async () => {
    // A container per run: the token is read again each time.
    await invoke(newHandler({ NOTIFY: 'change' }), 'run-1');
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'fst_WRONG-token-0000' });
    const rejected = await invoke(newHandler({ NOTIFY: 'change' }), 'run-2');
    secrets.on(GetSecretValueCommand).resolves({ SecretString: TOKEN });

    const recovered = await invoke(newHandler({ NOTIFY: 'change' }), 'run-3');

    expect(rejected.error?.message).toContain('401');
    expect(harness.bucket.has(`${BUCKET}/latest/unknown.json`)).toBe(false);
    expect(recovered.result).toMatchObject({ notified: true });
    expect(published(harness.sns).map((notification) => [notification.attributes.status, notification.attributes.change])).toEqual([
      ['FAIL', 'FIRST_RUN'],
      ['ERROR', 'FIRST_RUN'],
      ['FAIL', 'RESOLVED'],
    ]);
    expect(storedReport(harness.bucket, LATEST).delta).toMatchObject({ new: [], resolved: [], previousStatus: 'ERROR' });
  });

  it('stays quiet on the night after the recovery', async () => {
    const handler = newHandler({ NOTIFY: 'change' });
    await invoke(handler, 'run-1');
    harness.simulator.setFault('get_logged_in_customer', { status: 503 });
    await invoke(handler, 'run-2');
    harness.simulator.clearFaults();
    await invoke(handler, 'run-3');

    const quiet = await invoke(handler, 'run-4');

    expect(quiet.result).toMatchObject({ notified: false });
    expect(published(harness.sns).map((notification) => notification.attributes.change)).toEqual(['FIRST_RUN', 'FIRST_RUN', 'RESOLVED']);
  });
});

describe('two overlapping runs (reserved concurrency off)', () => {
  it('leave latest/ with the run that started last, even when the earlier one finishes last', async () => {
    // The first run's users answer slowly: the second run, started after it, finishes first.
    harness.simulator.setFault('list_users', { latencyMs: 1_500, times: 1 });
    const earlier = invoke(newHandler(), 'run-earlier');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await invoke(newHandler(), 'run-later');
    expect(storedReport(harness.bucket, LATEST).runId).toBe('run-later');

    await earlier;

    expect(storedReport(harness.bucket, LATEST).runId).toBe('run-later');
    expect(JSON.parse(harness.bucket.get(LAST_RUN) ?? '{}')).toMatchObject({ runId: 'run-later' });
    expect(later.error).toBeUndefined();
    // The earlier run is archived all the same, under its own key.
    expect(jsonPutKeys(s3).filter((key) => key.startsWith('reports/')).map((key) => key.split('/').at(-1))).toEqual(['run-later.json', 'run-earlier.json']);
    // (Both invocations share this process's logger, so the line's runId is not the earlier run's here.)
    expect(harness.output.logs().map((line) => line.message)).toContain('a run that started later already wrote latest/: kept it');
  });
});

describe('a large account', () => {
  it('archives at most 1,000 findings per rule, counts the rest, and keeps the next delta exact', async () => {
    const seed = generateSeed({ users: 2_500, seed: 11 });
    // The token is the owner's, as on a real account: a superuser listed among the users, so the token reads are allowed.
    harness.simulator.updateState({
      customer: { ...demoSeed().customer, owner_id: seed.customer.owner_id },
      users: seed.users.map((user) => ({ ...user, two_factor_auth_enabled: false })),
    });
    const handler = newHandler({ NOTIFY: 'change' });
    await invoke(handler, 'run-1');
    const first = storedReport(harness.bucket, LATEST);
    const row = first.rules.find((rule) => rule.ruleId === 'user.2fa-enabled');
    const listed = first.findings.filter((finding) => finding.ruleId === 'user.2fa-enabled');
    expect(listed).toHaveLength(1_000);
    // Every user fails the rule (no exception mutes one): the ids of all those not listed are kept.
    expect(row?.failed).toBe(2_500);
    expect(row?.truncated).toBe(1_500);
    expect(new Set(row?.truncatedFailingIds).size).toBe(1_500);
    const listedIds = new Set(listed.map((finding) => finding.id));
    expect(row?.truncatedFailingIds?.filter((id) => listedIds.has(id))).toEqual([]);

    // A user past the first 1,000 turns 2FA on: resolved, and nothing of the 1,500 unlisted comes back as new.
    const shown = new Set(listed.map((finding) => finding.subject.id));
    const fixed = harness.simulator.users().find((user) => !shown.has(String(user.id)));
    harness.simulator.updateState({ users: harness.simulator.users().map((user) => (user.id === fixed?.id ? { ...user, two_factor_auth_enabled: true } : user)) });
    const second = await invoke(handler, 'run-2');

    const latest = storedReport(harness.bucket, LATEST);
    expect(second.result).toMatchObject({ notified: true });
    expect(latest.delta?.new).toEqual([]);
    expect(latest.delta?.resolved).toHaveLength(1);
    expect(published(harness.sns).map((notification) => notification.attributes.change)).toEqual(['FIRST_RUN', 'RESOLVED']);
  });
});

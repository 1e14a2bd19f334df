import { AWS_STEP_LIMITS_MS, fastlyWorstCaseMs, minimumRunMs, planRun, SAFETY_MARGIN_MS } from '../../../lambda/run/budget.js';

describe('the worst case of a run', () => {
  it('counts every Fastly read at 4 attempts of 10 s plus 30 s of waiting, and the write at one attempt', () => {
    // 4 reads x (4 x 10 s + 30 s) + 1 write x 10 s: the account; its users, tokens and invitations; the audit log; the verification.
    expect(fastlyWorstCaseMs()).toBe(290_000);
    expect(fastlyWorstCaseMs({ timeoutMs: 5_000, retry: { limit: 1, maxTotalWaitMs: 1_000 } }, { reads: 2, writes: 0 })).toBe(22_000);
  });

  it('adds the AWS steps and the margin: what the function timeout must allow', () => {
    expect(minimumRunMs()).toBe(290_000 + 10_000 + 10_000 + 20_000 + 10_000 + SAFETY_MARGIN_MS);
  });

  it('adds the Security Hub import only when it is on, and still fits the default 6 minutes', () => {
    expect(minimumRunMs({ securityHub: false })).toBe(minimumRunMs());
    expect(minimumRunMs({ securityHub: true })).toBe(minimumRunMs() + AWS_STEP_LIMITS_MS.securityHub);
    expect(minimumRunMs({ securityHub: true })).toBeLessThanOrEqual(360_000);
  });
});

describe('planRun', () => {
  it('keeps the notification, archive and previous-report slots at the end of a run of the default 6 minutes', () => {
    const plan = planRun(0, 360_000);
    expect(plan).toEqual({
      end: 360_000 - SAFETY_MARGIN_MS,
      workEnd: 360_000 - SAFETY_MARGIN_MS - AWS_STEP_LIMITS_MS.publish,
      // Security Hub off: its slot takes no time.
      securityHubEnd: 360_000 - SAFETY_MARGIN_MS - AWS_STEP_LIMITS_MS.publish - AWS_STEP_LIMITS_MS.archive,
      previousEnd: 360_000 - SAFETY_MARGIN_MS - AWS_STEP_LIMITS_MS.publish - AWS_STEP_LIMITS_MS.archive,
      fastlyEnd: 360_000 - SAFETY_MARGIN_MS - AWS_STEP_LIMITS_MS.publish - AWS_STEP_LIMITS_MS.archive - AWS_STEP_LIMITS_MS.readPrevious,
    });
    expect(plan.fastlyEnd).toBeGreaterThanOrEqual(fastlyWorstCaseMs() + AWS_STEP_LIMITS_MS.readToken);
  });

  it('keeps the Security Hub slot between the previous report and the archive when it is on', () => {
    const off = planRun(0, 360_000);
    const on = planRun(0, 360_000, { securityHub: true });

    expect(on.securityHubEnd).toBe(off.securityHubEnd);
    expect(on.securityHubEnd - on.previousEnd).toBe(AWS_STEP_LIMITS_MS.securityHub);
    expect(on.fastlyEnd).toBe(off.fastlyEnd - AWS_STEP_LIMITS_MS.securityHub);
    expect(on.fastlyEnd).toBeGreaterThanOrEqual(fastlyWorstCaseMs() + AWS_STEP_LIMITS_MS.readToken);
    const short = planRun(1_000, 8_000, { securityHub: true });
    expect(short.fastlyEnd).toBeLessThan(short.previousEnd);
    expect(short.previousEnd).toBeLessThan(short.securityHubEnd);
    expect(short.securityHubEnd).toBeLessThan(short.workEnd);
  });

  it('gives each slot a share of a short run, in order, all before Lambda\'s deadline', () => {
    const plan = planRun(1_000, 8_000);
    expect(plan.fastlyEnd).toBeGreaterThan(1_000);
    expect(plan.fastlyEnd).toBeLessThan(plan.previousEnd);
    expect(plan.previousEnd).toBeLessThan(plan.workEnd);
    expect(plan.workEnd).toBeLessThan(plan.end);
    expect(plan.end).toBe(9_000 - SAFETY_MARGIN_MS);
    // A quarter of the run for the notification.
    expect(plan.end - plan.workEnd).toBe(2_000);
  });
});

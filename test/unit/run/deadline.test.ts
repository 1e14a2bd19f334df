import { beforeDeadline, DeadlineError } from '../../../lambda/run/deadline.js';

const step = { what: 'reading the previous report', operation: 'read_previous_report' };

describe('beforeDeadline', () => {
  it('returns what the work returns when it ends in time', async () => {
    await expect(beforeDeadline(step, Date.now() + 1_000, async () => 'done')).resolves.toBe('done');
  });

  it('fails at the deadline with the step named, even when the work ignores its signal, and aborts the signal', async () => {
    let seen: AbortSignal | undefined;
    const started = Date.now();
    const error = await beforeDeadline(step, Date.now() + 100, (signal) => {
      seen = signal;
      return new Promise<never>(() => undefined);
    }).catch((caught: unknown) => caught);

    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({ operation: 'read_previous_report', message: expect.stringMatching(/^reading the previous report took longer than the \d+ ms it had$/) });
    expect(seen?.aborted).toBe(true);
  });

  it('stops at the step limit when it comes before the deadline', async () => {
    const error = await beforeDeadline(step, Date.now() + 60_000, () => new Promise<never>(() => undefined), 50).catch((caught: unknown) => caught);
    expect((error as Error).message).toBe('reading the previous report took longer than the 50 ms it had');
  });

  it('does not start the work when no time is left', async () => {
    let started = false;
    const work = async () => {
      started = true;
      return 'never';
    };
    await expect(beforeDeadline(step, Date.now() - 1, work)).rejects.toThrow('reading the previous report was not started: no time was left for it');
    expect(started).toBe(false);
  });

  it('passes the work\'s own failure through', async () => {
    await expect(beforeDeadline(step, Date.now() + 1_000, async () => Promise.reject(new Error('NoSuchBucket')))).rejects.toThrow('NoSuchBucket');
  });
});

/**
 * A step of a run that must end by a point in time: the work gets an AbortSignal (the AWS SDK
 * aborts its request on it), and the step fails with a DeadlineError at that time whether or not
 * the work heeds the signal, so a hung endpoint can never take the time kept to notify.
 */
import { AuditorError } from '../errors.js';

export class DeadlineError extends AuditorError {
  override readonly name = 'DeadlineError';
}

export interface Step {
  /** What the step does, for messages: "reading the previous report". */
  readonly what: string;
  /** The step's operation name, e.g. read_previous_report. */
  readonly operation: string;
}

/** Runs `work` until `endMs` (epoch ms), or at most `limitMs` from now. */
export async function beforeDeadline<T>(
  step: Step,
  endMs: number,
  work: (signal: AbortSignal) => Promise<T>,
  limitMs = Number.POSITIVE_INFINITY,
): Promise<T> {
  const allowedMs = Math.floor(Math.min(endMs - Date.now(), limitMs));
  const outOfTime = () =>
    new DeadlineError(
      allowedMs > 0 ? `${step.what} took longer than the ${allowedMs} ms it had` : `${step.what} was not started: no time was left for it`,
      { operation: step.operation, action: 'The run kept its remaining time to notify; the next run tries again. If it persists, check that the AWS service answers from the function (VPC endpoints, NAT).' },
    );
  if (allowedMs <= 0) throw outOfTime();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = outOfTime();
      controller.abort(error);
      reject(error);
    }, allowedMs);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timer);
  }
}

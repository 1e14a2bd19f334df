/**
 * Imports a run's findings into Security Hub with BatchImportFindings: at most 100 findings per
 * call, a few calls at a time (Security Hub takes 10 calls a second per account and Region, in
 * bursts of 30; the SDK retries a throttled call). A call can succeed and still refuse some of
 * its findings (`FailedFindings`, each with an error code): those are sent once more, and what
 * is refused again is returned, by id and error, for the run's errors. A call that fails as a
 * whole (access denied, Security Hub not enabled, a timeout) ends the import with an error that
 * says how far it got.
 */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { AuditorError } from '../errors.js';
import { MAX_FINDINGS_PER_IMPORT } from '../securityhub/fields.js';
import type { SecurityHubTarget } from '../securityhub/target.js';
import { awsClientConfig } from './clients.js';
import { describeS3Error as describeAwsError } from './s3-objects.js';

export const IMPORT_FINDINGS = 'import_security_hub_findings';

/** Calls in flight at once: a burst Security Hub allows, and room for the SDK's retries of a throttled one. */
const CONCURRENT_CALLS = 3;

/** Failed findings named in a message before "and N more". */
const MAX_NAMED_FAILURES = 10;

/** A finding Security Hub refused, as it said. */
export interface RefusedFinding {
  id: string;
  code: string;
  message: string;
}

export interface ImportOutcome {
  sent: number;
  imported: number;
  /** Refused twice. */
  refused: RefusedFinding[];
}

/** What to do about a refusal, by Security Hub's error code or the SDK's error name. */
export function importAction(code: string, target: Pick<SecurityHubTarget, 'accountId' | 'region' | 'productArn'>): string {
  if (/^InvalidAccess/.test(code)) {
    return `Enable Security Hub CSPM in ${target.region} for account ${target.accountId} (the Region the stack is deployed to), or deploy with -c securityHub=false.`;
  }
  if (code === 'AccessDeniedException' || code === 'AccessDenied') {
    return `The function's role may call securityhub:BatchImportFindings on ${target.productArn}: deploy the stack with securityHub on (it grants that), and check that no SCP or permissions boundary denies it.`;
  }
  return 'The next run imports these findings again; if Security Hub keeps refusing them, report it with the error above.';
}

/** The import, or the part of it a step could not finish: how far it got, and why it stopped. */
export class SecurityHubImportError extends AuditorError {
  override readonly name = 'SecurityHubImportError';
  constructor(message: string, action: string, cause?: unknown) {
    super(message, { operation: IMPORT_FINDINGS, action, ...(cause === undefined ? {} : { cause }) });
  }
}

/** One client per container and Region, made by the first run that imports (with the timeouts of every AWS client). */
let client: { region: string; client: SecurityHubClient } | undefined;

export function securityHubClient(region: string): SecurityHubClient {
  if (client?.region !== region) client = { region, client: new SecurityHubClient({ ...awsClientConfig(), region }) };
  return client.client;
}

export function inBatches<T>(items: readonly T[], size = MAX_FINDINGS_PER_IMPORT): T[][] {
  const batches: T[][] = [];
  for (let start = 0; start < items.length; start += size) batches.push(items.slice(start, start + size));
  return batches;
}

/** Sends every batch, a few at a time; the findings refused, in the order sent. A call that fails stops the rest. */
async function sendAll(
  client: SecurityHubClient,
  findings: readonly AwsSecurityFinding[],
  signal: AbortSignal,
  progress: { imported: number },
): Promise<RefusedFinding[]> {
  const batches = inBatches(findings);
  const refused: RefusedFinding[][] = batches.map(() => []);
  let next = 0;
  let stopped = false;
  const worker = async () => {
    while (!stopped && next < batches.length) {
      const index = next++;
      const batch = batches[index] as AwsSecurityFinding[];
      try {
        const output = await client.send(new BatchImportFindingsCommand({ Findings: batch }), { abortSignal: signal });
        const failed = (output.FailedFindings ?? []).map((failure) => ({
          id: failure.Id ?? '(no id)',
          code: failure.ErrorCode ?? 'UnknownError',
          message: failure.ErrorMessage ?? '',
        }));
        refused[index] = failed;
        progress.imported += batch.length - failed.length;
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CALLS, batches.length) }, worker));
  return refused.flat();
}

function describeRefused(refused: readonly RefusedFinding[]): string {
  const named = refused.slice(0, MAX_NAMED_FAILURES).map((failure) => `${failure.id} (${failure.code}${failure.message ? `: ${failure.message}` : ''})`);
  const more = refused.length - named.length;
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/**
 * Imports the findings; the ones Security Hub refused are sent once more. Resolves with what
 * was refused twice; throws a SecurityHubImportError when a call fails as a whole.
 */
export async function importFindings(
  client: SecurityHubClient,
  target: SecurityHubTarget,
  findings: readonly AwsSecurityFinding[],
  signal: AbortSignal,
  /** Counts the findings imported so far, for a caller whose deadline ends the import. */
  progress: { imported: number } = { imported: 0 },
): Promise<ImportOutcome> {
  try {
    const refused = await sendAll(client, findings, signal, progress);
    const byId = new Map(findings.map((finding) => [finding.Id, finding]));
    const again = refused.flatMap((failure) => byId.get(failure.id) ?? []);
    // A refused id that was not sent cannot be sent again: it stays refused.
    const unknown = refused.filter((failure) => !byId.has(failure.id));
    const stillRefused = again.length > 0 ? await sendAll(client, again, signal, progress) : [];
    return { sent: findings.length, imported: progress.imported, refused: [...stillRefused, ...unknown] };
  } catch (error) {
    const code = error instanceof Error ? error.name : 'Error';
    throw new SecurityHubImportError(
      `Security Hub import into ${target.productArn} failed after ${progress.imported} of ${findings.length} findings: ${describeAwsError(error)}`,
      importAction(code, target),
      error,
    );
  }
}

/** The error of an import that Security Hub partly refused: every refused finding named (the first ten), with what to do. */
export function partialImportError(outcome: ImportOutcome, target: SecurityHubTarget): SecurityHubImportError {
  const codes = [...new Set(outcome.refused.map((failure) => failure.code))];
  return new SecurityHubImportError(
    `Security Hub import partly failed: ${outcome.refused.length} of ${outcome.sent} findings were refused twice: ${describeRefused(outcome.refused)}`,
    codes.map((code) => importAction(code, target)).filter((action, index, all) => all.indexOf(action) === index).join(' '),
  );
}

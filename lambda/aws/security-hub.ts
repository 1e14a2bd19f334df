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

/** A call's findings and what Security Hub said of them. */
interface SentBatch {
  refused: RefusedFinding[];
  /** The refused findings that were sent (to send once more). */
  again: AwsSecurityFinding[];
}

/**
 * Sends the findings in batches of at most 100, a few calls at a time, taking each batch from
 * `records` only when a call is free: a run of 100,000 findings never holds them all. Returns
 * the refusals in the order the batches were taken; a call that fails stops the rest.
 */
async function sendAll(client: SecurityHubClient, records: Iterable<AwsSecurityFinding>, signal: AbortSignal, progress: { imported: number }): Promise<SentBatch> {
  const source = records[Symbol.iterator]();
  const results: SentBatch[] = [];
  let stopped = false;
  const nextBatch = (): AwsSecurityFinding[] => {
    const batch: AwsSecurityFinding[] = [];
    while (batch.length < MAX_FINDINGS_PER_IMPORT) {
      const next = source.next();
      if (next.done) break;
      batch.push(next.value);
    }
    return batch;
  };
  const worker = async () => {
    for (let batch = nextBatch(); !stopped && batch.length > 0; batch = nextBatch()) {
      const result: SentBatch = { refused: [], again: [] };
      results.push(result);
      try {
        const output = await client.send(new BatchImportFindingsCommand({ Findings: batch }), { abortSignal: signal });
        const byId = new Map(batch.map((finding) => [finding.Id, finding]));
        for (const failure of output.FailedFindings ?? []) {
          result.refused.push({ id: failure.Id ?? '(no id)', code: failure.ErrorCode ?? 'UnknownError', message: failure.ErrorMessage ?? '' });
          const finding = byId.get(failure.Id);
          if (finding) result.again.push(finding);
        }
        progress.imported += batch.length - result.refused.length;
      } catch (error) {
        stopped = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_CALLS }, worker));
  return { refused: results.flatMap((result) => result.refused), again: results.flatMap((result) => result.again) };
}

function describeRefused(refused: readonly RefusedFinding[]): string {
  const named = refused.slice(0, MAX_NAMED_FAILURES).map((failure) => `${failure.id} (${failure.code}${failure.message ? `: ${failure.message}` : ''})`);
  const more = refused.length - named.length;
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/**
 * Imports `total` findings; the ones Security Hub refused are sent once more. Resolves with what
 * was refused twice; throws a SecurityHubImportError when a call fails as a whole.
 */
export async function importFindings(
  client: SecurityHubClient,
  target: SecurityHubTarget,
  findings: { total: number; records: Iterable<AwsSecurityFinding> },
  signal: AbortSignal,
  /** Counts the findings imported so far, for a caller whose deadline ends the import. */
  progress: { imported: number } = { imported: 0 },
): Promise<ImportOutcome> {
  try {
    const first = await sendAll(client, findings.records, signal, progress);
    // A refused id that was not sent cannot be sent again: it stays refused.
    const sentAgain = new Set(first.again.map((finding) => finding.Id));
    const unknown = first.refused.filter((failure) => !sentAgain.has(failure.id));
    const second = first.again.length > 0 ? await sendAll(client, first.again, signal, progress) : { refused: [] };
    return { sent: findings.total, imported: progress.imported, refused: [...second.refused, ...unknown] };
  } catch (error) {
    const code = error instanceof Error ? error.name : 'Error';
    throw new SecurityHubImportError(
      `Security Hub import into ${target.productArn} failed after ${progress.imported} of ${findings.total} findings: ${describeAwsError(error)}`,
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

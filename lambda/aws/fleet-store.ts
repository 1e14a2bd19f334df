/**
 * The fleet's S3 objects, beside the reports in the report bucket:
 * - fleet-runs/<fleetRunId>/<account>.json: what each account's run left for the digest (its
 *   outcome, a few hundred bytes), one prefix per state machine execution. The state machine
 *   carries none of it: 1,000 outcomes would not fit its 256 KiB state.
 * - digests/<yyyy>/<mm>/<dd>/<runId>.json: every fleet run's digest (UTC date it started).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AuditorError } from '../errors.js';
import { renderDigestJson, type FleetDigest } from '../fleet/digest.js';
import { parseOutcome, type AccountOutcome } from '../fleet/outcome.js';
import { datedKey, keySegment } from './archive.js';
import { describeS3Error, putObject, readObject } from './s3-objects.js';

export const FLEET_PREFIXES = { runs: 'fleet-runs/', digests: 'digests/' } as const;

/** An outcome is a few hundred bytes; anything much larger was not written by an account run. */
const MAX_OUTCOME_BYTES = 64 * 1024;

export function outcomeKey(fleetRunId: string, account: string): string {
  return `${FLEET_PREFIXES.runs}${keySegment(fleetRunId)}/${keySegment(account)}.json`;
}

export function digestKey(digest: Pick<FleetDigest, 'runId' | 'startedAt'>): string {
  return `${FLEET_PREFIXES.digests}${datedKey(digest.startedAt, digest.runId, `digest ${digest.runId}`)}`;
}

export class FleetStoreError extends AuditorError {
  override readonly name = 'FleetStoreError';
  constructor(message: string, operation: string) {
    super(message, {
      operation,
      action: "Check that the report bucket (REPORT_BUCKET) exists and that the function's role may read and write fleet-runs/ and write digests/ in it.",
    });
  }
}

/** Stores an account's outcome for its fleet run's digest. */
export async function writeOutcome(s3: S3Client, bucket: string, fleetRunId: string, outcome: AccountOutcome, startedAt: string, signal: AbortSignal): Promise<string> {
  const key = outcomeKey(fleetRunId, outcome.account);
  try {
    await putObject(s3, bucket, key, { body: `${JSON.stringify(outcome)}\n`, contentType: 'application/json', startedAt }, signal);
  } catch (error) {
    throw new FleetStoreError(`The account's outcome could not be stored at s3://${bucket}/${key}: ${describeS3Error(error)}`, 'store_outcome');
  }
  return `s3://${bucket}/${key}`;
}

/** An account's outcome in its fleet run, or undefined when the account left none. */
export async function readOutcome(s3: S3Client, bucket: string, fleetRunId: string, account: string, signal: AbortSignal): Promise<AccountOutcome | undefined> {
  const key = outcomeKey(fleetRunId, account);
  const where = `s3://${bucket}/${key}`;
  let read;
  try {
    read = await readObject(s3, bucket, key, signal, MAX_OUTCOME_BYTES);
  } catch (error) {
    throw new FleetStoreError(`The outcome at ${where} could not be read: ${describeS3Error(error)}`, 'read_outcome');
  }
  if ('missing' in read) return undefined;
  if ('tooLargeBytes' in read) throw new FleetStoreError(`The outcome at ${where} is ${read.tooLargeBytes} bytes: not one an account run wrote`, 'read_outcome');
  const outcome = parseOutcome(read.text, where);
  if (outcome.account !== account) throw new FleetStoreError(`The outcome at ${where} is account ${outcome.account}'s`, 'read_outcome');
  return outcome;
}

/** Archives the digest; returns its location. */
export async function archiveDigest(s3: S3Client, bucket: string, digest: FleetDigest, signal: AbortSignal): Promise<string> {
  const key = digestKey(digest);
  try {
    await putObject(s3, bucket, key, { body: renderDigestJson(digest), contentType: 'application/json', startedAt: digest.startedAt }, signal);
  } catch (error) {
    throw new FleetStoreError(`The digest could not be archived to s3://${bucket}/${key}: ${describeS3Error(error)}`, 'archive_digest');
  }
  return `s3://${bucket}/${key}`;
}

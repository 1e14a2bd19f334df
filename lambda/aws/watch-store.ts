/**
 * The watch's objects in the report bucket (lambda/watch/state.ts): each customer's state at
 * state/<customer_id>.json and each watched account's failure record at
 * state/failures/<scope>.json. The function's role may read and write state/ and nothing more for
 * the watch (and list it, to tell a missing state from a denied one). Every call keeps to the
 * pass's deadline.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AuditorError } from '../errors.js';
import { beforeDeadline } from '../run/deadline.js';
import { WATCH_S3_LIMIT_MS } from '../run/watch-budget.js';
import type { WatchStateStore } from '../watch/account.js';
import type { FailureStore } from '../watch/pass.js';
import { failureKey, MAX_STATE_BYTES, parseFailureRecord, renderState, stateKey, type FailureRecord, type WatchState } from '../watch/state.js';
import { describeS3Error, putObject, readObject } from './s3-objects.js';

export class WatchStoreError extends AuditorError {
  override readonly name = 'WatchStoreError';
  constructor(message: string, operation: string) {
    super(message, {
      operation,
      action: "Check that the report bucket (REPORT_BUCKET) exists and that the function's role may read and write state/ in it.",
    });
  }
}

interface Place {
  s3: S3Client;
  bucket: string;
  /** Epoch ms by which every call must have ended. */
  deadlineMs: number;
}

async function readText(place: Place, key: string, what: string): Promise<string | { unusable: string } | undefined> {
  const where = `s3://${place.bucket}/${key}`;
  let read;
  try {
    read = await beforeDeadline({ what: `reading ${what}`, operation: 'read_watch_state' }, place.deadlineMs, (signal) => readObject(place.s3, place.bucket, key, signal, MAX_STATE_BYTES), WATCH_S3_LIMIT_MS);
  } catch (error) {
    if (error instanceof AuditorError) throw error;
    throw new WatchStoreError(`${what} at ${where} could not be read: ${describeS3Error(error)}`, 'read_watch_state');
  }
  if ('missing' in read) return undefined;
  // Far larger than any state: not one the watch wrote. Left unread; a state is rebuilt as the baseline.
  if ('tooLargeBytes' in read) return { unusable: `${where} is ${read.tooLargeBytes} bytes, more than the watch ever writes (${MAX_STATE_BYTES})` };
  return read.text;
}

async function writeText(place: Place, key: string, body: string, startedAt: string, what: string): Promise<void> {
  try {
    await beforeDeadline({ what: `writing ${what}`, operation: 'write_watch_state' }, place.deadlineMs, (signal) => putObject(place.s3, place.bucket, key, { body, contentType: 'application/json', startedAt }, signal), WATCH_S3_LIMIT_MS);
  } catch (error) {
    if (error instanceof AuditorError) throw error;
    throw new WatchStoreError(`${what} could not be written to s3://${place.bucket}/${key}: ${describeS3Error(error)}`, 'write_watch_state');
  }
}

export function s3StateStore(place: Place): WatchStateStore {
  return {
    describe: (customerId) => `s3://${place.bucket}/${stateKey(customerId)}`,
    read: (customerId) => readText(place, stateKey(customerId), 'the watch state'),
    write: (state: WatchState) => writeText(place, stateKey(state.customer.id), renderState(state), state.observedAt, 'the watch state'),
  };
}

export function s3FailureStore(place: Place): FailureStore {
  return {
    read: async (scope) => {
      const text = await readText(place, failureKey(scope), "the watch's failure record");
      // One that cannot be used counts as none: the failure is notified again, never lost.
      return typeof text === 'string' ? parseFailureRecord(text) : undefined;
    },
    write: (scope, record: FailureRecord) => writeText(place, failureKey(scope), renderState(record), record.since, "the watch's failure record"),
  };
}

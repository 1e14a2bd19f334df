/**
 * The watch's S3 objects: states and failure records read back as written, and each way a call
 * fails: S3 refuses a read or a write (a WatchStoreError naming the object), the pass's deadline
 * passes (its DeadlineError, not re-worded), an object far larger than the watch writes (never
 * used: the state is rebuilt, the record counts as none).
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { s3FailureStore, s3StateStore, WatchStoreError } from '../../../lambda/aws/watch-store.js';
import { DeadlineError } from '../../../lambda/run/deadline.js';
import { checkState, failingRecord, type WatchState } from '../../../lambda/watch/state.js';
import { fakeBucket } from '../../helpers/aws-fakes.js';

const BUCKET = 'watch-reports';
const CUSTOMER = { id: 'cust-1', name: 'Example Ltd' };
const STATE: WatchState = { schemaVersion: 1, kind: 'watch-state', customer: CUSTOMER, observedAt: '2026-11-01T10:00:00.000Z', rules: { 'account.force-2fa': { status: 'PASS', value: true } } };
const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const place = (deadlineMs = Date.now() + 60_000) => ({ s3: client, bucket: BUCKET, deadlineMs });

function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

function tooLarge(): Partial<GetObjectCommandOutput> {
  return { ContentLength: 1024 * 1024, Body: { transformToString: async () => '{}', destroy: () => undefined } as unknown as GetObjectCommandOutput['Body'] };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
}

beforeEach(() => s3.reset());

describe('the watch state in S3', () => {
  it('is read back as written, and is undefined before the first write', async () => {
    fakeBucket(s3);
    const store = s3StateStore(place());

    await expect(store.read(CUSTOMER.id)).resolves.toBeUndefined();
    await store.write(STATE);
    const text = await store.read(CUSTOMER.id);

    expect(store.describe(CUSTOMER.id)).toBe(`s3://${BUCKET}/state/cust-1.json`);
    expect(typeof text === 'string' && checkState(text, CUSTOMER.id, 'here')).toEqual({ ok: true, state: STATE });
  });

  it('that S3 will not give is a read_watch_state error naming the object', async () => {
    s3.on(GetObjectCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));

    const error = await failure(s3StateStore(place()).read(CUSTOMER.id));

    expect(error).toBeInstanceOf(WatchStoreError);
    expect(error).toMatchObject({ operation: 'read_watch_state', message: `the watch state at s3://${BUCKET}/state/cust-1.json could not be read: NoSuchBucket: The specified bucket does not exist` });
  });

  it('that cannot be written is a write_watch_state error naming the object', async () => {
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));

    const error = await failure(s3StateStore(place()).write(STATE));

    expect(error).toBeInstanceOf(WatchStoreError);
    expect(error).toMatchObject({ operation: 'write_watch_state', message: `the watch state could not be written to s3://${BUCKET}/state/cust-1.json: AccessDenied: Access Denied` });
  });

  it('is not read once the pass is out of time: the deadline says so, unreworded', async () => {
    fakeBucket(s3);

    const error = await failure(s3StateStore(place(Date.now() - 1)).read(CUSTOMER.id));

    expect(error).toBeInstanceOf(DeadlineError);
    expect(error).toMatchObject({ operation: 'read_watch_state', message: 'reading the watch state was not started: no time was left for it' });
    expect(s3).toHaveReceivedCommandTimes(GetObjectCommand, 0);
  });

  it('far larger than a state is never used: the pass rebuilds it as the baseline', async () => {
    s3.on(GetObjectCommand).resolves(tooLarge());

    const stored = await s3StateStore(place()).read(CUSTOMER.id);

    expect(stored).toEqual({ unusable: `s3://${BUCKET}/state/cust-1.json is 1048576 bytes, more than the watch ever writes (65536)` });
  });
});

describe("the watch's failure records in S3", () => {
  it('are read back as written', async () => {
    fakeBucket(s3);
    const store = s3FailureStore(place());
    const record = failingRecord(new Date('2026-11-01T10:00:00Z'), 'Fastly answered 503');

    await store.write('prod', record);

    await expect(store.read('prod')).resolves.toEqual(record);
    await expect(store.read('staging')).resolves.toBeUndefined();
  });

  it('far larger than a record count as none', async () => {
    s3.on(GetObjectCommand).resolves(tooLarge());

    await expect(s3FailureStore(place()).read('prod')).resolves.toBeUndefined();
  });

  it('that S3 will not give, or take, are errors naming the object', async () => {
    s3.on(GetObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));
    const store = s3FailureStore(place());

    await expect(store.read('prod')).rejects.toThrow(`the watch's failure record at s3://${BUCKET}/state/failures/prod.json could not be read: AccessDenied: Access Denied`);
    await expect(store.write('prod', failingRecord(new Date(), 'x'))).rejects.toThrow(
      `the watch's failure record could not be written to s3://${BUCKET}/state/failures/prod.json: AccessDenied: Access Denied`,
    );
  });
});

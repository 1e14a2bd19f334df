/**
 * The fleet's S3 objects: an account's outcome written and read back, and each way reading it
 * fails (S3 refuses, an object too large, another account's, not an outcome), the outcome's
 * write and the digest's archive failing, each as a FleetStoreError naming the object.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { archiveDigest, FleetStoreError, outcomeKey, readOutcome, writeOutcome } from '../../../lambda/aws/fleet-store.js';
import { fakeBucket } from '../../helpers/aws-fakes.js';
import { digestOf, outcome } from '../../helpers/fleet-fixtures.js';

const BUCKET = 'fleet-reports';
const FLEET_RUN = 'nightly-1';
const STARTED_AT = '2026-03-14T03:00:00.000Z';
const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'eu-west-1' });
const signal = new AbortController().signal;

function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

/** A GetObject answer; `destroyed` counts the body's streams dropped unread. */
function stored(text: string, contentLength?: number): { output: Partial<GetObjectCommandOutput>; destroyed: () => number } {
  let destroyed = 0;
  const body = { transformToString: async () => text, destroy: () => void (destroyed += 1) };
  return { output: { ...(contentLength === undefined ? {} : { ContentLength: contentLength }), Body: body as unknown as GetObjectCommandOutput['Body'] }, destroyed: () => destroyed };
}

async function failure(promise: Promise<unknown>): Promise<FleetStoreError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FleetStoreError);
  return error as FleetStoreError;
}

beforeEach(() => s3.reset());

describe('an account outcome', () => {
  it('is read back as it was written, and is undefined when the account left none', async () => {
    const objects = fakeBucket(s3);
    const written = outcome('prod', { severities: { high: 2 } });

    const location = await writeOutcome(client, BUCKET, FLEET_RUN, written, STARTED_AT, signal);

    expect(location).toBe(`s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json`);
    expect(objects.meta.get(`${BUCKET}/${outcomeKey(FLEET_RUN, 'prod')}`)?.metadata).toEqual({ 'started-at': STARTED_AT });
    await expect(readOutcome(client, BUCKET, FLEET_RUN, 'prod', signal)).resolves.toEqual(written);
    await expect(readOutcome(client, BUCKET, FLEET_RUN, 'staging', signal)).resolves.toBeUndefined();
  });

  it('that S3 will not give is a read_outcome error naming the object and the bucket to check', async () => {
    s3.on(GetObjectCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));

    const error = await failure(readOutcome(client, BUCKET, FLEET_RUN, 'prod', signal));

    expect(error.message).toBe(`The outcome at s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json could not be read: NoSuchBucket: The specified bucket does not exist`);
    expect(error.operation).toBe('read_outcome');
    expect(error.action).toContain('REPORT_BUCKET');
  });

  it('far larger than an account run writes is refused unread', async () => {
    const object = stored('{}', 10 * 1024 * 1024);
    s3.on(GetObjectCommand).resolves(object.output);

    const error = await failure(readOutcome(client, BUCKET, FLEET_RUN, 'prod', signal));

    expect(error.message).toBe(`The outcome at s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json is 10485760 bytes: not one an account run wrote`);
    expect(object.destroyed()).toBe(1);
  });

  it("is refused when it is another account's", async () => {
    s3.on(GetObjectCommand).resolves(stored(JSON.stringify(outcome('staging'))).output);

    const error = await failure(readOutcome(client, BUCKET, FLEET_RUN, 'prod', signal));

    expect(error.message).toBe(`The outcome at s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json is account staging's`);
  });

  it('that is not an outcome says where it is', async () => {
    s3.on(GetObjectCommand).resolves(stored('{"account": "prod"').output);

    await expect(readOutcome(client, BUCKET, FLEET_RUN, 'prod', signal)).rejects.toThrow(`s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json is not JSON`);
  });

  it('that cannot be written is a store_outcome error naming the object', async () => {
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));

    const error = await failure(writeOutcome(client, BUCKET, FLEET_RUN, outcome('prod'), STARTED_AT, signal));

    expect(error.message).toBe(`The account's outcome could not be stored at s3://${BUCKET}/fleet-runs/${FLEET_RUN}/prod.json: AccessDenied: Access Denied`);
    expect(error.operation).toBe('store_outcome');
  });
});

describe('the digest archive', () => {
  it('files the digest by the UTC date its run started', async () => {
    const objects = fakeBucket(s3);
    const digest = digestOf([outcome('prod')], 'fleet-run-7');

    const location = await archiveDigest(client, BUCKET, digest, signal);

    expect(location).toBe(`s3://${BUCKET}/digests/2026/03/14/fleet-run-7.json`);
    expect(JSON.parse(objects.get(`${BUCKET}/digests/2026/03/14/fleet-run-7.json`) ?? '{}')).toMatchObject({ runId: 'fleet-run-7' });
  });

  it('that cannot be written is an archive_digest error naming the object', async () => {
    s3.on(PutObjectCommand).rejects(awsError('AccessDenied', 'Access Denied', 403));

    const error = await failure(archiveDigest(client, BUCKET, digestOf([outcome('prod')], 'fleet-run-7'), signal));

    expect(error.message).toBe(`The digest could not be archived to s3://${BUCKET}/digests/2026/03/14/fleet-run-7.json: AccessDenied: Access Denied`);
    expect(error.operation).toBe('archive_digest');
  });
});

/**
 * Test doubles around the handler: an in-memory bucket behind the S3 mock (so one run's latest
 * report is the next run's previous report), readers for what was published, and a capture of
 * everything written to stdout and stderr (where Powertools Logger prints outside Lambda).
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand } from '@aws-sdk/client-s3';
import type { GetObjectCommandOutput, PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { Report } from '../../lambda/report/model.js';

type S3Stub = AwsClientStub<S3Client>;
type SnsStub = AwsClientStub<SNSClient>;

/** Objects by "bucket/key", as PutObject stored them; `meta` holds each one's ETag and user metadata. */
export class FakeBucket extends Map<string, string> {
  readonly meta = new Map<string, { etag: string; metadata: Record<string, string> }>();
  private writes = 0;

  store(name: string, body: string, metadata: Record<string, string> = {}): string {
    this.writes += 1;
    const etag = `"${this.writes}"`;
    this.set(name, body);
    this.meta.set(name, { etag, metadata });
    return etag;
  }
}

function s3Error(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode } });
}

/**
 * An in-memory bucket behind the S3 mock, with the semantics the archive relies on: GetObject
 * (NoSuchKey for a missing key), HeadObject (ETag and user metadata; NotFound), ListObjectsV2 by
 * prefix, and PutObject's conditional writes (If-None-Match: *, If-Match: <etag>; 412 otherwise).
 */
export function fakeBucket(s3: S3Stub): FakeBucket {
  const objects = new FakeBucket();
  s3.on(PutObjectCommand).callsFake((input: PutObjectCommandInput) => {
    const name = `${input.Bucket}/${input.Key}`;
    const current = objects.meta.get(name);
    if ((input.IfNoneMatch === '*' && current) || (input.IfMatch !== undefined && current?.etag !== input.IfMatch)) {
      throw s3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', 412);
    }
    return { ETag: objects.store(name, String(input.Body), input.Metadata ?? {}) };
  });
  s3.on(GetObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
    const text = objects.get(`${input.Bucket}/${input.Key}`);
    if (text === undefined) {
      throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } });
    }
    // Only the method the archive reader uses.
    return { Body: { transformToString: async () => text } as unknown as GetObjectCommandOutput['Body'] };
  });
  s3.on(HeadObjectCommand).callsFake((input: { Bucket: string; Key: string }) => {
    const meta = objects.meta.get(`${input.Bucket}/${input.Key}`);
    if (!meta) throw s3Error('NotFound', 'Not Found', 404);
    return { ETag: meta.etag, Metadata: meta.metadata };
  });
  s3.on(ListObjectsV2Command).callsFake((input: { Bucket: string; Prefix?: string }) => ({
    Contents: [...objects.keys()]
      .filter((name) => name.startsWith(`${input.Bucket}/${input.Prefix ?? ''}`))
      .map((name) => ({ Key: name.slice(input.Bucket.length + 1) })),
  }));
  return objects;
}

export interface PublishedNotification {
  topicArn: string | undefined;
  subject: string | undefined;
  messageStructure: string | undefined;
  /** The per-protocol messages, parsed. */
  message: { default: string; email: string; https: string };
  attributes: Record<string, string | undefined>;
}

export function published(sns: SnsStub): PublishedNotification[] {
  return sns.commandCalls(PublishCommand).map((call) => {
    const input = call.args[0].input as PublishCommand['input'];
    return {
      topicArn: input.TopicArn,
      subject: input.Subject,
      messageStructure: input.MessageStructure,
      message: JSON.parse(input.Message ?? '{}') as PublishedNotification['message'],
      attributes: Object.fromEntries(Object.entries(input.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue])),
    };
  });
}

/** Keys written (every PutObject call, conditional ones that lost included), in order. */
export function putKeys(s3: S3Stub): string[] {
  return s3.commandCalls(PutObjectCommand).map((call) => (call.args[0].input as PutObjectCommand['input']).Key ?? '');
}

/** The JSON reports written (the run's, latest/ and the last run's record), in order: the page and CSV beside them left out. */
export function jsonPutKeys(s3: S3Stub): string[] {
  return putKeys(s3).filter((key) => key.endsWith('.json'));
}

export function storedReport(objects: Map<string, string>, bucketKey: string): Report {
  const text = objects.get(bucketKey);
  if (text === undefined) throw new Error(`nothing stored at ${bucketKey}`);
  return JSON.parse(text) as Report;
}

/** Every string the mocks were sent, for "the token appears nowhere" checks. */
export function everythingSent(...stubs: { calls(): { args: { input: unknown }[] }[] }[]): string {
  return stubs.flatMap((stub) => stub.calls().map((call) => JSON.stringify(call.args[0]?.input))).join('\n');
}

export interface OutputCapture {
  text(): string;
  /** The JSON log lines (Powertools prints one object per line). */
  logs(): Record<string, unknown>[];
  restore(): void;
}

/** Captures (and silences) process.stdout and process.stderr writes until restore(). */
export function captureOutput(): OutputCapture {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: unknown) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    }) as typeof stream.write;
  }
  return {
    text: () => chunks.join(''),
    logs: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => streams.forEach((stream, index) => (stream.write = originals[index]!)),
  };
}

/**
 * The S3 calls of the archive, with the meanings the run needs: a read that tells "no such key"
 * (a first run) from every other failure (no bucket, access denied, a timeout), and a write that
 * replaces an object only when the object is not newer than the report being written.
 */
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

/** User metadata on every object the run writes: when its run started, to order writes of overlapping runs. */
const STARTED_AT = 'started-at';
/** Conditional writes that lose a race are tried again this many times. */
const MAX_CONDITIONAL_ATTEMPTS = 3;

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** "NoSuchBucket: The specified bucket does not exist", for messages. */
export function describeS3Error(error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return error instanceof Error && error.name !== 'Error' && !detail.startsWith(error.name) ? `${error.name}: ${detail}` : detail;
}

/**
 * Without s3:ListBucket S3 answers a missing key with 403, as it answers a denied one: list the
 * one key (the role may list latest/) to tell them apart. Anything but a clear "not there" is
 * the original error.
 */
async function isMissingBehindDenied(s3: S3Client, bucket: string, key: string, signal: AbortSignal): Promise<boolean> {
  try {
    const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, MaxKeys: 1 }), { abortSignal: signal });
    return !(listing.Contents ?? []).some((object) => object.Key === key);
  } catch {
    return false;
  }
}

/** Only a missing key is "not there": NoSuchBucket is a 404 too, and an error. */
async function isMissingKey(s3: S3Client, bucket: string, key: string, error: unknown, signal: AbortSignal): Promise<boolean> {
  const name = errorName(error);
  if (name === 'NoSuchKey') return true;
  if (name === 'AccessDenied' || httpStatus(error) === 403) return isMissingBehindDenied(s3, bucket, key, signal);
  return false;
}

/** An object read: its text, nothing (no such key), or its size when it is larger than the reader takes. */
export type ObjectRead = { text: string } | { missing: true } | { tooLargeBytes: number };

/** Reads an object of at most `maxBytes`; anything but a missing key throws. */
export async function readObject(s3: S3Client, bucket: string, key: string, signal: AbortSignal, maxBytes: number): Promise<ObjectRead> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    if (object.ContentLength !== undefined && object.ContentLength > maxBytes) {
      // Not read: the body's stream is dropped unread.
      (object.Body as { destroy?: () => void } | undefined)?.destroy?.();
      return { tooLargeBytes: object.ContentLength };
    }
    return { text: object.Body ? await object.Body.transformToString('utf-8') : '' };
  } catch (error) {
    if (await isMissingKey(s3, bucket, key, error, signal)) return { missing: true };
    throw error;
  }
}

export interface ObjectState {
  etag: string;
  /** When the run that wrote it started; undefined for objects written before this was recorded. */
  startedAt?: string;
}

/** The object's ETag and start time, or undefined when the key does not exist. */
async function objectState(s3: S3Client, bucket: string, key: string, signal: AbortSignal): Promise<ObjectState | undefined> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
    return { etag: head.ETag ?? '', ...(head.Metadata?.[STARTED_AT] ? { startedAt: head.Metadata[STARTED_AT] } : {}) };
  } catch (error) {
    // HEAD has no body: a missing key is a bare 404 "NotFound". The caller wrote to this bucket
    // just before, so the bucket exists.
    if (errorName(error) === 'NotFound' || (await isMissingKey(s3, bucket, key, error, signal))) return undefined;
    throw error;
  }
}

export interface PutOptions {
  /** Text, or UTF-8 bytes as made (the access review's CSV). */
  body: string | Uint8Array;
  contentType: string;
  /** The report's startedAt, kept as the object's metadata. */
  startedAt: string;
}

export async function putObject(s3: S3Client, bucket: string, key: string, options: PutOptions, signal: AbortSignal, condition: { IfMatch?: string; IfNoneMatch?: string } = {}): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: options.body,
      ContentType: options.contentType,
      Metadata: { [STARTED_AT]: options.startedAt },
      ...condition,
    }),
    { abortSignal: signal },
  );
}

/** S3's answer when a conditional write lost a race: the object changed since it was read. */
function lostRace(error: unknown): boolean {
  const name = errorName(error);
  return name === 'PreconditionFailed' || name === 'ConditionalRequestConflict' || httpStatus(error) === 412 || httpStatus(error) === 409;
}

/**
 * Writes `key` unless the object there belongs to a run that started later (two runs overlap
 * when reserved concurrency is off). The write is conditional on the object read (If-Match its
 * ETag, or If-None-Match when there was none): a run that wrote in between is seen on the next try.
 */
export async function putUnlessNewer(s3: S3Client, bucket: string, key: string, options: PutOptions, signal: AbortSignal): Promise<'written' | 'kept-newer'> {
  for (let attempt = 1; ; attempt += 1) {
    const current = await objectState(s3, bucket, key, signal);
    if (current?.startedAt !== undefined && Date.parse(current.startedAt) > Date.parse(options.startedAt)) return 'kept-newer';
    try {
      await putObject(s3, bucket, key, options, signal, current ? { IfMatch: current.etag } : { IfNoneMatch: '*' });
      return 'written';
    } catch (error) {
      if (!lostRace(error) || attempt >= MAX_CONDITIONAL_ATTEMPTS) throw error;
    }
  }
}

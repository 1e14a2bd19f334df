/**
 * Where a person opens an archived object: its page in the S3 console,
 * https://<region>.console.aws.amazon.com/s3/object/<bucket>?region=<region>&prefix=<key> (the
 * console's own link form). Opening it takes a console sign-in with the right to read the object:
 * unlike a pre-signed URL, a forwarded email or a Slack message grants nobody access.
 */
import { partitionOf, regionProblem, type Partition } from './region.js';

/** The console's domain in each partition: China and GovCloud have consoles of their own. */
const CONSOLE_DOMAINS: Record<Partition, string> = { aws: 'console.aws.amazon.com', 'aws-cn': 'console.amazonaws.cn', 'aws-us-gov': 'console.amazonaws-us-gov.com' };

/** Percent-encodes everything but letters, digits and - _ . (encodeURIComponent leaves ! ' ( ) * ~ too). */
function encode(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The object's page in the S3 console; undefined when the region is not a region name. */
export function s3ConsoleUrl(region: string | undefined, bucket: string, key: string): string | undefined {
  if (region === undefined || regionProblem(region) !== undefined) return undefined;
  const prefix = key.split('/').map(encode).join('/');
  return `https://${region}.${CONSOLE_DOMAINS[partitionOf(region)]}/s3/object/${encode(bucket)}?region=${region}&prefix=${prefix}`;
}

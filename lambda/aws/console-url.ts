/**
 * Where a person opens an archived object: its page in the S3 console,
 * https://<region>.console.aws.amazon.com/s3/object/<bucket>?region=<region>&prefix=<key> (the
 * console's own link form). Opening it takes a console sign-in with the right to read the object:
 * unlike a pre-signed URL, a forwarded email or a Slack message grants nobody access.
 */

/** An AWS region name as the Lambda runtime sets AWS_REGION (us-east-1, eu-central-2, us-gov-west-1, cn-north-1). */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** The console's host in each partition: China and GovCloud have consoles of their own. */
function consoleHost(region: string): string {
  if (region.startsWith('cn-')) return `${region}.console.amazonaws.cn`;
  if (region.startsWith('us-gov-')) return `${region}.console.amazonaws-us-gov.com`;
  return `${region}.console.aws.amazon.com`;
}

/** Percent-encodes everything but letters, digits and - _ . (encodeURIComponent leaves ! ' ( ) * ~ too). */
function encode(part: string): string {
  return encodeURIComponent(part).replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The object's page in the S3 console; undefined when the region is not a region name. */
export function s3ConsoleUrl(region: string | undefined, bucket: string, key: string): string | undefined {
  if (region === undefined || !REGION.test(region)) return undefined;
  const prefix = key.split('/').map(encode).join('/');
  return `https://${consoleHost(region)}/s3/object/${encode(bucket)}?region=${region}&prefix=${prefix}`;
}

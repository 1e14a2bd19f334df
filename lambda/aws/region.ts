/**
 * AWS Region names and the partition each is in, for what the function builds from a Region: the
 * S3 console's link to a report (console-url.ts) and Security Hub's target (lambda/securityhub/target.ts).
 */

/** The partitions a Region can be in, as ARNs and Security Hub's ASFF (Resource.Partition) name them. */
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov'] as const;
export type Partition = (typeof PARTITIONS)[number];

/** us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ap-southeast-5 ... */
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

/** Why a value is not a Region name, or undefined when it is one. */
export function regionProblem(value: string): string | undefined {
  return REGION.test(value) ? undefined : `must be an AWS Region name such as us-east-1, got ${JSON.stringify(value)}`;
}

/** The partition a Region is in: China and GovCloud have their own. */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

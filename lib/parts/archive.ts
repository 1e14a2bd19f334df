/** The report archive: a private, versioned, TLS-only bucket that outlives the stack. */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ARCHIVE_PREFIXES } from '../../lambda/aws/archive.js';
import { FLEET_PREFIXES } from '../../lambda/aws/fleet-store.js';
import type { ResolvedAuditorProps } from '../auditor-settings.js';

/** The S3 prefixes the handler writes (design.md, "Lambda environment"); the role is scoped to them. */
export const REPORT_PREFIXES = [ARCHIVE_PREFIXES.reports, ARCHIVE_PREFIXES.latest] as const;
/** Where the newest reports are: the only prefix the function may list. */
export const LATEST_PREFIX = ARCHIVE_PREFIXES.latest;

/** A fleet run's outcomes serve its digest only; kept a while to look into a run that went wrong. */
export const FLEET_OUTCOME_RETENTION_DAYS = 14;

export function createReportArchive(
  scope: Construct,
  settings: Pick<ResolvedAuditorProps, 'reportRetentionDays' | 'noncurrentVersionRetentionDays' | 'fleet'>,
): Bucket {
  const bucket = new Bucket(scope, 'ReportBucket', {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    versioned: true,
    // Reports are audit evidence: they outlive the stack.
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: [
      { id: 'ExpireArchivedReports', prefix: 'reports/', expiration: Duration.days(settings.reportRetentionDays) },
      {
        id: 'ExpireOldVersions',
        noncurrentVersionExpiration: Duration.days(settings.noncurrentVersionRetentionDays),
        expiredObjectDeleteMarker: true,
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
      ...(settings.fleet
        ? [
            { id: 'ExpireFleetOutcomes', prefix: FLEET_PREFIXES.runs, expiration: Duration.days(FLEET_OUTCOME_RETENTION_DAYS) },
            { id: 'ExpireDigests', prefix: FLEET_PREFIXES.digests, expiration: Duration.days(settings.reportRetentionDays) },
          ]
        : []),
    ],
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason:
      'Only the auditor function writes this bucket, through a role limited to reports/* and latest/*; object-level access is recorded by CloudTrail data events where the account enables them, and an access-log bucket would need this same exception.',
  });
  return bucket;
}

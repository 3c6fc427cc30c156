import * as z from 'zod';
import type { S3Reader } from '#shared/aws/services/s3/reader.js';
import { errorCode, errorMessage, ResourceNotFoundError } from '#shared/core/errors.js';
import type { Evaluation } from '#shared/core/model.js';
import { cannotTell, defineRule, fail, fromRequest, pass } from '../define-rule.js';
import { outOfScope } from './scope.js';

const params = z
  .object({
    /** Buckets carrying this tag are the critical ones that must replicate; others are NOT_APPLICABLE. */
    tagKey: z.string().min(1).default('critical'),
    /** The value the tag must have; null = any value. */
    tagValue: z.string().nullable().default('true'),
  })
  .strict();

/** Where one Enabled rule replicates to: a region, a destination that no longer exists, or unknown. */
type Destination = { bucket: string; region: string } | { bucket: string; missing: true } | { bucket: string; unknown: string; message: string };

async function locateDestination(s3: S3Reader, bucket: string): Promise<Destination> {
  try {
    return { bucket, region: await s3.bucketRegion(bucket) };
  } catch (error) {
    // The destination, not the bucket being judged, is gone: that is a broken rule, not a closed finding.
    if (error instanceof ResourceNotFoundError) return { bucket, missing: true };
    // Typically AccessDenied on a bucket owned by another account: recorded, then judged below.
    return { bucket, unknown: errorCode(error), message: errorMessage(error) };
  }
}

function describe(d: Destination): string {
  if ('region' in d) return `${d.bucket} (${d.region})`;
  if ('missing' in d) return `${d.bucket} (does not exist)`;
  return `${d.bucket} (region unknown: ${d.unknown})`;
}

export const s3BucketReplication = defineRule({
  id: 's3-bucket-replication',
  title: 'Critical S3 buckets replicate to another region',
  description:
    'Every bucket tagged tagKey=tagValue (default critical=true) has a replication configuration with at least one ' +
    'Enabled rule whose destination bucket is in another region (located with GetBucketLocation). Untagged buckets are ' +
    'NOT_APPLICABLE. When no destination is known to be in another region and the region of one cannot be read ' +
    '(a bucket of another account that does not grant s3:GetBucketLocation), the finding is ERROR, never PASS.',
  absentFields:
    'No replication configuration (ReplicationConfigurationNotFoundError) is FAIL. A rule without its Status, ' +
    'or an Enabled rule without its Destination.Bucket (both required by the API), is ERROR naming the field ' +
    'unless another rule is known to replicate to another region. An empty LocationConstraint is us-east-1; a ' +
    'bucket without tags has none (NOT_APPLICABLE).',
  severity: 'LOW',
  resourceType: 'AWS::S3::Bucket',
  checklist: { source: '000 §13 Multi-Region Failover', item: 'S3 cross-region replication' },
  controls: { securityHub: ['S3.7'], awsConfig: 's3-bucket-cross-region-replication-enabled' },
  iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketTagging', 's3:GetReplicationConfiguration'],
  triggers: [
    {
      eventSource: 's3.amazonaws.com',
      eventNames: ['CreateBucket', 'PutBucketReplication', 'DeleteBucketReplication', 'PutBucketTagging', 'DeleteBucketTagging', 'DeleteBucket'],
      resourceNames: fromRequest('bucketName'),
    },
  ],
  remediation: {
    text:
      'Create a versioned bucket in another region and a replication rule to it (versioning must be Enabled on both ' +
      'buckets; the role needs the S3 replication permissions).',
    cli:
      'aws s3api put-bucket-replication --bucket <bucket> --replication-configuration ' +
      '\'{"Role":"<replication-role-arn>","Rules":[{"ID":"to-other-region","Status":"Enabled","Priority":1,"Filter":{},' +
      '"DeleteMarkerReplication":{"Status":"Disabled"},"Destination":{"Bucket":"arn:aws:s3:::<destination-bucket>"}}]}\'',
  },
  params,
  resources: ({ s3 }) => s3.bucketNames(),
  locate: ({ s3 }, bucket) => s3.bucketRegion(bucket),
  async evaluate({ s3 }, bucket, { params: { tagKey, tagValue } }): Promise<Evaluation> {
    const skipped = await outOfScope(s3, bucket, { tagKey, tagValue: tagValue ?? undefined });
    if (skipped) return skipped;

    const config = await s3.replication(bucket);
    if (!config || config.rules.length === 0) return fail(`${bucket} has no replication configuration`, { replication: null });
    const { rules } = config;
    const enabled = rules.filter((r) => r.status === 'Enabled');
    const untold = rules.find((r) => r.status === undefined);
    if (enabled.length === 0 && untold) {
      const which = untold.id ? `replication rule ${untold.id}` : 'a replication rule';
      return cannotTell(`GetBucketReplication did not say whether ${which} of ${bucket} is Enabled (no Status)`, { rules });
    }
    if (enabled.length === 0) {
      const reason =
        rules.length === 1
          ? `the only replication rule of ${bucket} is ${rules[0]?.status}`
          : `none of the ${rules.length} replication rules of ${bucket} is Enabled`;
      return fail(reason, { rules });
    }

    const source = await s3.bucketRegion(bucket);
    const names = [...new Set(enabled.flatMap((r) => (r.destinationBucket ? [r.destinationBucket] : [])))];
    const destinations = await Promise.all(names.map((name) => locateDestination(s3, name)));
    const evidence = { sourceRegion: source, rules, destinations };

    const crossRegion = destinations.filter((d): d is { bucket: string; region: string } => 'region' in d && d.region !== source);
    if (crossRegion.length > 0) {
      return pass(`${bucket} (${source}) replicates to ${crossRegion.map(describe).join(', ')}`, evidence);
    }
    const nowhere = enabled.find((r) => !r.destinationBucket);
    if (nowhere) {
      const which = nowhere.id ? `Enabled replication rule ${nowhere.id}` : 'an Enabled replication rule';
      return cannotTell(`GetBucketReplication did not say where ${which} of ${bucket} replicates (no Destination.Bucket)`, evidence);
    }
    const unknown = destinations.find((d): d is Extract<Destination, { unknown: string }> => 'unknown' in d);
    if (unknown) {
      return cannotTell(
        `cannot tell whether ${bucket} replicates to another region: the region of destination bucket ` +
          `${unknown.bucket} is unknown (${unknown.unknown}: ${unknown.message})`,
        { ...evidence, errorCode: unknown.unknown },
      );
    }
    return fail(
      `${bucket} (${source}) does not replicate to another region: its Enabled rules replicate to ${destinations.map(describe).join(', ')}`,
      evidence,
    );
  },
});

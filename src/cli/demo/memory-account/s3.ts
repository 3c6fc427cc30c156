/** S3 of an in-memory account: answers the S3Api from plain data, as S3 would. */
import type { S3Api } from '#shared/aws/services/s3/sdk.js';
import { type MemoryCall, notFound, paginate } from './support.js';

export interface MemoryLifecycleRule {
  id?: string;
  /** Default `Enabled`. */
  status?: 'Enabled' | 'Disabled';
}

export interface MemoryReplicationRule {
  id?: string;
  /** Default `Enabled`. */
  status?: 'Enabled' | 'Disabled';
  priority?: number;
  /** The destination bucket's name (S3 reports it as an ARN). */
  destinationBucket: string;
  /** Set for cross-account replication. */
  destinationAccount?: string;
}

export interface MemoryBucket {
  name: string;
  region: string;
  versioning?: 'Enabled' | 'Suspended';
  mfaDelete?: 'Enabled' | 'Disabled';
  tags?: Record<string, string>;
  /** A count of Enabled rules, or the rules themselves. */
  lifecycleRules?: number | MemoryLifecycleRule[];
  replication?: { role?: string; rules: MemoryReplicationRule[] };
}

export interface MemoryS3State {
  buckets: MemoryBucket[];
}

export function memoryS3Api(state: MemoryS3State, call: MemoryCall): S3Api {
  const bucket = (name: string | undefined): MemoryBucket => {
    const found = state.buckets.find((b) => b.name === name);
    if (!found) throw notFound('NoSuchBucket', `The specified bucket does not exist: ${name}`);
    return found;
  };
  return {
    listBuckets: (input) =>
      call('s3', 'ListBuckets', input, () => {
        const page = paginate(state.buckets, input.ContinuationToken, input.MaxBuckets);
        // Like S3, BucketRegion is not always reported: the reader must fall back to GetBucketLocation.
        return { Buckets: page.items.map((b) => ({ Name: b.name })), ContinuationToken: page.next };
      }),
    getBucketLocation: (input) =>
      call('s3', 'GetBucketLocation', input, () => {
        const { region } = bucket(input.Bucket);
        return { LocationConstraint: region === 'us-east-1' ? undefined : (region as never) };
      }),
    getBucketVersioning: (input) =>
      call('s3', 'GetBucketVersioning', input, () => {
        const b = bucket(input.Bucket);
        return { Status: b.versioning, MFADelete: b.mfaDelete };
      }),
    getBucketTagging: (input) =>
      call('s3', 'GetBucketTagging', input, () => {
        const b = bucket(input.Bucket);
        if (!b.tags || Object.keys(b.tags).length === 0) throw notFound('NoSuchTagSet', 'The TagSet does not exist');
        return { TagSet: Object.entries(b.tags).map(([Key, Value]) => ({ Key, Value })) };
      }),
    getBucketLifecycleConfiguration: (input) =>
      call('s3', 'GetBucketLifecycleConfiguration', input, () => {
        const b = bucket(input.Bucket);
        const rules =
          typeof b.lifecycleRules === 'number'
            ? Array.from({ length: b.lifecycleRules }, (_, i): MemoryLifecycleRule => ({ id: `rule-${i}` }))
            : (b.lifecycleRules ?? []);
        if (rules.length === 0) throw notFound('NoSuchLifecycleConfiguration', 'The lifecycle configuration does not exist');
        return { Rules: rules.map((r, i) => ({ ID: r.id ?? `rule-${i}`, Status: r.status ?? 'Enabled' })) };
      }),
    getBucketReplication: (input) =>
      call('s3', 'GetBucketReplication', input, () => {
        const b = bucket(input.Bucket);
        if (!b.replication || b.replication.rules.length === 0) {
          throw notFound('ReplicationConfigurationNotFoundError', 'The replication configuration was not found');
        }
        return {
          ReplicationConfiguration: {
            Role: b.replication.role,
            Rules: b.replication.rules.map((r, i) => ({
              ID: r.id ?? `replication-${i}`,
              Priority: r.priority ?? i,
              Status: r.status ?? 'Enabled',
              Filter: {},
              DeleteMarkerReplication: { Status: 'Disabled' as const },
              Destination: { Bucket: `arn:aws:s3:::${r.destinationBucket}`, Account: r.destinationAccount },
            })),
          },
        };
      }),
  };
}

/** Everything Preflight knows about calling S3: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK). */
import type { S3Api } from './sdk.js';
import { ServiceReader, page } from '../../reader-base.js';

export interface BucketVersioning {
  /** `undefined` when versioning was never enabled. */
  status?: 'Enabled' | 'Suspended';
  mfaDelete?: 'Enabled' | 'Disabled';
}

export interface LifecycleRuleFacts {
  id?: string;
  /** `Enabled` or `Disabled`; a Disabled rule does nothing. Undefined when the answer left it out (it is required). */
  status?: string;
}

export interface ReplicationRuleFacts {
  id?: string;
  /** `Enabled` or `Disabled`; undefined when the answer left it out (it is required). */
  status?: string;
  priority?: number;
  /** The destination bucket's name (S3 reports its ARN). */
  destinationBucket?: string;
  /** Set for cross-account replication: the destination bucket's owner. */
  destinationAccount?: string;
}

export interface ReplicationFacts {
  role?: string;
  rules: readonly ReplicationRuleFacts[];
}

/** `arn:aws:s3:::name` → `name`; a plain name stays as it is. */
export function bucketNameFromArn(arnOrName: string): string {
  const match = /^arn:[^:]+:s3:::(.+)$/.exec(arnOrName);
  return match?.[1] ?? arnOrName;
}

/** GetBucketLocation's LocationConstraint → region: empty means us-east-1, `EU` is the legacy eu-west-1. */
export function regionFromLocationConstraint(constraint: string | null | undefined): string {
  if (!constraint) return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

const MISSING_BUCKET_CODES = new Set(['NoSuchBucket', 'NotFound']);
/** What S3 answers for a bucket without tags, lifecycle rules or replication: none, not an error. */
const NO_TAG_SET = new Set(['NoSuchTagSet']);
const NO_LIFECYCLE = new Set(['NoSuchLifecycleConfiguration']);
const NO_REPLICATION = new Set(['ReplicationConfigurationNotFoundError']);

export class S3Reader extends ServiceReader<S3Api> {
  protected readonly service = 's3';

  /** Every bucket of the account with the region ListBuckets reported (if it did), all pages. */
  allBuckets(): Promise<ReadonlyArray<{ name: string; region?: string }>> {
    // ListBuckets is global: one listing serves the scan of every region.
    return this.accountFact('buckets', () =>
      this.allPages(
        'ListBuckets',
        async (api, ContinuationToken) => {
          const out = await api.listBuckets({ MaxBuckets: 1000, ContinuationToken });
          return page(out.Buckets, (b) => (b.Name ? { name: b.Name, region: b.BucketRegion || undefined } : undefined), out.ContinuationToken);
        },
        'us-east-1',
      ),
    );
  }

  /** Names of the buckets located in the scanned region. */
  async bucketNames(): Promise<string[]> {
    const buckets = await this.allBuckets();
    const located = await Promise.all(buckets.map(async (b) => ({ name: b.name, region: await this.bucketRegion(b.name) })));
    return located.filter((b) => b.region === this.region).map((b) => b.name);
  }

  /** The bucket's region: from the listing when S3 gave it, else one GetBucketLocation. */
  bucketRegion(bucket: string): Promise<string> {
    return this.accountFact(`region:${bucket}`, async () => {
      // A sweep has listed the buckets already; a targeted evaluation asks GetBucketLocation alone.
      const fromListing = (await this.cachedListing())?.get(bucket);
      if (fromListing) return fromListing;
      const out = await this.sendForBucket(bucket, 'GetBucketLocation', 'us-east-1', (api) => api.getBucketLocation({ Bucket: bucket }));
      return regionFromLocationConstraint(out.LocationConstraint);
    });
  }

  versioning(bucket: string): Promise<BucketVersioning> {
    return this.accountFact(`versioning:${bucket}`, async () => {
      const region = await this.bucketRegion(bucket);
      const out = await this.sendForBucket(bucket, 'GetBucketVersioning', region, (api) => api.getBucketVersioning({ Bucket: bucket }));
      return {
        status: out.Status === 'Enabled' || out.Status === 'Suspended' ? out.Status : undefined,
        mfaDelete: out.MFADelete === 'Enabled' || out.MFADelete === 'Disabled' ? out.MFADelete : undefined,
      };
    });
  }

  /** Bucket tags; a bucket without tags answers NoSuchTagSet, which is an empty set, not an error. */
  tags(bucket: string): Promise<Readonly<Record<string, string>>> {
    return this.accountFact(`tags:${bucket}`, async () => {
      const region = await this.bucketRegion(bucket);
      return this.unlessAbsent(NO_TAG_SET, {}, async () => {
        const out = await this.sendForBucket(bucket, 'GetBucketTagging', region, (api) => api.getBucketTagging({ Bucket: bucket }));
        return Object.fromEntries((out.TagSet ?? []).flatMap((t) => (t.Key ? [[t.Key, t.Value ?? '']] : [])));
      });
    });
  }

  /** Number of lifecycle rules (Enabled or not); NoSuchLifecycleConfiguration means none. */
  async lifecycleRuleCount(bucket: string): Promise<number> {
    return (await this.lifecycleRules(bucket)).length;
  }

  /** The bucket's lifecycle rules; NoSuchLifecycleConfiguration means none. */
  lifecycleRules(bucket: string): Promise<readonly LifecycleRuleFacts[]> {
    return this.accountFact(`lifecycle:${bucket}`, async () => {
      const region = await this.bucketRegion(bucket);
      return this.unlessAbsent(NO_LIFECYCLE, [], async () => {
        const out = await this.sendForBucket(bucket, 'GetBucketLifecycleConfiguration', region, (api) =>
          api.getBucketLifecycleConfiguration({ Bucket: bucket }),
        );
        return (out.Rules ?? []).map((r) => ({ id: r.ID || undefined, status: r.Status || undefined }));
      });
    });
  }

  /** The bucket's replication configuration; ReplicationConfigurationNotFoundError means none (undefined). */
  replication(bucket: string): Promise<ReplicationFacts | undefined> {
    return this.accountFact(`replication:${bucket}`, async () => {
      const region = await this.bucketRegion(bucket);
      return this.unlessAbsent(NO_REPLICATION, undefined, async () => {
        const out = await this.sendForBucket(bucket, 'GetBucketReplication', region, (api) => api.getBucketReplication({ Bucket: bucket }));
        const config = out.ReplicationConfiguration;
        if (!config) return undefined;
        return {
          role: config.Role || undefined,
          rules: (config.Rules ?? []).map((r) => ({
            id: r.ID || undefined,
            status: r.Status || undefined,
            priority: r.Priority,
            destinationBucket: r.Destination?.Bucket ? bucketNameFromArn(r.Destination.Bucket) : undefined,
            destinationAccount: r.Destination?.Account || undefined,
          })),
        };
      });
    });
  }

  /** Bucket → region as ListBuckets reported it, indexed once (a sweep looks up every bucket). */
  private async cachedListing(): Promise<ReadonlyMap<string, string | undefined> | undefined> {
    if (!this.accountFactKnown('buckets')) return undefined;
    return this.accountFact('bucket-regions', async () => new Map((await this.allBuckets()).map((b) => [b.name, b.region])));
  }

  /** A bucket-level call: a missing bucket becomes ResourceNotFoundError, so its findings close. */
  private sendForBucket<T>(bucket: string, operation: string, region: string, call: (api: S3Api) => Promise<T>): Promise<T> {
    return this.sendAbout(bucket, MISSING_BUCKET_CODES, operation, call, region);
  }
}

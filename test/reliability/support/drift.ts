/**
 * Random drift of an in-memory account and the CloudTrail records it would produce: buckets,
 * CloudWatch alarms and ElastiCache clusters changed, created and deleted; most changes reported by a
 * real-shaped event, some by none (CloudTrail and EventBridge give no delivery guarantee a sweep can
 * skip); plus re-deliveries, failed calls, read-only calls and events no rule listens to, all
 * delivered slightly out of order.
 */
import { seededRandom } from './random.js';
import type { MemoryAccount } from '../../../src/cli/demo/memory-account/index.js';

/** A seeded PRNG: a soak run is reproducible from its seed. */
export const rng = seededRandom;

type Detail = Record<string, unknown>;

export class Drift {
  readonly counts: Record<string, number> = {};
  private serial = 0;
  private readonly delivered: Detail[] = [];
  private readonly topic: string;

  constructor(
    private readonly account: MemoryAccount,
    private readonly region: string,
    private readonly random: () => number,
  ) {
    this.topic = `arn:aws:sns:${region}:${account.accountId}:ops`;
  }

  private get cw() {
    return this.account.regions[this.region]!.cloudwatch;
  }

  private get cache() {
    return this.account.regions[this.region]!.elasticache;
  }

  private pick<T>(items: readonly T[]): T | undefined {
    return items[Math.floor(this.random() * items.length)];
  }

  private chance(p: number): boolean {
    return this.random() < p;
  }

  private name(prefix: string): string {
    this.serial += 1;
    return `${prefix}-${this.serial.toString(36)}`;
  }

  resourceCount(): number {
    return this.account.s3.buckets.length + this.cw.alarms.length + this.cache.cacheClusters.length;
  }

  populate({ buckets, alarms, clusters }: { buckets: number; alarms: number; clusters: number }): void {
    for (let i = 0; i < buckets; i += 1) this.account.s3.buckets.push(this.newBucket());
    for (let i = 0; i < alarms; i += 1) this.cw.alarms.push(this.newAlarm());
    for (let i = 0; i < clusters; i += 1) this.cache.cacheClusters.push(this.newCluster());
  }

  private newBucket() {
    return { name: this.name('bucket'), region: this.region, versioning: this.chance(0.8) ? ('Enabled' as const) : undefined };
  }

  private newAlarm() {
    return {
      kind: 'metric' as const,
      name: this.name('alarm'),
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      threshold: 100,
      actionsEnabled: this.chance(0.9),
      alarmActions: this.chance(0.85) ? [this.topic] : [],
    };
  }

  private newCluster() {
    return {
      id: this.name('cache'),
      engine: 'redis' as const,
      snapshotRetentionLimit: this.chance(0.7) ? 7 : 0,
      autoMinorVersionUpgrade: this.chance(0.9),
    };
  }

  private detail(eventSource: string, eventName: string, requestParameters: Detail | null, extra: Detail = {}): Detail {
    this.serial += 1;
    const at = new Date(Date.UTC(2026, 10, 23) + this.serial * 1000).toISOString().replace('.000', '');
    return {
      eventVersion: '1.09',
      userIdentity: { type: 'AssumedRole', accountId: this.account.accountId, arn: `arn:aws:sts::${this.account.accountId}:assumed-role/deploy/soak` },
      eventTime: at,
      eventSource,
      eventName,
      awsRegion: this.region,
      sourceIPAddress: '203.0.113.24',
      userAgent: 'aws-cli/2.22.4',
      requestParameters,
      responseElements: null,
      requestID: `req-${this.serial}`,
      eventID: `evt-${this.serial}`,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: this.account.accountId,
      ...extra,
    };
  }

  private tally(kind: string): void {
    this.counts[kind] = (this.counts[kind] ?? 0) + 1;
  }

  /** One change to the account and the records that report it (none when CloudTrail "misses" it). */
  private change(): Detail[] {
    const s3 = 's3.amazonaws.com';
    const cw = 'monitoring.amazonaws.com';
    const ec = 'elasticache.amazonaws.com';
    const roll = this.random();
    let records: Detail[] = [];
    if (roll < 0.3) {
      const bucket = this.pick(this.account.s3.buckets);
      if (!bucket) return [];
      bucket.versioning = this.chance(0.5) ? 'Enabled' : 'Suspended';
      records = [this.detail(s3, 'PutBucketVersioning', { bucketName: bucket.name, VersioningConfiguration: { Status: bucket.versioning } })];
      this.tally('bucket-versioning');
    } else if (roll < 0.34) {
      const bucket = this.newBucket();
      this.account.s3.buckets.push(bucket);
      records = [this.detail(s3, 'CreateBucket', { bucketName: bucket.name })];
      if (bucket.versioning) records.push(this.detail(s3, 'PutBucketVersioning', { bucketName: bucket.name, VersioningConfiguration: { Status: 'Enabled' } }));
      this.tally('bucket-created');
    } else if (roll < 0.37) {
      const bucket = this.pick(this.account.s3.buckets);
      if (!bucket) return [];
      this.account.s3.buckets = this.account.s3.buckets.filter((b) => b !== bucket);
      records = [this.detail(s3, 'DeleteBucket', { bucketName: bucket.name })];
      this.tally('bucket-deleted');
    } else if (roll < 0.55) {
      const alarm = this.pick(this.cw.alarms);
      if (!alarm) return [];
      alarm.actionsEnabled = !alarm.actionsEnabled;
      records = [this.detail(cw, alarm.actionsEnabled ? 'EnableAlarmActions' : 'DisableAlarmActions', { alarmNames: [alarm.name] })];
      this.tally('alarm-actions-toggled');
    } else if (roll < 0.65) {
      const existing = this.chance(0.7) ? this.pick(this.cw.alarms) : undefined;
      const alarm = existing ?? this.newAlarm();
      if (!existing) this.cw.alarms.push(alarm);
      alarm.alarmActions = this.chance(0.6) ? [this.topic] : [];
      alarm.actionsEnabled = true;
      records = [
        this.detail(cw, 'PutMetricAlarm', {
          alarmName: alarm.name,
          actionsEnabled: true,
          alarmActions: alarm.alarmActions,
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          threshold: 100,
        }),
      ];
      this.tally(existing ? 'alarm-updated' : 'alarm-created');
    } else if (roll < 0.68) {
      const alarm = this.pick(this.cw.alarms);
      if (!alarm) return [];
      this.cw.alarms = this.cw.alarms.filter((a) => a !== alarm);
      records = [this.detail(cw, 'DeleteAlarms', { alarmNames: [alarm.name] })];
      this.tally('alarm-deleted');
    } else if (roll < 0.93) {
      const cluster = this.pick(this.cache.cacheClusters);
      if (!cluster) return [];
      if (this.chance(0.5)) cluster.snapshotRetentionLimit = cluster.snapshotRetentionLimit ? 0 : 7;
      else cluster.autoMinorVersionUpgrade = !cluster.autoMinorVersionUpgrade;
      records = [
        this.detail(ec, 'ModifyCacheCluster', {
          cacheClusterId: cluster.id,
          snapshotRetentionLimit: cluster.snapshotRetentionLimit,
          autoMinorVersionUpgrade: cluster.autoMinorVersionUpgrade,
          applyImmediately: true,
        }),
      ];
      this.tally('cluster-modified');
    } else if (roll < 0.97) {
      const cluster = this.newCluster();
      this.cache.cacheClusters.push(cluster);
      records = [this.detail(ec, 'CreateCacheCluster', { cacheClusterId: cluster.id, engine: 'redis', numCacheNodes: 1, cacheNodeType: 'cache.t3.micro' })];
      this.tally('cluster-created');
    } else {
      const cluster = this.pick(this.cache.cacheClusters);
      if (!cluster) return [];
      this.cache.cacheClusters = this.cache.cacheClusters.filter((c) => c !== cluster);
      records = [this.detail(ec, 'DeleteCacheCluster', { cacheClusterId: cluster.id })];
      this.tally('cluster-deleted');
    }
    if (this.chance(0.08)) {
      this.tally('unreported');
      return [];
    }
    return records;
  }

  /** A record that changes nothing: a re-delivery, a failed or read-only call, an event no rule reads. */
  private noise(): Detail {
    const roll = this.random();
    const earlier = this.pick(this.delivered);
    if (roll < 0.4 && earlier) {
      this.tally('redelivered');
      return earlier;
    }
    const bucket = this.pick(this.account.s3.buckets)?.name ?? 'gone';
    if (roll < 0.6) {
      this.tally('failed-call');
      return this.detail(
        's3.amazonaws.com',
        'PutBucketVersioning',
        { bucketName: bucket, VersioningConfiguration: { Status: 'Suspended' } },
        { errorCode: 'AccessDenied', errorMessage: 'Access Denied' },
      );
    }
    if (roll < 0.8) {
      this.tally('read-only');
      return this.detail('s3.amazonaws.com', 'GetBucketVersioning', { bucketName: bucket }, { readOnly: true });
    }
    this.tally('unknown-event');
    return this.detail('s3.amazonaws.com', 'PutBucketCors', { bucketName: bucket });
  }

  /** `n` records for the changes made now, shuffled within short windows (EventBridge does not keep order). */
  events(n: number): Detail[] {
    const out: Detail[] = [];
    while (out.length < n) {
      const records = this.chance(0.15) ? [this.noise()] : this.change();
      for (const r of records) if (out.length < n) out.push(r);
    }
    for (let i = 0; i < out.length; i += 1) {
      const j = Math.min(out.length - 1, i + Math.floor(this.random() * 20));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    this.delivered.push(...out);
    return out;
  }
}

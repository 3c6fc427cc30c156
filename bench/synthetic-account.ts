/**
 * The benchmark's synthetic account: plain in-memory data (the demo's account types), deterministic
 * from a seed, with a realistic mix of compliant and failing resources so every rule path runs.
 */
import type { MemoryAlarm } from '../src/cli/demo/memory-account/cloudwatch.js';
import type { MemoryCacheCluster, MemoryReplicationGroup } from '../src/cli/demo/memory-account/elasticache.js';
import { emptyAccount, ensureRegion, type MemoryAccount } from '../src/cli/demo/memory-account/index.js';
import type { MemoryBucket } from '../src/cli/demo/memory-account/s3.js';
import type { MemoryTopic } from '../src/cli/demo/memory-account/sns.js';

export interface AccountShape {
  buckets: number;
  alarms: number;
  topics: number;
  cacheClusters: number;
  replicationGroups: number;
  budgets: number;
  dashboards: number;
}

/** The issue's account: 2,000 buckets, 500 alarms across 40 topics, 100 clusters / 50 groups, 20 budgets. */
export const ISSUE_SHAPE: AccountShape = {
  buckets: 2000,
  alarms: 500,
  topics: 40,
  cacheClusters: 100,
  replicationGroups: 50,
  budgets: 20,
  dashboards: 3,
};

/** The shape scaled down (at least one of each), for the fan-out's many member accounts. */
export function scaledShape(factor: number): AccountShape {
  const scale = (n: number) => Math.max(1, Math.round(n * factor));
  const groups = scale(ISSUE_SHAPE.replicationGroups);
  return {
    buckets: scale(ISSUE_SHAPE.buckets),
    alarms: scale(ISSUE_SHAPE.alarms),
    topics: scale(ISSUE_SHAPE.topics),
    // Two members per group, as in the issue's account.
    cacheClusters: Math.max(groups * 2, scale(ISSUE_SHAPE.cacheClusters)),
    replicationGroups: groups,
    budgets: scale(ISSUE_SHAPE.budgets),
    dashboards: scale(ISSUE_SHAPE.dashboards),
  };
}

/** mulberry32: a tiny seeded PRNG, so every run builds the same account. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width = 4) => String(n).padStart(width, '0');

/**
 * Builds the account. Regional resources are spread round-robin over `regions`; budgets and
 * dashboards are account-wide (dashboards live in the partition's home region, us-east-1).
 */
export function syntheticAccount(accountId: string, regions: readonly string[], shape: AccountShape = ISSUE_SHAPE, seed = 42): MemoryAccount {
  const random = seededRandom(seed);
  const account = emptyAccount(accountId, regions);
  const regionAt = (i: number) => regions[i % regions.length] ?? 'us-east-1';

  for (let i = 0; i < shape.buckets; i += 1) {
    const roll = random();
    const bucket: MemoryBucket = { name: `bench-${accountId}-bucket-${pad(i)}`, region: regionAt(i) };
    // 70% versioned (a third of those with MFA delete), 20% suspended, 10% never versioned.
    if (roll < 0.7) {
      bucket.versioning = 'Enabled';
      bucket.mfaDelete = random() < 0.33 ? 'Enabled' : 'Disabled';
    } else if (roll < 0.9) {
      bucket.versioning = 'Suspended';
    }
    account.s3.buckets.push(bucket);
  }

  // Topics live in the region of the alarms that notify them; some reach nobody (pending or no subscription).
  const topicArn = (t: number) => `arn:aws:sns:${regionAt(t)}:${accountId}:bench-topic-${pad(t, 3)}`;
  for (let t = 0; t < shape.topics; t += 1) {
    const topic: MemoryTopic = {
      name: `bench-topic-${pad(t, 3)}`,
      subscriptions: t % 20 === 19 ? [] : [{ protocol: 'email', endpoint: `oncall+${t}@example.com`, confirmed: t % 7 !== 3 }],
    };
    ensureRegion(account, regionAt(t)).sns.topics.push(topic);
  }

  for (let i = 0; i < shape.alarms; i += 1) {
    const topic = i % shape.topics;
    const billing = i === 0;
    const alarm: MemoryAlarm = {
      kind: 'metric',
      name: billing ? 'billing-estimated-charges' : `bench-alarm-${pad(i)}`,
      namespace: billing ? 'AWS/Billing' : 'AWS/Lambda',
      metricName: billing ? 'EstimatedCharges' : 'Errors',
      threshold: billing ? 300 : 1,
      actionsEnabled: random() > 0.04,
      alarmActions: random() > 0.05 ? [topicArn(topic)] : [],
    };
    // An alarm notifies topics of its own region: put it where its topic is (billing alarms in us-east-1).
    ensureRegion(account, billing ? 'us-east-1' : regionAt(topic)).cloudwatch.alarms.push(alarm);
  }

  for (let d = 0; d < shape.dashboards; d += 1) {
    ensureRegion(account, 'us-east-1').cloudwatch.dashboards.push({ name: `bench-dashboard-${d}` });
  }

  const perGroup = Math.floor(shape.cacheClusters / shape.replicationGroups);
  let clusterIndex = 0;
  for (let g = 0; g < shape.replicationGroups; g += 1) {
    const region = regionAt(g);
    const good = random() < 0.6;
    const members: string[] = [];
    for (let m = 0; m < perGroup; m += 1) members.push(`bench-rg-${pad(g, 3)}-${pad(m + 1, 3)}`);
    const group: MemoryReplicationGroup = {
      id: `bench-rg-${pad(g, 3)}`,
      engine: 'valkey',
      memberClusters: members,
      automaticFailover: good ? 'enabled' : 'disabled',
      multiAZ: good ? 'enabled' : 'disabled',
      snapshotRetentionLimit: good ? 7 : 0,
      transitEncryption: good,
      transitEncryptionMode: good ? 'required' : undefined,
      atRestEncryption: good || random() < 0.5,
    };
    const { elasticache } = ensureRegion(account, region);
    elasticache.replicationGroups.push(group);
    for (const id of members) {
      const cluster: MemoryCacheCluster = {
        id,
        engine: 'valkey',
        replicationGroupId: group.id,
        subnetGroup: good ? 'bench-private' : 'default',
        snapshotRetentionLimit: group.snapshotRetentionLimit,
        transitEncryption: group.transitEncryption,
        atRestEncryption: group.atRestEncryption,
        autoMinorVersionUpgrade: random() > 0.1,
      };
      elasticache.cacheClusters.push(cluster);
      clusterIndex += 1;
    }
  }
  // Standalone clusters fill up to the requested count.
  for (let c = clusterIndex; c < shape.cacheClusters; c += 1) {
    ensureRegion(account, regionAt(c)).elasticache.cacheClusters.push({
      id: `bench-cache-${pad(c, 3)}`,
      engine: 'redis',
      snapshotRetentionLimit: c % 2 === 0 ? 1 : 0,
      transitEncryption: c % 3 === 0,
      autoMinorVersionUpgrade: true,
    });
  }

  for (let b = 0; b < shape.budgets; b += 1) {
    account.budgets.budgets.push({
      name: `bench-budget-${pad(b, 3)}`,
      limit: { amount: 100 + b * 10 },
      notifications:
        b % 10 === 9
          ? []
          : [
              { threshold: 80, subscribers: [{ type: 'EMAIL', address: `finance+${b}@example.com` }] },
              { threshold: 100, type: 'FORECASTED', subscribers: b % 4 === 0 ? [] : [{ type: 'SNS', address: topicArn(b % shape.topics) }] },
            ],
    });
  }
  return account;
}

/** Counts of what the account holds, for the report. */
export function describeAccount(account: MemoryAccount): Record<string, number> {
  const regions = Object.values(account.regions);
  const sum = (pick: (r: (typeof regions)[number]) => number) => regions.reduce((n, r) => n + pick(r), 0);
  return {
    buckets: account.s3.buckets.length,
    alarms: sum((r) => r.cloudwatch.alarms.length),
    topics: sum((r) => r.sns.topics.length),
    cacheClusters: sum((r) => r.elasticache.cacheClusters.length),
    replicationGroups: sum((r) => r.elasticache.replicationGroups.length),
    budgets: account.budgets.budgets.length,
    dashboards: sum((r) => r.cloudwatch.dashboards.length),
  };
}

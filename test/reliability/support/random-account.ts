/**
 * Random Core-pack accounts (S3, Budgets, CloudWatch alarms and dashboards, SNS topics, ElastiCache)
 * in the in-memory account's model: every optional setting sometimes set, sometimes left to AWS's
 * default; alarms point at topics that exist, that do not, or at non-SNS actions.
 */
import fc from 'fast-check';
import { emptyAccount, ensureRegion, type MemoryAccount } from '../../../src/cli/demo/memory-account/index.js';
import type { MemoryAlarm } from '../../../src/cli/demo/memory-account/cloudwatch.js';

const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'us-east-1'] as const;
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const bucket = fc.record({
  name: name.map((n) => `b-${n}`),
  region: fc.constantFrom(...REGIONS),
  versioning: maybe(fc.constantFrom('Enabled' as const, 'Suspended' as const)),
  mfaDelete: maybe(fc.constantFrom('Enabled' as const, 'Disabled' as const)),
  tags: maybe(fc.dictionary(fc.constantFrom('env', 'critical', 'team'), fc.constantFrom('prod', 'true', ''), { maxKeys: 3 })),
  lifecycleRules: maybe(
    fc.oneof(
      fc.nat({ max: 3 }),
      fc.array(fc.record({ id: maybe(name), status: maybe(fc.constantFrom('Enabled' as const, 'Disabled' as const)) }), { maxLength: 3 }),
    ),
  ),
  replication: maybe(
    fc.record({
      role: maybe(fc.constant(`arn:aws:iam::${ACCOUNT}:role/replication`)),
      rules: fc.array(
        fc.record({
          destinationBucket: name,
          status: maybe(fc.constantFrom('Enabled' as const, 'Disabled' as const)),
          destinationAccount: maybe(fc.constantFrom(ACCOUNT, '210987654321')),
        }),
        { maxLength: 2 },
      ),
    }),
  ),
});

const subscription = fc.record({
  protocol: fc.constantFrom('email' as const, 'sms' as const, 'https' as const, 'sqs' as const, 'lambda' as const),
  endpoint: fc.constantFrom('ops@example.com', '+15555550100', 'https://hooks.example.com/x'),
  confirmed: fc.boolean(),
});
const topic = fc.record({ name: name.map((n) => `t-${n}`), displayName: maybe(name), subscriptions: fc.array(subscription, { maxLength: 3 }) });

const alarm = (region: string, topics: readonly string[]): fc.Arbitrary<MemoryAlarm> => {
  const action = fc.oneof(
    fc.constantFrom(...topics, 'missing-topic').map((t) => `arn:aws:sns:${region}:${ACCOUNT}:${t}`),
    fc.constant(`arn:aws:sns:us-west-2:${ACCOUNT}:elsewhere`),
    fc.constant(`arn:aws:autoscaling:${region}:${ACCOUNT}:scalingPolicy:1:autoScalingGroupName/g:policyName/p`),
  );
  const base = {
    name: name.map((n) => `a-${n}`),
    actionsEnabled: maybe(fc.boolean()),
    alarmActions: maybe(fc.array(action, { maxLength: 3 })),
    okActions: maybe(fc.array(action, { maxLength: 2 })),
    insufficientDataActions: maybe(fc.array(action, { maxLength: 1 })),
    state: maybe(fc.constantFrom('OK' as const, 'ALARM' as const, 'INSUFFICIENT_DATA' as const)),
  };
  return fc.oneof(
    fc.record({
      ...base,
      kind: fc.constant('metric' as const),
      namespace: fc.constantFrom('AWS/Billing', 'AWS/SQS', 'AWS/EC2'),
      metricName: fc.constantFrom('EstimatedCharges', 'CPUUtilization', 'ApproximateNumberOfMessagesVisible'),
      threshold: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      dimensions: maybe(fc.dictionary(fc.constantFrom('Currency', 'QueueName'), fc.constantFrom('USD', 'q'), { maxKeys: 2 })),
      statistic: maybe(fc.constantFrom('Average' as const, 'Maximum' as const, 'Sum' as const)),
      period: maybe(fc.constantFrom(60, 300, 21_600)),
    }),
    fc.record({ ...base, kind: fc.constant('composite' as const), alarmRule: fc.constantFrom('ALARM(a) OR ALARM(b)', 'TRUE', '') }),
  );
};

const cluster = fc.record({
  id: name.map((n) => `c-${n}`),
  engine: fc.constantFrom('redis' as const, 'valkey' as const, 'memcached' as const),
  status: maybe(fc.constantFrom('available', 'creating', 'modifying', 'deleting', 'snapshotting', 'incompatible-network')),
  numNodes: maybe(fc.integer({ min: 1, max: 3 })),
  subnetGroup: maybe(fc.constantFrom('default', 'private-cache')),
  snapshotRetentionLimit: maybe(fc.nat({ max: 35 })),
  transitEncryption: maybe(fc.boolean()),
  transitEncryptionMode: maybe(fc.constantFrom('preferred' as const, 'required' as const)),
  atRestEncryption: maybe(fc.boolean()),
  autoMinorVersionUpgrade: maybe(fc.boolean()),
});

const group = (members: readonly string[]) =>
  fc.record({
    id: name.map((n) => `g-${n}`),
    status: maybe(fc.constantFrom('available', 'creating', 'deleting')),
    memberClusters: fc.subarray([...members]),
    automaticFailover: maybe(fc.constantFrom('enabled' as const, 'disabled' as const, 'enabling' as const)),
    multiAZ: maybe(fc.constantFrom('enabled' as const, 'disabled' as const)),
    snapshotRetentionLimit: maybe(fc.nat({ max: 35 })),
    transitEncryption: maybe(fc.boolean()),
    atRestEncryption: maybe(fc.boolean()),
  });

const budget = fc.record({
  name: name.map((n) => `budget-${n}`),
  type: maybe(fc.constantFrom('COST' as const, 'USAGE' as const, 'RI_UTILIZATION' as const)),
  timeUnit: maybe(fc.constantFrom('DAILY' as const, 'MONTHLY' as const, 'ANNUALLY' as const)),
  limit: maybe(fc.record({ amount: fc.double({ min: 0, max: 1e5, noNaN: true }), unit: maybe(fc.constantFrom('USD', 'EUR')) })),
  notifications: maybe(
    fc.array(
      fc.record({
        type: maybe(fc.constantFrom('ACTUAL' as const, 'FORECASTED' as const)),
        operator: maybe(fc.constantFrom('GREATER_THAN' as const, 'LESS_THAN' as const, 'EQUAL_TO' as const)),
        threshold: fc.double({ min: 0, max: 500, noNaN: true }),
        thresholdType: maybe(fc.constantFrom('PERCENTAGE' as const, 'ABSOLUTE_VALUE' as const)),
        subscribers: fc.array(
          fc.record({
            type: fc.constantFrom('EMAIL' as const, 'SNS' as const),
            address: fc.constantFrom('ops@example.com', `arn:aws:sns:us-east-1:${ACCOUNT}:billing`),
          }),
          { maxLength: 2 },
        ),
      }),
      { maxLength: 3 },
    ),
  ),
});

const uniqueBy = <T extends { name?: string; id?: string }>(items: T[]): T[] => {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = i.name ?? i.id ?? '';
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

const regionState = (region: string) =>
  fc.array(topic, { maxLength: 3 }).chain((topics) =>
    fc.record({
      topics: fc.constant(uniqueBy(topics)),
      alarms: fc.array(
        alarm(
          region,
          topics.map((t) => t.name),
        ),
        { maxLength: 5 },
      ),
      dashboards: fc.array(fc.record({ name: name.map((n) => `d-${n}`) }), { maxLength: 2 }),
      clusters: fc.array(cluster, { maxLength: 4 }),
    }),
  );

export const randomCoreAccount: fc.Arbitrary<MemoryAccount> = fc
  .record({
    buckets: fc.array(bucket, { maxLength: 6 }),
    budgets: fc.array(budget, { maxLength: 3 }),
    regions: fc.tuple(...REGIONS.map(regionState)),
  })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(
        ...shape.regions.map((r) =>
          fc.array(
            group(
              uniqueBy(r.clusters)
                .filter((c) => c.engine !== 'memcached')
                .map((c) => c.id),
            ),
            { maxLength: 2 },
          ),
        ),
      ),
    ),
  )
  .map(([shape, groups]) => {
    const account = emptyAccount(ACCOUNT, [...REGIONS]);
    account.s3.buckets = uniqueBy(shape.buckets);
    account.budgets.budgets = uniqueBy(shape.budgets);
    REGIONS.forEach((region, i) => {
      const state = ensureRegion(account, region);
      const r = shape.regions[i]!;
      state.sns.topics = r.topics;
      state.cloudwatch.alarms = uniqueBy(r.alarms);
      state.cloudwatch.dashboards = uniqueBy(r.dashboards);
      const clusters = uniqueBy(r.clusters);
      const regionGroups = uniqueBy(groups[i] ?? []);
      // A cluster belongs to at most one group, and says so.
      const owner = new Map<string, string>();
      for (const g of regionGroups) {
        g.memberClusters = g.memberClusters.filter((id) => !owner.has(id));
        for (const id of g.memberClusters) owner.set(id, g.id);
      }
      state.elasticache.cacheClusters = clusters.map((c) => ({ ...c, replicationGroupId: owner.get(c.id) }));
      state.elasticache.replicationGroups = regionGroups;
    });
    return account;
  });

/**
 * The scenario judged over the wire: the demo's sample account (src/cli/demo/sample-account.ts), plus
 * edge cases the sample does not hold (disabled rules, port ranges, UDP, thresholds out of range,
 * stopped trails, FORECASTED alerts...), so that more of each rule's branches are compared between
 * the in-memory account and moto.
 */
import { sampleAccount } from '../../src/cli/demo/sample-account.js';
import { ensureRegion, type MemoryAccount } from '../../src/cli/demo/memory-account/index.js';
import { memoryPolicyArn } from '../../src/cli/demo/memory-account/iam.js';

const DAY_MS = 86_400_000;

export function scenarioAccount(now: Date = new Date()): MemoryAccount {
  const account = sampleAccount();
  addEdgeCases(account, now);
  return account;
}

function addEdgeCases(account: MemoryAccount, now: Date): void {
  const ireland = ensureRegion(account, 'eu-west-1');
  const virginia = ensureRegion(account, 'us-east-1');
  const topic = (region: string, name: string) => `arn:aws:sns:${region}:${account.accountId}:${name}`;

  account.s3.buckets.push(
    // Critical, versioned, but its only lifecycle rule and its only replication rule are Disabled.
    {
      name: 'edge-disabled-rules',
      region: 'eu-west-1',
      versioning: 'Enabled',
      tags: { critical: 'true' },
      lifecycleRules: [{ id: 'expire-later', status: 'Disabled' }],
      replication: {
        role: `arn:aws:iam::${account.accountId}:role/replication`,
        rules: [{ id: 'off', status: 'Disabled', destinationBucket: 'retainwise-backups-us' }],
      },
    },
    { name: 'edge-plain-us', region: 'us-east-1' },
  );

  account.budgets.budgets.push(
    // Alerts on the forecast only: no ACTUAL alert at 50/80/100 %.
    {
      name: 'edge-forecast-only',
      limit: { amount: 50 },
      notifications: [50, 80, 100].map((threshold) => ({
        type: 'FORECASTED' as const,
        threshold,
        subscribers: [{ type: 'EMAIL' as const, address: 'cost@example.com' }],
      })),
    },
    // A usage budget is not a cost budget.
    { name: 'edge-usage', type: 'USAGE', limit: { amount: 1000, unit: 'GB' } },
  );

  ireland.sns.topics.push({ name: 'edge-no-subscribers', subscriptions: [] });
  ireland.cloudwatch.alarms.push(
    // Only OK actions: nobody hears the ALARM.
    { kind: 'metric', name: 'edge-ok-only', namespace: 'AWS/EC2', metricName: 'CPUUtilization', threshold: 90, okActions: [topic('eu-west-1', 'ops-alerts')] },
    {
      kind: 'metric',
      name: 'edge-silent-topic',
      namespace: 'AWS/EC2',
      metricName: 'StatusCheckFailed',
      threshold: 1,
      alarmActions: [topic('eu-west-1', 'edge-no-subscribers')],
    },
    {
      kind: 'metric',
      name: 'edge-deleted-topic',
      namespace: 'AWS/EC2',
      metricName: 'NetworkIn',
      threshold: 1e9,
      alarmActions: [topic('eu-west-1', 'edge-was-deleted')],
    },
  );

  ireland.elasticache.cacheClusters.push(
    { id: 'edge-memcached', engine: 'memcached', numNodes: 2, subnetGroup: 'retainwise-cache-private' },
    {
      id: 'edge-no-upgrades',
      engine: 'redis',
      snapshotRetentionLimit: 3,
      transitEncryption: true,
      autoMinorVersionUpgrade: false,
      subnetGroup: 'retainwise-cache-private',
    },
    { id: 'edge-bare-group-001', engine: 'redis', replicationGroupId: 'edge-bare-group', subnetGroup: 'retainwise-cache-private' },
  );
  ireland.elasticache.replicationGroups.push({
    id: 'edge-bare-group',
    engine: 'redis',
    memberClusters: ['edge-bare-group-001'],
    automaticFailover: 'disabled',
    multiAZ: 'disabled',
    snapshotRetentionLimit: 0,
  });

  virginia.cloudtrail.trails.push({ name: 'edge-stopped', logging: false, logFileValidation: true, s3BucketName: 'edge-trail-logs' });

  const denyAllButIam = { name: 'edge-not-action', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] } };
  const deleteOneBucket = {
    name: 'edge-delete-bucket',
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:DeleteBucket', Resource: 'arn:aws:s3:::retainwise-logs' }] },
  };
  account.iam.policies.push(denyAllButIam, deleteOneBucket);
  account.iam.users.push({
    name: 'edge-ci',
    attachedPolicies: [memoryPolicyArn(deleteOneBucket, account.accountId)],
    inlinePolicies: { 'put-anywhere': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: '*' }] } },
  });
  account.iam.groups.push({ name: 'edge-admins', attachedPolicies: [memoryPolicyArn(denyAllButIam, account.accountId)] });

  ireland.rds.instances.push({ id: 'edge-short-backups', engine: 'mysql', backupRetentionPeriod: 7, storageEncrypted: true, availabilityZone: 'eu-west-1c' });
  // RDS takes a first automated snapshot when an instance with backups is created (moto does too).
  ireland.rds.snapshots.push({
    id: 'rds:edge-short-backups-initial',
    instanceId: 'edge-short-backups',
    type: 'automated',
    createdAt: new Date(now.getTime() - 3_600_000).toISOString(),
  });

  ireland.ec2.vpcs.push({ id: 'vpc-0edge', name: 'edge-reject-only', cidrBlock: '10.99.0.0/16' });
  ireland.ec2.flowLogs.push({ id: 'fl-0edge', resourceId: 'vpc-0edge', trafficType: 'REJECT', destination: '/vpc/flow-logs/edge' });
  ireland.ec2.securityGroups.push(
    { id: 'sg-0edgerange', name: 'edge-wide-range', vpcId: 'vpc-0edge', ingress: [{ protocol: 'tcp', fromPort: 0, toPort: 1024, cidrs: ['0.0.0.0/0'] }] },
    { id: 'sg-0edgeudp', name: 'edge-udp-rdp', vpcId: 'vpc-0edge', ingress: [{ protocol: 'udp', fromPort: 3389, toPort: 3389, cidrs: ['::/0'] }] },
    { id: 'sg-0edgeprivate', name: 'edge-private-ssh', vpcId: 'vpc-0edge', ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['10.0.0.0/8'] }] },
  );

  ireland.logs.logGroups.push({ name: '/edge/too-short', retentionInDays: 7 }, { name: '/edge/too-long', retentionInDays: 3653 });

  ireland.secretsmanager.secrets.push({
    name: 'edge/slow-rotation',
    rotationEnabled: true,
    rotationDays: 120,
    lastRotatedAt: new Date(now.getTime() - DAY_MS),
  });

  ireland.dynamodb.tables.push({ name: 'edge-short-pitr', pitr: true, recoveryPeriodInDays: 7 });

  ireland.acm.certificates.push(
    // Expires tomorrow (ACM, like moto, refuses to import an already expired certificate).
    {
      id: '11111111-2222-4333-8444-555555555555',
      domainName: 'tomorrow.retainwise.example',
      type: 'IMPORTED',
      notBefore: new Date(now.getTime() - 400 * DAY_MS),
      notAfter: new Date(now.getTime() + 1.5 * DAY_MS),
      inUseBy: ['arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/public-api/50dc6c495c0c9188'],
    },
    {
      id: '66666666-7777-4888-9999-000000000000',
      domainName: 'unused.retainwise.example',
      type: 'IMPORTED',
      notBefore: new Date(now.getTime() - 300 * DAY_MS),
      notAfter: new Date(now.getTime() + 5 * DAY_MS),
    },
  );

  ireland.elbv2.loadBalancers.push({ name: 'edge-public-nlb', type: 'network', scheme: 'internet-facing' });
}

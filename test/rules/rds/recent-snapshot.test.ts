import { DescribeDBClustersCommand, DescribeDBClusterSnapshotsCommand, DescribeDBInstancesCommand, DescribeDBSnapshotsCommand } from '@aws-sdk/client-rds';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rdsRecentSnapshot as rule } from '../../../src/rules/rds/recent-snapshot.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, clusterSnapshot, instance, instanceArn, instanceNotFound, listing, member, rds, replica, snapshot } from './databases.js';

const NOW = new Date('2026-03-04T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
const daysAgo = (d: number) => hoursAgo(d * 24);

describe('rds-recent-snapshot', () => {
  beforeEach(() => {
    rds.reset();
    // Only Date is faked: the SDK's timers keep running.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('passes databases whose newest available snapshot is recent, whatever its type', async () => {
    // Prepare
    listing({
      instances: [instance('retainwise-db'), member('reporting-1', 'reporting', 'eu-west-1a')],
      clusters: [cluster('reporting')],
      snapshots: [
        snapshot('rds:retainwise-db-2026-03-02-03-10', 'retainwise-db', daysAgo(2)),
        snapshot('rds:retainwise-db-2026-03-04-03-10', 'retainwise-db', hoursAgo(9)),
        snapshot('retainwise-db-creating', 'retainwise-db', hoursAgo(1), { Status: 'creating', SnapshotType: 'manual' }),
      ],
      clusterSnapshots: [clusterSnapshot('reporting-before-upgrade', 'reporting', daysAgo(3), { SnapshotType: 'manual' })],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'retainwise-db':
        'PASS: the newest snapshot of DB instance retainwise-db is 9 hours old (automated snapshot rds:retainwise-db-2026-03-04-03-10; maximum 7 days)',
      reporting: 'PASS: the newest snapshot of Aurora cluster reporting is 3 days old (manual snapshot reporting-before-upgrade; maximum 7 days)',
    });
    expect(findings.find((f) => f.resourceName === 'retainwise-db')).toMatchObject({
      resourceId: instanceArn('retainwise-db'),
      severity: 'MEDIUM',
      evidence: {
        maxAgeDays: 7,
        snapshots: 3,
        availableSnapshots: 2,
        newest: { id: 'rds:retainwise-db-2026-03-04-03-10', type: 'automated', takenAt: '2026-03-04T03:00:00.000Z' },
      },
    });
  });

  it('fails databases with only old snapshots, none, or none available yet', async () => {
    listing({
      instances: [instance('analytics-db'), instance('scratch-db'), instance('new-db')],
      clusters: [cluster('reporting')],
      snapshots: [
        snapshot('analytics-db-before-migration', 'analytics-db', daysAgo(45), { SnapshotType: 'manual' }),
        snapshot('new-db-first', 'new-db', hoursAgo(1), { Status: 'creating', SnapshotType: 'manual' }),
      ],
      clusterSnapshots: [clusterSnapshot('rds:reporting-2026-02-20-03-10', 'reporting', daysAgo(12))],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'analytics-db': 'FAIL: the newest snapshot of DB instance analytics-db is 45 days old (manual snapshot analytics-db-before-migration), older than 7 days',
      'scratch-db': 'FAIL: DB instance scratch-db has no available snapshot',
      'new-db': 'FAIL: DB instance new-db has no available snapshot (1 snapshot not available)',
      reporting: 'FAIL: the newest snapshot of Aurora cluster reporting is 12 days old (automated snapshot rds:reporting-2026-02-20-03-10), older than 7 days',
    });
  });

  it('dates a copy from its original, and ignores snapshots of an earlier database with the same name', async () => {
    listing({
      instances: [instance('retainwise-db')],
      snapshots: [
        snapshot('retainwise-db-copy', 'retainwise-db', hoursAgo(2), { SnapshotType: 'manual', OriginalSnapshotCreateTime: daysAgo(30) }),
        snapshot('retainwise-db-previous-life', 'retainwise-db', hoursAgo(1), { SnapshotType: 'manual', DbiResourceId: 'db-OLDINSTANCE' }),
      ],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'retainwise-db': 'FAIL: the newest snapshot of DB instance retainwise-db is 30 days old (manual snapshot retainwise-db-copy), older than 7 days',
    });
  });

  it('counts AWS Backup snapshots, which AWS lists only on request', async () => {
    listing({ instances: [instance('retainwise-db', { BackupRetentionPeriod: 0 })] });
    rds.on(DescribeDBSnapshotsCommand, { SnapshotType: 'awsbackup' }).resolves({
      DBSnapshots: [snapshot('awsbackup:job-1a2b3c4d', 'retainwise-db', daysAgo(1), { SnapshotType: 'awsbackup' })],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'retainwise-db': 'PASS: the newest snapshot of DB instance retainwise-db is 1 day old (awsbackup snapshot awsbackup:job-1a2b3c4d; maximum 7 days)',
    });
  });

  it('accepts older snapshots when maxAgeDays allows them', async () => {
    listing({ instances: [instance('retainwise-db')], snapshots: [snapshot('weekly', 'retainwise-db', daysAgo(20), { SnapshotType: 'manual' })] });

    const { findings } = await runRule(rule, { params: { maxAgeDays: 30 } });

    expect(findings[0]).toMatchObject({ status: 'PASS', evidence: { maxAgeDays: 30 } });
  });

  it('is NOT_APPLICABLE for a read replica, and when the region has no database', async () => {
    listing({ instances: [replica('retainwise-db-replica', 'arn:aws:rds:eu-central-1:123456789012:db:retainwise-db')] });
    const withReplica = await runRule(rule);
    rds.reset();
    listing({});
    const none = await runRule(rule);

    expect(verdicts(withReplica.findings)).toEqual({
      'retainwise-db-replica':
        'NOT_APPLICABLE: DB instance retainwise-db-replica is a read replica of arn:aws:rds:eu-central-1:123456789012:db:retainwise-db, backed up through its source: its snapshot age is not evaluated',
    });
    expect(verdicts(none.findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::RDS::DBInstance in eu-west-1' });
  });

  it('is ERROR, not FAIL, when the snapshots cannot be read', async () => {
    listing({ instances: [instance('retainwise-db')], clusters: [cluster('reporting')] });
    rds.on(DescribeDBSnapshotsCommand).rejects(accessDenied());
    rds.on(DescribeDBClusterSnapshotsCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'retainwise-db': 'ERROR: AccessDenied: User is not authorized to perform this action',
      reporting: 'ERROR: ThrottlingException: Rate exceeded',
    });
    // One denied listing answers every database of the region: it is not asked again.
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClusterSnapshotsCommand, 1);
  });

  it('is one account-level ERROR when the databases cannot be listed', async () => {
    listing({});
    rds.on(DescribeDBClustersCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('reads every page of the snapshot listings, AWS Backup ones included', async () => {
    listing({ instances: [instance('db1')], clusters: [cluster('c1')] });
    rds
      .on(DescribeDBSnapshotsCommand, { SnapshotType: undefined })
      .resolvesOnce({ DBSnapshots: [snapshot('old', 'db1', daysAgo(40))], Marker: 's1' })
      .resolvesOnce({ DBSnapshots: [snapshot('new', 'db1', daysAgo(2))] });
    rds.on(DescribeDBSnapshotsCommand, { SnapshotType: 'awsbackup' }).resolvesOnce({ DBSnapshots: [], Marker: 'b1' }).resolvesOnce({ DBSnapshots: [] });
    rds
      .on(DescribeDBClusterSnapshotsCommand)
      .resolvesOnce({ DBClusterSnapshots: [clusterSnapshot('c-old', 'c1', daysAgo(50))], Marker: 'cs1' })
      .resolvesOnce({ DBClusterSnapshots: [clusterSnapshot('c-new', 'c1', daysAgo(6))] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['c1 PASS', 'db1 PASS']);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBSnapshotsCommand, 4);
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { Marker: 's1', SnapshotType: undefined });
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { Marker: 'b1', SnapshotType: 'awsbackup' });
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClusterSnapshotsCommand, 2);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBClusterSnapshotsCommand, 2, { Marker: 'cs1' });
  });

  it('re-evaluates one database named by an event from its own snapshots, without listing the region', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'retainwise-db' }).resolves({ DBInstances: [instance('retainwise-db')] });
    rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [snapshot('retainwise-drill', 'retainwise-db', hoursAgo(30), { SnapshotType: 'manual' })] });
    rds.on(DescribeDBSnapshotsCommand, { SnapshotType: 'awsbackup' }).resolves({ DBSnapshots: [] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [instanceArn('retainwise-db')] } });

    expect(verdicts(findings)).toEqual({
      'retainwise-db': 'PASS: the newest snapshot of DB instance retainwise-db is 1 day old (manual snapshot retainwise-drill; maximum 7 days)',
    });
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'retainwise-db', SnapshotType: undefined });
    expect(rds).toHaveReceivedCommandWith(DescribeDBSnapshotsCommand, { DBInstanceIdentifier: 'retainwise-db', SnapshotType: 'awsbackup' });
    expect(rds).not.toHaveReceivedCommand(DescribeDBClustersCommand);
    expect(rds).not.toHaveReceivedCommand(DescribeDBClusterSnapshotsCommand);
  });

  it('closes the finding (RESOLVED) of an Aurora member (judged on its cluster) and of a database that is gone', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'reporting-1' }).resolves({
      DBInstances: [member('reporting-1', 'reporting', 'eu-west-1a')],
    });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'analytics-db' }).rejects(instanceNotFound('analytics-db'));

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [instanceArn('reporting-1'), instanceArn('analytics-db')] },
    });

    expect(verdicts(findings)).toEqual({
      'reporting-1': 'RESOLVED: DB instance reporting-1 belongs to DB cluster reporting, whose snapshot age is evaluated on the cluster',
      'analytics-db': 'RESOLVED: analytics-db no longer exists',
    });
    expect(rds).not.toHaveReceivedCommand(DescribeDBSnapshotsCommand);
  });

  it('closes a cluster whose snapshots are asked for after it vanished', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('reporting')] });
    rds.on(DescribeDBClusterSnapshotsCommand).rejects(Object.assign(new Error('DBCluster reporting not found.'), { name: 'DBClusterNotFoundFault' }));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [clusterArn('reporting')] } });

    expect(verdicts(findings)).toEqual({ reporting: 'RESOLVED: reporting no longer exists' });
  });
});

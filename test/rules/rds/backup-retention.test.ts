import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { beforeEach, describe, expect, it } from 'vitest';
import { rdsBackupRetention as rule } from '../../../src/rules/rds/backup-retention.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, instance, instanceArn, instanceNotFound, listing, member, rds, replica } from './databases.js';

describe('rds-backup-retention', () => {
  beforeEach(() => rds.reset());

  it('passes clusters and standalone instances that keep 14 days, and never reports cluster members', async () => {
    // Prepare
    listing({
      clusters: [cluster('reporting', { BackupRetentionPeriod: 14 })],
      instances: [
        instance('retainwise-db', { BackupRetentionPeriod: 35 }),
        member('reporting-1', 'reporting', 'eu-west-1a'),
        member('reporting-2', 'reporting', 'eu-west-1b'),
      ],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      reporting: 'PASS: automated backups of Aurora cluster reporting are kept 14 days (minimum 14)',
      'retainwise-db': 'PASS: automated backups of DB instance retainwise-db are kept 35 days (minimum 14)',
    });
    expect(findings.find((f) => f.resourceName === 'reporting')).toMatchObject({
      resourceId: clusterArn('reporting'),
      resourceType: 'AWS::RDS::DBInstance',
      region: 'eu-west-1',
      accountId: ACCOUNT,
      severity: 'HIGH',
      evidence: { backupRetentionPeriod: 14, minRetentionDays: 14, engine: 'aurora-postgresql' },
    });
    expect(findings.find((f) => f.resourceName === 'retainwise-db')?.resourceId).toBe(instanceArn('retainwise-db'));
  });

  it('fails when backups are off or kept fewer days than required', async () => {
    listing({
      clusters: [cluster('reporting', { BackupRetentionPeriod: 7 })],
      instances: [instance('analytics-db', { BackupRetentionPeriod: 1 }), instance('scratch-db', { BackupRetentionPeriod: 0 })],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      reporting: 'FAIL: automated backups of Aurora cluster reporting are kept 7 days, fewer than the required 14',
      'analytics-db': 'FAIL: automated backups of DB instance analytics-db are kept 1 day, fewer than the required 14',
      'scratch-db': 'FAIL: automated backups are disabled on DB instance scratch-db',
    });
  });

  it('is ERROR, never "backups disabled", when the answer leaves BackupRetentionPeriod out', async () => {
    listing({ instances: [instance('analytics-db', { BackupRetentionPeriod: undefined })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'analytics-db': 'ERROR: DescribeDBInstances did not say how long DB instance analytics-db keeps automated backups (no BackupRetentionPeriod)',
    });
  });

  it('holds the 30 days of seed 003 when the param asks for them', async () => {
    listing({ instances: [instance('retainwise-db', { BackupRetentionPeriod: 14 })] });

    const { findings } = await runRule(rule, { params: { minRetentionDays: 30 } });

    expect(verdicts(findings)).toEqual({
      'retainwise-db': 'FAIL: automated backups of DB instance retainwise-db are kept 14 days, fewer than the required 30',
    });
  });

  it('is NOT_APPLICABLE for a read replica, which AWS backs up through its source (as RDS.11 skips it)', async () => {
    listing({ instances: [instance('retainwise-db'), replica('retainwise-db-replica', 'retainwise-db')] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'retainwise-db': 'PASS: automated backups of DB instance retainwise-db are kept 14 days (minimum 14)',
      'retainwise-db-replica':
        'NOT_APPLICABLE: DB instance retainwise-db-replica is a read replica of retainwise-db, backed up through its source: its backup retention is not evaluated',
    });
  });

  it('is NOT_APPLICABLE when the region has no database', async () => {
    listing({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::RDS::DBInstance in eu-west-1' });
  });

  it('is one account-level ERROR when the instances cannot be listed', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(accessDenied());
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('reporting')] });

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR when throttling outlasts the retries on a targeted evaluation', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [instanceArn('retainwise-db')] } });

    expect(verdicts(findings)).toEqual({ 'retainwise-db': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of both listings', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('db1')], Marker: 'i1' })
      .resolvesOnce({ DBInstances: [instance('db2')], Marker: 'i2' })
      .resolvesOnce({ DBInstances: [instance('db3')] });
    rds
      .on(DescribeDBClustersCommand)
      .resolvesOnce({ DBClusters: [cluster('c1')], Marker: 'c1' })
      .resolvesOnce({ DBClusters: [cluster('c2')] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName).sort()).toEqual(['c1', 'c2', 'db1', 'db2', 'db3']);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 3);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 1, { MaxRecords: 100, Marker: undefined });
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 2, { Marker: 'i1' });
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 3, { Marker: 'i2' });
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClustersCommand, 2);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBClustersCommand, 2, { Marker: 'c1' });
  });

  it('re-evaluates one cluster named by an event, without listing', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'reporting' }).resolves({
      DBClusters: [cluster('reporting', { BackupRetentionPeriod: 1 })],
    });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [clusterArn('reporting')] } });

    expect(verdicts(findings)).toEqual({
      reporting: 'FAIL: automated backups of Aurora cluster reporting are kept 1 day, fewer than the required 14',
    });
    expect(findings[0]?.resourceId).toBe(clusterArn('reporting'));
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClustersCommand, 1);
    expect(rds).not.toHaveReceivedCommand(DescribeDBInstancesCommand);
  });

  it('closes, never opens, the finding of an Aurora member an event names: the cluster carries the setting', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'reporting-2' }).resolves({
      DBInstances: [member('reporting-2', 'reporting', 'eu-west-1b', { BackupRetentionPeriod: 1 })],
    });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [instanceArn('reporting-2')] } });

    expect(verdicts(findings)).toEqual({
      'reporting-2': 'RESOLVED: DB instance reporting-2 belongs to DB cluster reporting, whose backup retention is evaluated on the cluster',
    });
  });

  it('closes the finding (RESOLVED) when the named instance no longer exists or is being deleted', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'gone-db' }).rejects(instanceNotFound('gone-db'));
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'analytics-db' }).resolves({
      DBInstances: [instance('analytics-db', { DBInstanceStatus: 'deleting' })],
    });

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [instanceArn('gone-db'), instanceArn('analytics-db')] },
    });

    expect(verdicts(findings)).toEqual({
      'gone-db': 'RESOLVED: gone-db no longer exists',
      'analytics-db': 'RESOLVED: DB instance analytics-db is being deleted',
    });
  });

  it('leaves databases being deleted out of a sweep', async () => {
    listing({ instances: [instance('retainwise-db'), instance('old-db', { DBInstanceStatus: 'deleting', BackupRetentionPeriod: 0 })] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName)).toEqual(['retainwise-db']);
  });

  it('rejects a retention outside what AWS allows', () => {
    expect(() => rule.bind({ minRetentionDays: 36 })).toThrow(/minRetentionDays/);
  });
});

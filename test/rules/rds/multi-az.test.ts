import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { beforeEach, describe, expect, it } from 'vitest';
import { rdsMultiAz as rule } from '../../../src/rules/rds/multi-az.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, clusterNotFound, instance, instanceArn, listing, member, rds } from './databases.js';

describe('rds-multi-az', () => {
  beforeEach(() => rds.reset());

  it('passes a Multi-AZ instance and a cluster with instances in two zones, never reporting members', async () => {
    // Prepare
    listing({
      clusters: [cluster('reporting')],
      instances: [instance('retainwise-db'), member('reporting-1', 'reporting', 'eu-west-1a'), member('reporting-2', 'reporting', 'eu-west-1b')],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      reporting: 'PASS: Aurora cluster reporting has instances in 2 Availability Zones (eu-west-1a, eu-west-1b)',
      'retainwise-db': 'PASS: DB instance retainwise-db is a Multi-AZ deployment, with its standby in eu-west-1b',
    });
    expect(findings.find((f) => f.resourceName === 'reporting')).toMatchObject({
      resourceId: clusterArn('reporting'),
      severity: 'HIGH',
      evidence: { multiAZ: true, instances: 2, availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    });
  });

  it('fails a single-AZ instance, and clusters with no replica in another zone', async () => {
    listing({
      clusters: [
        cluster('reporting', { MultiAZ: false }),
        cluster('solo', { MultiAZ: false, DBClusterMembers: [{ DBInstanceIdentifier: 'solo-1', IsClusterWriter: true }] }),
        cluster('headless', { MultiAZ: false, DBClusterMembers: [] }),
        cluster('metrics', { Engine: 'mysql', MultiAZ: false, DBClusterMembers: [{ DBInstanceIdentifier: 'metrics-1' }] }),
      ],
      instances: [
        instance('analytics-db', { MultiAZ: false, AvailabilityZone: 'eu-west-1b', SecondaryAvailabilityZone: undefined }),
        member('reporting-1', 'reporting', 'eu-west-1a'),
        member('reporting-2', 'reporting', 'eu-west-1a'),
        member('solo-1', 'solo', 'eu-west-1c'),
        member('metrics-1', 'metrics', 'eu-west-1a', { Engine: 'mysql' }),
      ],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'analytics-db': 'FAIL: DB instance analytics-db runs in a single Availability Zone (eu-west-1b), with no standby',
      reporting: 'FAIL: Aurora cluster reporting has 2 instances, all in eu-west-1a: no replica in another Availability Zone to fail over to',
      solo: 'FAIL: Aurora cluster solo has 1 instance, in eu-west-1c only: no replica in another Availability Zone to fail over to',
      headless: 'FAIL: Aurora cluster headless has no DB instance, so nothing to fail over to',
      metrics: 'FAIL: DB cluster metrics has 1 instance, in eu-west-1a only: no replica in another Availability Zone to fail over to',
    });
  });

  it('is ERROR, never "single Availability Zone", when the answer leaves MultiAZ out', async () => {
    listing({ instances: [instance('analytics-db', { MultiAZ: undefined })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'analytics-db': 'ERROR: DescribeDBInstances did not say whether DB instance analytics-db is a Multi-AZ deployment (no MultiAZ)',
    });
  });

  it('trusts MultiAZ when the members cannot tell (a Multi-AZ DB cluster)', async () => {
    listing({ clusters: [cluster('orders', { Engine: 'postgres', MultiAZ: true, DBClusterMembers: [] })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ orders: 'PASS: DB cluster orders is Multi-AZ' });
  });

  it('is NOT_APPLICABLE for Aurora Serverless v1, and when the region has no database', async () => {
    listing({ clusters: [cluster('legacy-api', { EngineMode: 'serverless', MultiAZ: false, DBClusterMembers: [] })] });
    const serverless = await runRule(rule);
    rds.reset();
    listing({});
    const none = await runRule(rule);

    expect(verdicts(serverless.findings)).toEqual({
      'legacy-api': 'NOT_APPLICABLE: Aurora cluster legacy-api is Aurora Serverless v1, which has no instances to place in several zones',
    });
    expect(verdicts(none.findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::RDS::DBInstance in eu-west-1' });
  });

  it('is one account-level ERROR when the clusters cannot be listed', async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance('retainwise-db')] });
    rds.on(DescribeDBClustersCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR, not PASS, when the members of a named cluster cannot be read', async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster('reporting', { MultiAZ: false })] });
    rds.on(DescribeDBInstancesCommand).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [clusterArn('reporting')] } });

    expect(verdicts(findings)).toEqual({ reporting: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of both listings', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('db1'), member('c1-1', 'c1', 'eu-west-1a')], Marker: 'i1' })
      .resolvesOnce({ DBInstances: [member('c1-2', 'c1', 'eu-west-1b')] });
    rds
      .on(DescribeDBClustersCommand)
      .resolvesOnce({ DBClusters: [cluster('c1', { MultiAZ: false })], Marker: 'c1' })
      .resolvesOnce({ DBClusters: [cluster('c2')] });

    const { findings } = await runRule(rule);

    // c1's second member came on the second page: the cluster is judged on both.
    expect(verdicts(findings)).toMatchObject({ c1: 'PASS: Aurora cluster c1 has instances in 2 Availability Zones (eu-west-1a, eu-west-1b)' });
    expect(findings.map((f) => f.resourceName).sort()).toEqual(['c1', 'c2', 'db1']);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 2);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 2, { Marker: 'i1' });
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClustersCommand, 2);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBClustersCommand, 2, { Marker: 'c1' });
  });

  it('re-evaluates one cluster named by an event, reading its members through a filter, every page', async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: 'reporting' }).resolves({ DBClusters: [cluster('reporting', { MultiAZ: false })] });
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [member('reporting-1', 'reporting', 'eu-west-1a')], Marker: 'm1' })
      .resolvesOnce({ DBInstances: [member('reporting-2', 'reporting', 'eu-west-1a', { DBInstanceStatus: 'deleting' })] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [clusterArn('reporting')] } });

    // The member being deleted no longer counts.
    expect(verdicts(findings)).toEqual({
      reporting: 'FAIL: Aurora cluster reporting has 1 instance, in eu-west-1a only: no replica in another Availability Zone to fail over to',
    });
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 1, {
      Filters: [{ Name: 'db-cluster-id', Values: ['reporting'] }],
      Marker: undefined,
    });
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 2, { Marker: 'm1' });
  });

  it('closes, never opens, the finding of an Aurora member an event names', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'reporting-1' }).resolves({
      DBInstances: [member('reporting-1', 'reporting', 'eu-west-1a')],
    });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [instanceArn('reporting-1')] } });

    expect(verdicts(findings)).toEqual({
      'reporting-1': 'RESOLVED: DB instance reporting-1 belongs to DB cluster reporting, whose Multi-AZ deployment is evaluated on the cluster',
    });
  });

  it('closes the finding (RESOLVED) when the named cluster no longer exists', async () => {
    rds.on(DescribeDBClustersCommand).rejects(clusterNotFound('reporting'));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [clusterArn('reporting')] } });

    expect(verdicts(findings)).toEqual({ reporting: 'RESOLVED: reporting no longer exists' });
  });
});

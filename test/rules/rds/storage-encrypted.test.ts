import { DescribeDBClustersCommand, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import { beforeEach, describe, expect, it } from 'vitest';
import { rdsStorageEncrypted as rule } from '../../../src/rules/rds/storage-encrypted.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, instance, instanceArn, instanceNotFound, KMS_KEY, listing, member, rds } from './databases.js';

describe('rds-storage-encrypted', () => {
  beforeEach(() => rds.reset());

  it('passes encrypted instances and clusters, naming the KMS key, and never reports members', async () => {
    // Prepare
    listing({
      clusters: [cluster('reporting')],
      instances: [instance('retainwise-db'), member('reporting-1', 'reporting', 'eu-west-1a')],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      reporting: `PASS: Aurora cluster reporting is encrypted at rest with the KMS key ${KMS_KEY}`,
      'retainwise-db': `PASS: DB instance retainwise-db is encrypted at rest with the KMS key ${KMS_KEY}`,
    });
    expect(findings.find((f) => f.resourceName === 'retainwise-db')).toMatchObject({
      resourceId: instanceArn('retainwise-db'),
      resourceType: 'AWS::RDS::DBInstance',
      severity: 'HIGH',
      evidence: { storageEncrypted: true, kmsKeyId: KMS_KEY },
    });
  });

  it('fails unencrypted instances and clusters', async () => {
    listing({
      clusters: [cluster('reporting', { StorageEncrypted: false, KmsKeyId: undefined })],
      instances: [instance('analytics-db', { StorageEncrypted: false, KmsKeyId: undefined })],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      reporting: 'FAIL: Aurora cluster reporting is not encrypted at rest',
      'analytics-db': 'FAIL: DB instance analytics-db is not encrypted at rest',
    });
    expect(findings[0]?.evidence).toEqual({ storageEncrypted: false, kmsKeyId: null });
  });

  it('is ERROR, never "not encrypted", when the answer leaves StorageEncrypted out', async () => {
    listing({ clusters: [cluster('reporting', { StorageEncrypted: undefined })], instances: [instance('analytics-db', { StorageEncrypted: undefined })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      reporting: 'ERROR: DescribeDBClusters did not say whether Aurora cluster reporting is encrypted at rest (no StorageEncrypted)',
      'analytics-db': 'ERROR: DescribeDBInstances did not say whether DB instance analytics-db is encrypted at rest (no StorageEncrypted)',
    });
  });

  it('is NOT_APPLICABLE when the region has no database', async () => {
    listing({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::RDS::DBInstance in eu-west-1' });
  });

  it('is one account-level ERROR when the instances cannot be listed', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(accessDenied());
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('is ERROR, not PASS, when a named database cannot be read', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(accessDenied());
    rds.on(DescribeDBClustersCommand).rejects(throttled());

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [instanceArn('retainwise-db'), clusterArn('reporting')] },
    });

    expect(verdicts(findings)).toEqual({
      'retainwise-db': 'ERROR: AccessDenied: User is not authorized to perform this action',
      reporting: 'ERROR: ThrottlingException: Rate exceeded',
    });
  });

  it('reads every page of both listings', async () => {
    rds
      .on(DescribeDBInstancesCommand)
      .resolvesOnce({ DBInstances: [instance('db1')], Marker: 'i1' })
      .resolvesOnce({ DBInstances: [instance('db2', { StorageEncrypted: false })] });
    rds
      .on(DescribeDBClustersCommand)
      .resolvesOnce({ DBClusters: [cluster('c1')], Marker: 'c1' })
      .resolvesOnce({ DBClusters: [cluster('c2')], Marker: 'c2' })
      .resolvesOnce({ DBClusters: [cluster('c3')] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['c1 PASS', 'c2 PASS', 'c3 PASS', 'db1 PASS', 'db2 FAIL']);
    expect(rds).toHaveReceivedCommandTimes(DescribeDBInstancesCommand, 2);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBInstancesCommand, 2, { Marker: 'i1' });
    expect(rds).toHaveReceivedCommandTimes(DescribeDBClustersCommand, 3);
    expect(rds).toHaveReceivedNthCommandWith(DescribeDBClustersCommand, 3, { Marker: 'c2' });
  });

  it('re-evaluates one instance named by an event, and closes (RESOLVED) the finding of a member', async () => {
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'analytics-db' }).resolves({
      DBInstances: [instance('analytics-db', { StorageEncrypted: false })],
    });
    rds.on(DescribeDBInstancesCommand, { DBInstanceIdentifier: 'reporting-2' }).resolves({
      DBInstances: [member('reporting-2', 'reporting', 'eu-west-1b')],
    });

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [instanceArn('analytics-db'), instanceArn('reporting-2')] },
    });

    expect(verdicts(findings)).toEqual({
      'analytics-db': 'FAIL: DB instance analytics-db is not encrypted at rest',
      'reporting-2': 'RESOLVED: DB instance reporting-2 belongs to DB cluster reporting, whose storage encryption is evaluated on the cluster',
    });
    expect(rds).not.toHaveReceivedCommand(DescribeDBClustersCommand);
  });

  it('closes the finding (RESOLVED) when the named instance no longer exists', async () => {
    rds.on(DescribeDBInstancesCommand).rejects(instanceNotFound('analytics-db'));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [instanceArn('analytics-db')] } });

    expect(verdicts(findings)).toEqual({ 'analytics-db': 'RESOLVED: analytics-db no longer exists' });
  });
});

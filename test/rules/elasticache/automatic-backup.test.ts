import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticacheAutomaticBackup as rule } from '../../../src/rules/elasticache/automatic-backup.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, clusterNotFound, elasticache, group, groupArn, listing, member } from './caches.js';

describe('elasticache-automatic-backup', () => {
  beforeEach(() => elasticache.reset());

  it('passes groups and standalone clusters that keep backups, and never reports member clusters', async () => {
    // Prepare
    listing({
      groups: [group('sessions', { SnapshotRetentionLimit: 7 })],
      clusters: [member('sessions-001', 'sessions'), member('sessions-002', 'sessions'), cluster('retainwise-cache', { SnapshotRetentionLimit: 1 })],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      sessions: 'PASS: automatic backups of replication group sessions are kept 7 days (minimum 1)',
      'retainwise-cache': 'PASS: automatic backups of cluster retainwise-cache are kept 1 day (minimum 1)',
    });
    expect(findings.find((f) => f.resourceName === 'sessions')).toMatchObject({
      resourceId: groupArn('sessions'),
      resourceType: 'AWS::ElastiCache::ReplicationGroup',
      severity: 'HIGH',
      evidence: { snapshotRetentionLimit: 7, minRetentionDays: 1 },
    });
    expect(findings.find((f) => f.resourceName === 'retainwise-cache')?.resourceId).toBe(clusterArn('retainwise-cache'));
  });

  it('fails when backups are off or kept fewer days than the param asks', async () => {
    listing({
      groups: [group('sessions', { SnapshotRetentionLimit: 3 })],
      clusters: [cluster('retainwise-cache', { SnapshotRetentionLimit: 0 })],
    });

    const { findings } = await runRule(rule, { params: { minRetentionDays: 7 } });

    expect(verdicts(findings)).toEqual({
      sessions: 'FAIL: automatic backups of replication group sessions are kept 3 days, fewer than the required 7',
      'retainwise-cache': 'FAIL: automatic backups are disabled on cluster retainwise-cache',
    });
  });

  it('is NOT_APPLICABLE for memcached, which has no backups', async () => {
    listing({ clusters: [cluster('sessions-mc', { Engine: 'memcached', SnapshotRetentionLimit: undefined })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'sessions-mc': 'NOT_APPLICABLE: cluster sessions-mc runs memcached, which has no automatic backups',
    });
  });

  it('is NOT_APPLICABLE when the region has no cache', async () => {
    listing({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::ElastiCache::ReplicationGroup in eu-west-1',
    });
  });

  it('is one account-level ERROR when the clusters cannot be listed', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(accessDenied());
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('sessions')] });

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR when throttling outlasts the retries on a targeted evaluation', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(throttled());

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [clusterArn('retainwise-cache')] },
    });

    expect(verdicts(findings)).toEqual({ 'retainwise-cache': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of both listings', async () => {
    elasticache
      .on(DescribeCacheClustersCommand)
      .resolvesOnce({ CacheClusters: [cluster('c1', { SnapshotRetentionLimit: 1 })], Marker: 'm1' })
      .resolvesOnce({ CacheClusters: [cluster('c2', { SnapshotRetentionLimit: 1 })] });
    elasticache
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [group('g1')], Marker: 'r1' })
      .resolvesOnce({ ReplicationGroups: [group('g2')], Marker: 'r2' })
      .resolvesOnce({ ReplicationGroups: [group('g3')] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => f.resourceName).sort()).toEqual(['c1', 'c2', 'g1', 'g2', 'g3']);
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheClustersCommand, 2);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 2, { Marker: 'm1' });
    expect(elasticache).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 3);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 2, { Marker: 'r1' });
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 3, { Marker: 'r2' });
  });

  it('re-evaluates one cache named by an event, without listing', async () => {
    elasticache.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'sessions' }).resolves({
      ReplicationGroups: [group('sessions', { SnapshotRetentionLimit: 0 })],
    });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [groupArn('sessions')] } });

    expect(verdicts(findings)).toEqual({ sessions: 'FAIL: automatic backups are disabled on replication group sessions' });
    expect(findings[0]?.resourceId).toBe(groupArn('sessions'));
    expect(elasticache).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 1);
    expect(elasticache).not.toHaveReceivedCommand(DescribeCacheClustersCommand);
  });

  it('closes, never opens, the finding of a member cluster an event names: the group carries the setting, the sweep lists groups', async () => {
    elasticache.on(DescribeCacheClustersCommand, { CacheClusterId: 'sessions-002' }).resolves({
      CacheClusters: [member('sessions-002', 'sessions')],
    });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [clusterArn('sessions-002')] } });

    expect(verdicts(findings)).toEqual({
      'sessions-002': 'RESOLVED: cluster sessions-002 belongs to replication group sessions, whose automatic backups are evaluated on the group',
    });
  });

  it('closes the finding (RESOLVED) when the named cluster no longer exists', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(clusterNotFound('retainwise-cache'));

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [clusterArn('retainwise-cache')] },
    });

    expect(verdicts(findings)).toEqual({ 'retainwise-cache': 'RESOLVED: retainwise-cache no longer exists' });
  });

  it('rejects a retention outside what AWS allows', () => {
    expect(() => rule.bind({ minRetentionDays: 36 })).toThrow(/minRetentionDays/);
  });
});

import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticacheEncryptedInTransit as rule } from '../../../src/rules/elasticache/encrypted-in-transit.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, clusterNotFound, elasticache, group, groupArn, listing, member } from './caches.js';

describe('elasticache-encrypted-in-transit', () => {
  beforeEach(() => elasticache.reset());

  it('passes groups and standalone clusters that require TLS, and never reports member clusters', async () => {
    // Prepare
    listing({
      groups: [group('sessions')],
      clusters: [
        member('sessions-001', 'sessions'),
        member('sessions-002', 'sessions'),
        cluster('sessions-mc', { Engine: 'memcached', TransitEncryptionEnabled: true, TransitEncryptionMode: undefined }),
      ],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      sessions: 'PASS: in-transit encryption is enabled on replication group sessions (mode required)',
      'sessions-mc': 'PASS: in-transit encryption is enabled on cluster sessions-mc',
    });
    expect(findings.find((f) => f.resourceName === 'sessions')).toMatchObject({
      resourceId: groupArn('sessions'),
      resourceType: 'AWS::ElastiCache::ReplicationGroup',
      severity: 'HIGH',
      evidence: { transitEncryptionEnabled: true, transitEncryptionMode: 'required' },
    });
  });

  it('fails caches without TLS, and TLS in preferred mode', async () => {
    listing({
      groups: [group('migrating', { TransitEncryptionMode: 'preferred' })],
      clusters: [cluster('retainwise-cache')],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      migrating: 'FAIL: in-transit encryption on replication group migrating is in preferred mode: unencrypted connections are still accepted',
      'retainwise-cache': 'FAIL: in-transit encryption is not enabled on cluster retainwise-cache',
    });
  });

  it('is NOT_APPLICABLE when the region has no cache', async () => {
    listing({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::ElastiCache::ReplicationGroup in eu-west-1',
    });
  });

  it('is one account-level ERROR when the groups cannot be listed', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [cluster('retainwise-cache')] });
    elasticache.on(DescribeReplicationGroupsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('is ERROR when throttling outlasts the retries on a targeted evaluation', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [groupArn('sessions')] } });

    expect(verdicts(findings)).toEqual({ sessions: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of both listings', async () => {
    elasticache
      .on(DescribeCacheClustersCommand)
      .resolvesOnce({ CacheClusters: [cluster('c1'), member('g1-001', 'g1')], Marker: 'm1' })
      .resolvesOnce({ CacheClusters: [cluster('c2')] });
    elasticache
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [group('g1')], Marker: 'r1' })
      .resolvesOnce({ ReplicationGroups: [group('g2')] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual(['c1:FAIL', 'c2:FAIL', 'g1:PASS', 'g2:PASS']);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 2, { Marker: 'm1' });
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 2, { Marker: 'r1' });
  });

  it('re-evaluates a standalone cluster named by an event, and closes (RESOLVED) the finding of a member, judged on its group', async () => {
    elasticache.on(DescribeCacheClustersCommand, { CacheClusterId: 'retainwise-cache' }).resolves({
      CacheClusters: [cluster('retainwise-cache', { TransitEncryptionEnabled: true, TransitEncryptionMode: 'required' })],
    });
    elasticache.on(DescribeCacheClustersCommand, { CacheClusterId: 'sessions-003' }).resolves({
      CacheClusters: [member('sessions-003', 'sessions')],
    });

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [clusterArn('retainwise-cache'), clusterArn('sessions-003')] },
    });

    expect(verdicts(findings)).toEqual({
      'retainwise-cache': 'PASS: in-transit encryption is enabled on cluster retainwise-cache (mode required)',
      'sessions-003': 'RESOLVED: cluster sessions-003 belongs to replication group sessions, whose connections are evaluated on the group',
    });
    expect(elasticache).not.toHaveReceivedCommand(DescribeReplicationGroupsCommand);
  });

  it('closes the finding (RESOLVED) when the named cluster no longer exists', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(clusterNotFound('retainwise-cache'));

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [clusterArn('retainwise-cache')] },
    });

    expect(verdicts(findings)).toEqual({ 'retainwise-cache': 'RESOLVED: retainwise-cache no longer exists' });
  });
});

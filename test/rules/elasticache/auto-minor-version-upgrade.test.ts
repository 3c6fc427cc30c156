import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticacheAutoMinorVersionUpgrade as rule } from '../../../src/rules/elasticache/auto-minor-version-upgrade.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, clusterNotFound, elasticache, member } from './caches.js';

describe('elasticache-auto-minor-version-upgrade', () => {
  beforeEach(() => elasticache.reset());

  it('passes every cluster with the setting on, members of groups included, reading only clusters', async () => {
    // Prepare
    elasticache.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [cluster('retainwise-cache'), member('sessions-001', 'sessions')],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'retainwise-cache': 'PASS: automatic minor version upgrades are enabled on cluster retainwise-cache',
      'sessions-001': 'PASS: automatic minor version upgrades are enabled on cluster sessions-001',
    });
    expect(findings.find((f) => f.resourceName === 'retainwise-cache')).toMatchObject({
      resourceId: clusterArn('retainwise-cache'),
      resourceType: 'AWS::ElastiCache::CacheCluster',
      severity: 'LOW',
      evidence: { autoMinorVersionUpgrade: true, engine: 'redis', engineVersion: '7.1.0' },
    });
    expect(elasticache).not.toHaveReceivedCommand(DescribeReplicationGroupsCommand);
  });

  it('fails a cluster with the setting off; is ERROR, never "disabled", when the answer leaves it out', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [cluster('pinned', { AutoMinorVersionUpgrade: false }), cluster('unknown', { AutoMinorVersionUpgrade: undefined })],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      pinned: 'FAIL: automatic minor version upgrades are disabled on cluster pinned',
      unknown: 'ERROR: DescribeCacheClusters did not say whether cluster unknown takes minor version upgrades automatically (no AutoMinorVersionUpgrade)',
    });
  });

  it('is NOT_APPLICABLE when the region has no cluster', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::ElastiCache::CacheCluster in eu-west-1',
    });
  });

  it('is one account-level ERROR when DescribeCacheClusters is denied', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('is ERROR when throttling outlasts the retries on a targeted evaluation', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [clusterArn('retainwise-cache')] } });

    expect(verdicts(findings)).toEqual({ 'retainwise-cache': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of DescribeCacheClusters', async () => {
    elasticache
      .on(DescribeCacheClustersCommand)
      .resolvesOnce({ CacheClusters: [cluster('c1')], Marker: 'm1' })
      .resolvesOnce({ CacheClusters: [cluster('c2')], Marker: 'm2' })
      .resolvesOnce({ CacheClusters: [cluster('c3', { AutoMinorVersionUpgrade: false })] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual(['c1:PASS', 'c2:PASS', 'c3:FAIL']);
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheClustersCommand, 3);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 2, { Marker: 'm1' });
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 3, { Marker: 'm2' });
  });

  it('re-evaluates one cluster named by an event, and closes it when it is gone', async () => {
    elasticache.on(DescribeCacheClustersCommand, { CacheClusterId: 'retainwise-cache' }).resolves({
      CacheClusters: [cluster('retainwise-cache', { AutoMinorVersionUpgrade: false })],
    });
    elasticache.on(DescribeCacheClustersCommand, { CacheClusterId: 'gone' }).rejects(clusterNotFound('gone'));

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [clusterArn('retainwise-cache'), clusterArn('gone')] },
    });

    expect(verdicts(findings)).toEqual({
      'retainwise-cache': 'FAIL: automatic minor version upgrades are disabled on cluster retainwise-cache',
      gone: 'RESOLVED: gone no longer exists',
    });
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheClustersCommand, 2);
  });
});

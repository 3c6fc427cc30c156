import { DescribeCacheClustersCommand } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticacheNonDefaultSubnetGroup as rule } from '../../../src/rules/elasticache/non-default-subnet-group.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, clusterArn, clusterNotFound, elasticache, member } from './caches.js';

describe('elasticache-non-default-subnet-group', () => {
  beforeEach(() => elasticache.reset());

  it('passes clusters in a subnet group of their own, members of groups included', async () => {
    // Prepare
    elasticache.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [member('sessions-001', 'sessions', { CacheSubnetGroupName: 'retainwise-cache-private' })],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'sessions-001': 'PASS: cluster sessions-001 uses subnet group retainwise-cache-private',
    });
    expect(findings[0]).toMatchObject({
      resourceId: clusterArn('sessions-001'),
      resourceType: 'AWS::ElastiCache::CacheCluster',
      severity: 'MEDIUM',
      evidence: { cacheSubnetGroupName: 'retainwise-cache-private' },
    });
  });

  it('fails the default subnet group, and a cluster outside any VPC', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({
      CacheClusters: [cluster('retainwise-cache', { CacheSubnetGroupName: 'default' }), cluster('classic', { CacheSubnetGroupName: undefined })],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'retainwise-cache': 'FAIL: cluster retainwise-cache uses the default subnet group',
      classic: 'FAIL: cluster classic has no cache subnet group: it is not in a VPC',
    });
  });

  it('is NOT_APPLICABLE when the region has no cluster', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({});

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
      .resolvesOnce({ CacheClusters: [cluster('c2', { CacheSubnetGroupName: 'default' })] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual(['c1:PASS', 'c2:FAIL']);
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheClustersCommand, 2);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 2, { Marker: 'm1' });
  });

  it('re-evaluates one cluster named by an event, and closes it when it is gone', async () => {
    elasticache.on(DescribeCacheClustersCommand, { CacheClusterId: 'retainwise-cache' }).resolves({
      CacheClusters: [cluster('retainwise-cache', { CacheSubnetGroupName: 'default' })],
    });
    elasticache.on(DescribeCacheClustersCommand, { CacheClusterId: 'gone' }).rejects(clusterNotFound('gone'));

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [clusterArn('retainwise-cache'), clusterArn('gone')] },
    });

    expect(verdicts(findings)).toEqual({
      'retainwise-cache': 'FAIL: cluster retainwise-cache uses the default subnet group',
      gone: 'RESOLVED: gone no longer exists',
    });
  });

  it('closes, never evaluates, a name that is not a cluster ARN', async () => {
    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: ['arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:sessions'] },
    });

    expect(verdicts(findings)).toEqual({ sessions: 'RESOLVED: sessions no longer exists' });
    expect(elasticache).not.toHaveReceivedCommand(DescribeCacheClustersCommand);
  });
});

import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticacheCacheAvailable as rule } from '../../../src/rules/elasticache/cache-available.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { cluster, elasticache, group, listing, member } from './caches.js';

const ID = `${ACCOUNT}/eu-west-1`;

describe('elasticache-cache-available', () => {
  beforeEach(() => elasticache.reset());

  it('passes when a redis/valkey cache is available, counting a group once and not its members', async () => {
    // Prepare
    listing({
      groups: [group('sessions')],
      clusters: [member('sessions-001', 'sessions'), member('sessions-002', 'sessions'), cluster('retainwise-cache')],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      [ID]: 'PASS: 2 redis/valkey caches are available in eu-west-1: retainwise-cache, sessions',
    });
    expect(findings[0]).toMatchObject({
      resourceId: ID,
      resourceType: 'AWS::::Account',
      region: 'eu-west-1',
      severity: 'CRITICAL',
      evidence: { serving: ['retainwise-cache', 'sessions'], byStatus: { available: 2 } },
    });
  });

  it('fails while the only cache is still being created, saying so', async () => {
    listing({ clusters: [cluster('retainwise-cache', { CacheClusterStatus: 'creating' })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'FAIL: no redis/valkey cache is available in eu-west-1 (1 creating)' });
  });

  it('fails when no cache exists, and a memcached cluster does not count by default', async () => {
    listing({ clusters: [cluster('sessions-mc', { Engine: 'memcached' })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'FAIL: no redis/valkey cache is available in eu-west-1 (none exists)' });
  });

  it('is ERROR, never "not available", when a cache of the engines is listed without its status', async () => {
    listing({ groups: [group('sessions', { Status: undefined })] });

    const { findings } = await runRule(rule);

    expect(Object.values(verdicts(findings))).toEqual([
      'ERROR: DescribeReplicationGroups or DescribeCacheClusters did not say the status of sessions (no Status), and no redis/valkey cache is known to be available in eu-west-1',
    ]);
  });

  it('counts the engines the params name, and caches that serve while modifying or snapshotting', async () => {
    listing({
      clusters: [
        cluster('sessions-mc', { Engine: 'memcached', CacheClusterStatus: 'modifying' }),
        cluster('retainwise-cache', { CacheClusterStatus: 'snapshotting' }),
      ],
    });

    const memcached = await runRule(rule, { params: { engines: ['memcached'] } });
    const redis = await runRule(rule);

    expect(verdicts(memcached.findings)).toEqual({ [ID]: 'PASS: 1 memcached cache is available in eu-west-1: sessions-mc' });
    expect(verdicts(redis.findings)).toEqual({ [ID]: 'PASS: 1 redis/valkey cache is available in eu-west-1: retainwise-cache' });
  });

  it('treats a replication group without an Engine field as redis, and lists at most five names', async () => {
    const groups = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => group(id, { Engine: undefined }));
    listing({ groups, clusters: [cluster('old', { CacheClusterStatus: 'deleting' })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'PASS: 7 redis/valkey caches are available in eu-west-1: a, b, c, d, e and 2 more' });
  });

  it('is NOT_APPLICABLE in a region the regions param leaves out, without calling ElastiCache', async () => {
    const { findings } = await runRule(rule, { params: { regions: ['us-east-1'] } });

    expect(verdicts(findings)).toEqual({ [ID]: 'NOT_APPLICABLE: eu-west-1 is not one of the regions that need a cache (us-east-1)' });
    expect(elasticache).not.toHaveReceivedCommand(DescribeCacheClustersCommand);
  });

  it('is ERROR, not FAIL, when DescribeReplicationGroups is denied', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [] });
    elasticache.on(DescribeReplicationGroupsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'ERROR: AccessDenied: User is not authorized to perform this action' });
    expect(findings[0]?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    elasticache.on(DescribeCacheClustersCommand).rejects(throttled());
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of both listings', async () => {
    elasticache
      .on(DescribeCacheClustersCommand)
      .resolvesOnce({ CacheClusters: [cluster('c1', { CacheClusterStatus: 'creating' })], Marker: 'm1' })
      .resolvesOnce({ CacheClusters: [cluster('c2', { CacheClusterStatus: 'creating' })], Marker: 'm2' })
      .resolvesOnce({ CacheClusters: [cluster('c3')] });
    elasticache
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [group('g1', { Status: 'creating' })], Marker: 'r1' })
      .resolvesOnce({ ReplicationGroups: [group('g2')] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'PASS: 2 redis/valkey caches are available in eu-west-1: c3, g2' });
    expect(elasticache).toHaveReceivedCommandTimes(DescribeCacheClustersCommand, 3);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 1, { MaxRecords: 100 });
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 2, { Marker: 'm1' });
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeCacheClustersCommand, 3, { Marker: 'm2' });
    expect(elasticache).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 2, { Marker: 'r1' });
  });

  it('is evaluated per region', async () => {
    elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: [] });
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });

    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'us-east-1'] });

    expect(findings.map((f) => [f.resourceId, f.status])).toEqual([
      [`${ACCOUNT}/eu-west-1`, 'FAIL'],
      [`${ACCOUNT}/us-east-1`, 'FAIL'],
    ]);
  });

  it('rejects an unknown engine in its params', () => {
    expect(() => rule.bind({ engines: ['mysql'] })).toThrow(/elasticache-cache-available\.engines\.0/);
  });
});

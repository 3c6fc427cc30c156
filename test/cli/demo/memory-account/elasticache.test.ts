import { describe, expect, it } from 'vitest';
import { applyElastiCacheSample } from '../../../../src/cli/demo/sample/elasticache.js';
import { elasticacheRules } from '../../../../src/rules/elasticache/index.js';
import { ElastiCacheReader } from '#shared/aws/services/elasticache/reader.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate } from '#shared/engine/engine.js';
import {
  emptyElastiCacheState,
  type MemoryCacheCluster,
  memoryElastiCacheApi,
  type MemoryElastiCacheState,
} from '../../../../src/cli/demo/memory-account/elasticache.js';
import { type MemoryAccount, memoryApiProvider, emptyAccount as createEmptyAccount } from '../../../../src/cli/demo/memory-account/index.js';
import { type MemoryCall, MemoryServiceError } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

function redis(id: string, extra: Partial<MemoryCacheCluster> = {}): MemoryCacheCluster {
  return { id, engine: 'redis', ...extra };
}

function stateWith(clusters: MemoryCacheCluster[]): MemoryElastiCacheState {
  return { ...emptyElastiCacheState(), cacheClusters: clusters };
}

function emptyAccount(): MemoryAccount {
  return createEmptyAccount(ACCOUNT);
}

describe('memory ElastiCache', () => {
  describe('DescribeCacheClusters', () => {
    it('answers the SDK shape, with the defaults AWS gives a cluster created without options', async () => {
      // Prepare
      const api = memoryElastiCacheApi(stateWith([redis('retainwise-cache')]), 'eu-west-1', ACCOUNT, direct);
      // Act
      const out = await api.describeCacheClusters({});
      // Assess
      expect(out.CacheClusters).toEqual([
        expect.objectContaining({
          CacheClusterId: 'retainwise-cache',
          ARN: `arn:aws:elasticache:eu-west-1:${ACCOUNT}:cluster:retainwise-cache`,
          Engine: 'redis',
          CacheClusterStatus: 'available',
          CacheSubnetGroupName: 'default',
          SnapshotRetentionLimit: 0,
          TransitEncryptionEnabled: false,
          AtRestEncryptionEnabled: false,
          AutoMinorVersionUpgrade: true,
        }),
      ]);
      expect(out.Marker).toBeUndefined();
    });

    it('pages with Marker and refuses a MaxRecords AWS would refuse', async () => {
      const api = memoryElastiCacheApi(stateWith(Array.from({ length: 45 }, (_, i) => redis(`c${i}`))), 'eu-west-1', ACCOUNT, direct);

      const first = await api.describeCacheClusters({ MaxRecords: 20 });
      const second = await api.describeCacheClusters({ MaxRecords: 20, Marker: first.Marker });
      const third = await api.describeCacheClusters({ MaxRecords: 20, Marker: second.Marker });

      expect([first, second, third].map((p) => p.CacheClusters?.length)).toEqual([20, 20, 5]);
      expect(third.Marker).toBeUndefined();
      await expect(api.describeCacheClusters({ MaxRecords: 5 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    });

    it('finds one cluster by id, or fails with the fault the SDK names', async () => {
      const api = memoryElastiCacheApi(stateWith([redis('a'), redis('b')]), 'eu-west-1', ACCOUNT, direct);

      const out = await api.describeCacheClusters({ CacheClusterId: 'b' });

      expect(out.CacheClusters?.map((c) => c.CacheClusterId)).toEqual(['b']);
      const missing = api.describeCacheClusters({ CacheClusterId: 'gone' });
      await expect(missing).rejects.toBeInstanceOf(MemoryServiceError);
      await expect(missing).rejects.toMatchObject({ name: 'CacheClusterNotFoundFault', $metadata: { httpStatusCode: 404 } });
    });

    it('leaves out members of replication groups when asked to', async () => {
      const api = memoryElastiCacheApi(stateWith([redis('solo'), redis('rg-001', { replicationGroupId: 'rg' })]), 'eu-west-1', ACCOUNT, direct);

      const out = await api.describeCacheClusters({ ShowCacheClustersNotInReplicationGroups: true });

      expect(out.CacheClusters?.map((c) => c.CacheClusterId)).toEqual(['solo']);
    });
  });

  describe('DescribeReplicationGroups', () => {
    it('answers the SDK shape, finds a group by id, and fails with ReplicationGroupNotFoundFault', async () => {
      const state: MemoryElastiCacheState = {
        ...emptyElastiCacheState(),
        replicationGroups: [{ id: 'sessions', memberClusters: ['sessions-001'] }],
      };
      const api = memoryElastiCacheApi(state, 'eu-west-1', ACCOUNT, direct);

      const all = await api.describeReplicationGroups({});
      const one = await api.describeReplicationGroups({ ReplicationGroupId: 'sessions' });

      expect(all.ReplicationGroups).toEqual([
        expect.objectContaining({
          ReplicationGroupId: 'sessions',
          ARN: `arn:aws:elasticache:eu-west-1:${ACCOUNT}:replicationgroup:sessions`,
          Engine: 'redis',
          Status: 'available',
          MemberClusters: ['sessions-001'],
          AutomaticFailover: 'disabled',
          MultiAZ: 'disabled',
        }),
      ]);
      expect(one.ReplicationGroups).toHaveLength(1);
      await expect(api.describeReplicationGroups({ ReplicationGroupId: 'gone' })).rejects.toMatchObject({
        name: 'ReplicationGroupNotFoundFault',
      });
    });
  });

  describe('through the reader', () => {
    it('reads every page, and turns a missing cluster into ResourceNotFoundError', async () => {
      const state = stateWith(Array.from({ length: 130 }, (_, i) => redis(`c${i}`)));
      const calls: string[] = [];
      const counting: MemoryCall = async (_service, operation, _input, answer) => {
        calls.push(operation);
        return answer();
      };
      const api = memoryElastiCacheApi(state, 'eu-west-1', ACCOUNT, counting);
      const reader = new ElastiCacheReader({ api: () => api, session: new ScanSession(), region: 'eu-west-1', accountId: ACCOUNT });

      const clusters = await reader.clusters();

      expect(clusters).toHaveLength(130);
      expect(calls).toEqual(['DescribeCacheClusters', 'DescribeCacheClusters']);
      const fresh = new ElastiCacheReader({ api: () => api, session: new ScanSession(), region: 'eu-west-1', accountId: ACCOUNT });
      await expect(fresh.cluster('gone')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 'gone' });
    });
  });

  describe('the demo sample', () => {
    it('gives every ElastiCache rule its verdict from one listing of each kind', async () => {
      const account = emptyAccount();
      applyElastiCacheSample(account);
      const calls: string[] = [];

      const { findings } = await evaluate({
        accountId: ACCOUNT,
        regions: ['eu-west-1'],
        rules: elasticacheRules.map((r) => r.bind()),
        apis: memoryApiProvider(account, { onCall: (c) => calls.push(c.operation) }),
      });

      expect(findings.map((f) => `${f.ruleId} ${f.resourceName} ${f.status}: ${f.reason}`)).toEqual([
        'elasticache-auto-minor-version-upgrade retainwise-cache PASS: automatic minor version upgrades are enabled on cluster retainwise-cache',
        'elasticache-auto-minor-version-upgrade sessions-001 PASS: automatic minor version upgrades are enabled on cluster sessions-001',
        'elasticache-auto-minor-version-upgrade sessions-002 PASS: automatic minor version upgrades are enabled on cluster sessions-002',
        'elasticache-automatic-backup retainwise-cache FAIL: automatic backups are disabled on cluster retainwise-cache',
        'elasticache-automatic-backup sessions PASS: automatic backups of replication group sessions are kept 7 days (minimum 1)',
        'elasticache-automatic-failover sessions PASS: automatic failover and Multi-AZ are enabled on replication group sessions',
        `elasticache-cache-available ${ACCOUNT}/eu-west-1 PASS: 2 redis/valkey caches are available in eu-west-1: retainwise-cache, sessions`,
        'elasticache-encrypted-at-rest sessions PASS: replication group sessions is encrypted at rest with the KMS key arn:aws:kms:eu-west-1:123456789012:key/5b1e2c7a-3f4d-4e8a-9c61-0d2f7e8a9b10',
        'elasticache-encrypted-in-transit retainwise-cache FAIL: in-transit encryption is not enabled on cluster retainwise-cache',
        'elasticache-encrypted-in-transit sessions PASS: in-transit encryption is enabled on replication group sessions (mode required)',
        'elasticache-non-default-subnet-group retainwise-cache FAIL: cluster retainwise-cache uses the default subnet group',
        'elasticache-non-default-subnet-group sessions-001 PASS: cluster sessions-001 uses subnet group retainwise-cache-private',
        'elasticache-non-default-subnet-group sessions-002 PASS: cluster sessions-002 uses subnet group retainwise-cache-private',
      ]);
      expect(calls.sort()).toEqual(['DescribeCacheClusters', 'DescribeReplicationGroups']);
    });
  });
});

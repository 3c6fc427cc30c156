/** ElastiCache of an in-memory account: answers the ElastiCacheApi from plain data, as ElastiCache would. */
import type { CacheCluster, ReplicationGroup } from '@aws-sdk/client-elasticache';
import type { ElastiCacheApi } from '#shared/aws/services/elasticache/sdk.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

/** A cache cluster; omitted settings take the value AWS gives a cluster created without them. */
export interface MemoryCacheCluster {
  id: string;
  engine: 'redis' | 'valkey' | 'memcached';
  engineVersion?: string;
  /** Default `cache.t3.micro`. */
  nodeType?: string;
  /** Default `available`. */
  status?: string;
  numNodes?: number;
  /** Set for a member of a replication group (list it in the group's `memberClusters` too). */
  replicationGroupId?: string;
  /** Default `default`, as when a cluster is created without --cache-subnet-group-name. */
  subnetGroup?: string;
  /** Days of automatic backups; default 0 (none). */
  snapshotRetentionLimit?: number;
  transitEncryption?: boolean;
  transitEncryptionMode?: 'preferred' | 'required';
  atRestEncryption?: boolean;
  /** Default true, as AWS does. */
  autoMinorVersionUpgrade?: boolean;
}

export interface MemoryReplicationGroup {
  id: string;
  engine?: 'redis' | 'valkey';
  description?: string;
  /** Default `available`. */
  status?: string;
  memberClusters: string[];
  automaticFailover?: 'enabled' | 'disabled' | 'enabling' | 'disabling';
  multiAZ?: 'enabled' | 'disabled';
  snapshotRetentionLimit?: number;
  transitEncryption?: boolean;
  transitEncryptionMode?: 'preferred' | 'required';
  atRestEncryption?: boolean;
  kmsKeyId?: string;
  nodeType?: string;
}

export interface MemoryElastiCacheState {
  cacheClusters: MemoryCacheCluster[];
  replicationGroups: MemoryReplicationGroup[];
}

export function emptyElastiCacheState(): MemoryElastiCacheState {
  return { cacheClusters: [], replicationGroups: [] };
}

// The API's limits on MaxRecords; AWS answers InvalidParameterValue outside them.
const MIN_RECORDS = 20;
const MAX_RECORDS = 100;

function checkMaxRecords(maxRecords: number | undefined): number {
  if (maxRecords === undefined) return MAX_RECORDS;
  if (maxRecords < MIN_RECORDS || maxRecords > MAX_RECORDS) {
    throw new MemoryServiceError('InvalidParameterValue', `MaxRecords must be between ${MIN_RECORDS} and ${MAX_RECORDS}`);
  }
  return maxRecords;
}

export function memoryElastiCacheApi(state: MemoryElastiCacheState, region: string, accountId: string, call: MemoryCall): ElastiCacheApi {
  const arn = (kind: string, id: string) => `arn:aws:elasticache:${region}:${accountId}:${kind}:${id}`;

  const toCluster = (c: MemoryCacheCluster): CacheCluster => ({
    CacheClusterId: c.id,
    ARN: arn('cluster', c.id),
    Engine: c.engine,
    EngineVersion: c.engineVersion ?? (c.engine === 'memcached' ? '1.6.22' : '7.1'),
    CacheNodeType: c.nodeType ?? 'cache.t3.micro',
    CacheClusterStatus: c.status ?? 'available',
    NumCacheNodes: c.numNodes ?? 1,
    ReplicationGroupId: c.replicationGroupId,
    CacheSubnetGroupName: c.subnetGroup ?? 'default',
    // Memcached has no backups: AWS reports no retention for it.
    SnapshotRetentionLimit: c.engine === 'memcached' ? undefined : (c.snapshotRetentionLimit ?? 0),
    TransitEncryptionEnabled: c.transitEncryption ?? false,
    TransitEncryptionMode: c.transitEncryption ? (c.transitEncryptionMode ?? 'required') : undefined,
    AtRestEncryptionEnabled: c.atRestEncryption ?? false,
    AutoMinorVersionUpgrade: c.autoMinorVersionUpgrade ?? true,
  });

  const toGroup = (g: MemoryReplicationGroup): ReplicationGroup => ({
    ReplicationGroupId: g.id,
    ARN: arn('replicationgroup', g.id),
    Engine: g.engine ?? 'redis',
    Description: g.description ?? g.id,
    Status: g.status ?? 'available',
    MemberClusters: [...g.memberClusters],
    AutomaticFailover: g.automaticFailover ?? 'disabled',
    MultiAZ: g.multiAZ ?? 'disabled',
    SnapshotRetentionLimit: g.snapshotRetentionLimit ?? 0,
    TransitEncryptionEnabled: g.transitEncryption ?? false,
    TransitEncryptionMode: g.transitEncryption ? (g.transitEncryptionMode ?? 'required') : undefined,
    AtRestEncryptionEnabled: g.atRestEncryption ?? false,
    KmsKeyId: g.kmsKeyId,
    CacheNodeType: g.nodeType ?? 'cache.t3.micro',
    ClusterEnabled: false,
  });

  return {
    describeCacheClusters: (input) =>
      call('elasticache', 'DescribeCacheClusters', input, () => {
        if (input.CacheClusterId) {
          const found = state.cacheClusters.find((c) => c.id === input.CacheClusterId);
          if (!found) throw notFound('CacheClusterNotFoundFault', `CacheCluster not found: ${input.CacheClusterId}`);
          return { CacheClusters: [toCluster(found)] };
        }
        const listed = input.ShowCacheClustersNotInReplicationGroups ? state.cacheClusters.filter((c) => !c.replicationGroupId) : state.cacheClusters;
        const page = paginate(listed, input.Marker, checkMaxRecords(input.MaxRecords));
        return { CacheClusters: page.items.map(toCluster), Marker: page.next };
      }),
    describeReplicationGroups: (input) =>
      call('elasticache', 'DescribeReplicationGroups', input, () => {
        if (input.ReplicationGroupId) {
          const found = state.replicationGroups.find((g) => g.id === input.ReplicationGroupId);
          if (!found) throw notFound('ReplicationGroupNotFoundFault', `ReplicationGroup not found: ${input.ReplicationGroupId}`);
          return { ReplicationGroups: [toGroup(found)] };
        }
        const page = paginate(state.replicationGroups, input.Marker, checkMaxRecords(input.MaxRecords));
        return { ReplicationGroups: page.items.map(toGroup), Marker: page.next };
      }),
  };
}

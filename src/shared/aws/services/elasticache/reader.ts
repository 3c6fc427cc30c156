/**
 * Everything Preflight knows about calling ElastiCache: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK).
 *
 * Resource model (every ElastiCache rule follows it):
 * - A *cache* is what an application connects to: a replication group (Valkey / Redis OSS, one or more
 *   member clusters), or a standalone cache cluster (no ReplicationGroupId: a single Redis OSS / Valkey
 *   node such as the seed's `retainwise-cache`, or a Memcached cluster).
 * - Group-level settings (backups, failover, encryption) are judged on the group; its member clusters
 *   are never reported again for them. Settings AWS keeps per cluster (minor version upgrades, subnet
 *   group) are judged on every cluster, members included, as Security Hub does.
 * - Resource names are ARNs (`...:cluster:<id>` / `...:replicationgroup:<id>`), so a group and a
 *   cluster with the same id never share a finding, and a CloudTrail event rebuilds the same id from
 *   its region, account and request parameters (`elastiCacheArn`).
 * - One DescribeCacheClusters and one DescribeReplicationGroups listing per region serve all rules;
 *   a targeted evaluation (no listing yet) asks for the one cluster or group by id.
 * - A cluster or group whose status is `deleting` is treated as gone: DeleteCacheCluster and
 *   DeleteReplicationGroup return while it still exists, and its findings must close, not be re-judged.
 */
import type { CacheCluster, CacheClusterMessage, ReplicationGroup, ReplicationGroupMessage } from '@aws-sdk/client-elasticache';
import { ResourceNotFoundError } from '#shared/core/errors.js';
import { parseKindArn } from '#shared/core/resource-ids.js';
import type { ElastiCacheApi } from './sdk.js';
import { ServiceReader, isBeingDeleted, page } from '../../reader-base.js';

export type CacheKind = 'cluster' | 'replicationgroup';

export interface CacheClusterFacts {
  kind: 'cluster';
  id: string;
  arn: string;
  /** `redis`, `valkey` or `memcached`. */
  engine: string;
  engineVersion?: string;
  /** Undefined when the answer did not say. */
  status?: string;
  nodeType?: string;
  /** Set when the cluster is a member of a replication group. */
  replicationGroupId?: string;
  snapshotRetentionLimit?: number;
  transitEncryptionEnabled?: boolean;
  transitEncryptionMode?: string;
  atRestEncryptionEnabled?: boolean;
  autoMinorVersionUpgrade?: boolean;
  subnetGroupName?: string;
}

export interface ReplicationGroupFacts {
  kind: 'replicationgroup';
  id: string;
  arn: string;
  /** Older API responses omit it; replication groups only run Redis OSS or Valkey. */
  engine?: string;
  /** Undefined when the answer did not say. */
  status?: string;
  memberClusters: readonly string[];
  automaticFailover?: string;
  multiAZ?: string;
  snapshotRetentionLimit?: number;
  transitEncryptionEnabled?: boolean;
  transitEncryptionMode?: string;
  atRestEncryptionEnabled?: boolean;
  kmsKeyId?: string;
}

/** A cache as applications see it: a replication group or a standalone cluster. */
export type CacheFacts = CacheClusterFacts | ReplicationGroupFacts;

export interface ArnLocation {
  partition: string;
  region: string;
  accountId: string;
}

/** The ARN AWS gives a cluster or replication group; CloudTrail triggers rebuild it the same way. */
export function elastiCacheArn(kind: CacheKind, id: string, at: ArnLocation): string {
  return `arn:${at.partition}:elasticache:${at.region}:${at.accountId}:${kind}:${id}`;
}

/** The kind and id of an ElastiCache cluster / replication group ARN; undefined for anything else. */
export function parseElastiCacheArn(arn: string): { kind: CacheKind; id: string } | undefined {
  return parseKindArn(arn, 'elasticache', ['cluster', 'replicationgroup']);
}

// DescribeCacheClusters / DescribeReplicationGroups accept 20..100 records per page.
const PAGE_SIZE = 100;
const CLUSTER_NOT_FOUND = new Set(['CacheClusterNotFound', 'CacheClusterNotFoundFault']);
const GROUP_NOT_FOUND = new Set(['ReplicationGroupNotFoundFault', 'ReplicationGroupNotFound']);

/** The backup and encryption settings clusters and replication groups answer under the same names. */
function sameNamedEncryptionAndBackups(
  cache: Pick<CacheCluster & ReplicationGroup, 'SnapshotRetentionLimit' | 'TransitEncryptionEnabled' | 'TransitEncryptionMode' | 'AtRestEncryptionEnabled'>,
) {
  return {
    snapshotRetentionLimit: cache.SnapshotRetentionLimit,
    transitEncryptionEnabled: cache.TransitEncryptionEnabled,
    transitEncryptionMode: cache.TransitEncryptionMode,
    atRestEncryptionEnabled: cache.AtRestEncryptionEnabled,
  };
}

export class ElastiCacheReader extends ServiceReader<ElastiCacheApi> {
  protected readonly service = 'elasticache';

  /** Every cache cluster of the region (members of replication groups included) but those being deleted. */
  async clusters(): Promise<readonly CacheClusterFacts[]> {
    return (await this.listedClusters()).filter((c) => !isBeingDeleted(c));
  }

  /** Every replication group of the region but those being deleted. */
  async replicationGroups(): Promise<readonly ReplicationGroupFacts[]> {
    return (await this.listedGroups()).filter((g) => !isBeingDeleted(g));
  }

  /** The caches applications use: every replication group, and every cluster that belongs to none. */
  async caches(): Promise<readonly CacheFacts[]> {
    const [groups, clusters] = await Promise.all([this.replicationGroups(), this.clusters()]);
    return [...groups, ...clusters.filter((c) => !c.replicationGroupId)];
  }

  /** One cluster not being deleted: from the listing when a sweep made one, else DescribeCacheClusters for that id alone. */
  cluster(id: string): Promise<CacheClusterFacts> {
    return this.one(id, 'clusters', CLUSTER_NOT_FOUND, 'DescribeCacheClusters', async (api) =>
      this.clusterPage(await api.describeCacheClusters({ CacheClusterId: id })),
    );
  }

  /** One replication group not being deleted: from the listing when a sweep made one, else DescribeReplicationGroups for that id. */
  replicationGroup(id: string): Promise<ReplicationGroupFacts> {
    return this.one(id, 'groups', GROUP_NOT_FOUND, 'DescribeReplicationGroups', async (api) =>
      this.groupPage(await api.describeReplicationGroups({ ReplicationGroupId: id })),
    );
  }

  /** The cluster or group an ARN names (a rule's resource name). */
  async cacheByArn(arn: string): Promise<CacheFacts> {
    const parsed = parseElastiCacheArn(arn);
    // A name that is not an ElastiCache ARN cannot name an existing cache.
    if (!parsed) throw new ResourceNotFoundError(arn);
    return parsed.kind === 'cluster' ? this.cluster(parsed.id) : this.replicationGroup(parsed.id);
  }

  /** The cluster a cluster ARN names; any other ARN names no cluster. */
  clusterByArn(arn: string): Promise<CacheClusterFacts> {
    const parsed = parseElastiCacheArn(arn);
    if (parsed?.kind !== 'cluster') return Promise.reject(new ResourceNotFoundError(arn));
    return this.cluster(parsed.id);
  }

  /** The replication group a replication group ARN names; any other ARN names no group. */
  replicationGroupByArn(arn: string): Promise<ReplicationGroupFacts> {
    const parsed = parseElastiCacheArn(arn);
    if (parsed?.kind !== 'replicationgroup') return Promise.reject(new ResourceNotFoundError(arn));
    return this.replicationGroup(parsed.id);
  }

  /** Every cluster of the region, all pages, as DescribeCacheClusters lists them. */
  private listedClusters(): Promise<readonly CacheClusterFacts[]> {
    return this.listing('clusters', 'DescribeCacheClusters', async (api, Marker) =>
      this.clusterPage(await api.describeCacheClusters({ MaxRecords: PAGE_SIZE, Marker })),
    );
  }

  /** Every replication group of the region, all pages, as DescribeReplicationGroups lists them. */
  private listedGroups(): Promise<readonly ReplicationGroupFacts[]> {
    return this.listing('groups', 'DescribeReplicationGroups', async (api, Marker) =>
      this.groupPage(await api.describeReplicationGroups({ MaxRecords: PAGE_SIZE, Marker })),
    );
  }

  /** A cache being deleted is gone: the Delete calls return while it still exists, and its findings must close. */
  protected override goneReason(cache: CacheFacts): string | undefined {
    return isBeingDeleted(cache) ? `${cache.kind === 'cluster' ? 'cluster' : 'replication group'} ${cache.id} is being deleted` : undefined;
  }

  /** The answers of DescribeCacheClusters and DescribeReplicationGroups, as pages of facts. */
  private readonly clusterPage = (out: CacheClusterMessage) => page(out.CacheClusters, (c) => this.clusterFacts(c), out.Marker);
  private readonly groupPage = (out: ReplicationGroupMessage) => page(out.ReplicationGroups, (g) => this.groupFacts(g), out.Marker);

  /** A cache's kind, id and ARN (built when the answer left it out); undefined without an id. */
  private identity<Kind extends CacheKind>(kind: Kind, id: string | undefined, arn: string | undefined) {
    return id ? { kind, id, arn: arn || elastiCacheArn(kind, id, this.location) } : undefined;
  }

  private clusterFacts(c: CacheCluster): CacheClusterFacts | undefined {
    const identity = this.identity('cluster', c.CacheClusterId, c.ARN);
    if (!identity) return undefined;
    return {
      ...identity,
      engine: c.Engine ?? 'unknown',
      engineVersion: c.EngineVersion,
      status: c.CacheClusterStatus || undefined,
      nodeType: c.CacheNodeType,
      replicationGroupId: c.ReplicationGroupId || undefined,
      ...sameNamedEncryptionAndBackups(c),
      autoMinorVersionUpgrade: c.AutoMinorVersionUpgrade,
      subnetGroupName: c.CacheSubnetGroupName || undefined,
    };
  }

  private groupFacts(g: ReplicationGroup): ReplicationGroupFacts | undefined {
    const identity = this.identity('replicationgroup', g.ReplicationGroupId, g.ARN);
    if (!identity) return undefined;
    return {
      ...identity,
      engine: g.Engine || undefined,
      status: g.Status || undefined,
      memberClusters: g.MemberClusters ?? [],
      automaticFailover: g.AutomaticFailover,
      multiAZ: g.MultiAZ,
      ...sameNamedEncryptionAndBackups(g),
      kmsKeyId: g.KmsKeyId,
    };
  }
}

/**
 * What the ElastiCache rules share: how a CloudTrail event names a cache (the same ARN the sweep
 * lists, see the resource model in src/shared/aws/services/elasticache/reader.ts), and how a cache is named
 * in a sentence.
 */
import { type CacheClusterFacts, type CacheFacts, type CacheKind, elastiCacheArn } from '#shared/aws/services/elasticache/reader.js';
import type { Readers } from '#shared/aws/readers.js';
import { OutOfScopeError } from '#shared/core/errors.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { type CloudTrailDetail, type RuleTrigger, stringAt } from '../define-rule.js';

export const EVENT_SOURCE = 'elasticache.amazonaws.com';

function arnFromEvent(detail: CloudTrailDetail, kind: CacheKind, id: string | undefined): string[] {
  const region = detail.awsRegion;
  const accountId = detail.recipientAccountId;
  // Without region and account the ARN cannot be rebuilt: the next sweep covers the change.
  if (!id || !region || !accountId) return [];
  return [elastiCacheArn(kind, id, { partition: partitionOf(region), region, accountId })];
}

/** The replication group a Create/Modify/DeleteReplicationGroup call names. */
export function replicationGroupFromEvent(detail: CloudTrailDetail): string[] {
  return arnFromEvent(detail, 'replicationgroup', stringAt(detail.requestParameters, 'replicationGroupId'));
}

/** The cluster a Create/Modify/DeleteCacheCluster call names. */
export function clusterFromEvent(detail: CloudTrailDetail): string[] {
  return arnFromEvent(detail, 'cluster', stringAt(detail.requestParameters, 'cacheClusterId'));
}

/**
 * The cache a cluster call changes, for rules judged per cache: the cluster's replication group when
 * the call says it has one (a replica added to a group, or a member's response), else the cluster.
 */
export function cacheFromClusterEvent(detail: CloudTrailDetail): string[] {
  const groupId = stringAt(detail.requestParameters, 'replicationGroupId') ?? stringAt(detail.responseElements, 'replicationGroupId');
  return groupId ? arnFromEvent(detail, 'replicationgroup', groupId) : clusterFromEvent(detail);
}

/**
 * The member clusters a DeleteReplicationGroup answers with (`memberClusters`): they go with the group,
 * so their per-cluster findings close with it.
 */
export function memberClustersFromEvent(detail: CloudTrailDetail): string[] {
  const members = detail.responseElements?.memberClusters;
  const ids = Array.isArray(members) ? members.filter((id): id is string => typeof id === 'string' && id.length > 0) : [];
  return ids.flatMap((id) => arnFromEvent(detail, 'cluster', id));
}

export function memberClustersTrigger(eventNames: readonly string[]): RuleTrigger {
  return { eventSource: EVENT_SOURCE, eventNames, resourceNames: memberClustersFromEvent };
}

/**
 * ElastiCache applies creations and modifications over minutes (`creating`, `modifying`): the
 * triggers below are followed up until `cacheSettling` says the cache is settled.
 */
export function groupTrigger(eventNames: readonly string[]): RuleTrigger {
  return { eventSource: EVENT_SOURCE, eventNames, resourceNames: replicationGroupFromEvent, settles: true };
}

/** A cluster call, extracted per cluster (`cluster`) or per cache (`cache`, members map to their group). */
export function clusterTrigger(eventNames: readonly string[], per: 'cluster' | 'cache'): RuleTrigger {
  return { eventSource: EVENT_SOURCE, eventNames, resourceNames: per === 'cluster' ? clusterFromEvent : cacheFromClusterEvent, settles: true };
}

/** Cluster and replication group statuses in which ElastiCache is still applying something. */
const CHANGING_STATUSES = new Set(['creating', 'modifying', 'snapshotting', 'rebooting cluster nodes', 'deleting']);

/** The `settling` of the ElastiCache rules: the cache's changing status (an unreported one may still change). */
export async function cacheSettling({ elasticache }: Pick<Readers, 'elasticache'>, arn: string): Promise<string | undefined> {
  const cache = await elasticache.cacheByArn(arn);
  if (cache.status === undefined) return `the status of ${cacheLabel(cache)} was not reported`;
  return CHANGING_STATUSES.has(cache.status) ? `${cacheLabel(cache)} is ${cache.status}` : undefined;
}

/** `replication group sessions` / `cluster retainwise-cache`: reasons say which kind they speak of. */
export function cacheLabel(cache: CacheFacts): string {
  return `${cache.kind === 'replicationgroup' ? 'replication group' : 'cluster'} ${cache.id}`;
}

/**
 * A member cluster named by an event: its group-level settings are judged once, on the group, which is
 * what sweeps list; a finding of the member would be closed by the next sweep, so none is opened.
 */
export function judgedOnGroup(cluster: CacheClusterFacts, setting: string): never {
  throw new OutOfScopeError(
    cluster.arn,
    `cluster ${cluster.id} belongs to replication group ${cluster.replicationGroupId}, whose ${setting} are evaluated on the group`,
  );
}

/** Replication groups only run Redis OSS or Valkey; API responses before the Engine field are Redis OSS. */
export function engineOf(cache: CacheFacts): string {
  return cache.engine ?? 'redis';
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

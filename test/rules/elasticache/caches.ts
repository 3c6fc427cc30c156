/** SDK-shaped ElastiCache responses for the rule tests, and the mocked client they share. */
import {
  type CacheCluster,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, awsError, REGION } from '../../helpers/aws.js';

export const elasticache = mockClient(ElastiCacheClient);

export const clusterArn = (id: string, region = REGION) => `arn:aws:elasticache:${region}:${ACCOUNT}:cluster:${id}`;
export const groupArn = (id: string, region = REGION) => `arn:aws:elasticache:${region}:${ACCOUNT}:replicationgroup:${id}`;

/** A standalone Redis OSS cluster as DescribeCacheClusters returns it. */
export function cluster(id: string, overrides: Partial<CacheCluster> = {}): CacheCluster {
  return {
    CacheClusterId: id,
    ARN: clusterArn(id),
    Engine: 'redis',
    EngineVersion: '7.1.0',
    CacheNodeType: 'cache.t3.micro',
    CacheClusterStatus: 'available',
    NumCacheNodes: 1,
    CacheSubnetGroupName: 'cache-private',
    AutoMinorVersionUpgrade: true,
    SnapshotRetentionLimit: 0,
    TransitEncryptionEnabled: false,
    AtRestEncryptionEnabled: false,
    ...overrides,
  };
}

/** A member cluster of a replication group. */
export function member(id: string, groupId: string, overrides: Partial<CacheCluster> = {}): CacheCluster {
  return cluster(id, { ReplicationGroupId: groupId, Engine: 'valkey', EngineVersion: '8.0.1', ...overrides });
}

/** A replication group as DescribeReplicationGroups returns it. */
export function group(id: string, overrides: Partial<ReplicationGroup> = {}): ReplicationGroup {
  return {
    ReplicationGroupId: id,
    ARN: groupArn(id),
    Engine: 'valkey',
    Description: id,
    Status: 'available',
    MemberClusters: [`${id}-001`, `${id}-002`],
    AutomaticFailover: 'enabled',
    MultiAZ: 'enabled',
    SnapshotRetentionLimit: 7,
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'required',
    AtRestEncryptionEnabled: true,
    ClusterEnabled: false,
    ...overrides,
  };
}

/** Mocks both listings (one page each). */
export function listing({ clusters = [], groups = [] }: { clusters?: CacheCluster[]; groups?: ReplicationGroup[] }): void {
  elasticache.on(DescribeCacheClustersCommand).resolves({ CacheClusters: clusters });
  elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: groups });
}

export const clusterNotFound = (id: string) => awsError('CacheClusterNotFoundFault', `CacheCluster not found: ${id}`, 404);
export const groupNotFound = (id: string) => awsError('ReplicationGroupNotFoundFault', `ReplicationGroup not found: ${id}`, 404);

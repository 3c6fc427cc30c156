import { defineRule, fail, pass } from '../define-rule.js';
import { cacheSettling, clusterTrigger, memberClustersTrigger } from './support.js';

/** Per cluster, members of replication groups included, as Security Hub ElastiCache.7 does. */
export const elasticacheNonDefaultSubnetGroup = defineRule({
  id: 'elasticache-non-default-subnet-group',
  title: 'ElastiCache clusters run in a subnet group of their own',
  description:
    "Every cache cluster's CacheSubnetGroupName is set and is not `default` (the default group spans the default " +
    "VPC's subnets, which are public unless changed).",
  absentFields: 'A cluster without CacheSubnetGroupName is not in a VPC (EC2-Classic): FAIL.',
  severity: 'MEDIUM',
  resourceType: 'AWS::ElastiCache::CacheCluster',
  checklist: { source: '003 Cloud Infrastructure › VPC Configuration', item: 'Public and private subnets configured' },
  controls: { securityHub: ['ElastiCache.7'], awsConfig: 'elasticache-subnet-group-check' },
  iamActions: ['elasticache:DescribeCacheClusters'],
  triggers: [clusterTrigger(['CreateCacheCluster', 'ModifyCacheCluster', 'DeleteCacheCluster'], 'cluster'), memberClustersTrigger(['DeleteReplicationGroup'])],
  remediation: {
    text: "A cluster's subnet group cannot be changed: create a subnet group of private subnets, then recreate the cache in it (restore from a backup) and move clients.",
    cli: 'aws elasticache create-cache-subnet-group --cache-subnet-group-name <name> --cache-subnet-group-description "private subnets for the cache" --subnet-ids <private-subnet-1> <private-subnet-2>',
  },
  resources: async ({ elasticache }) => (await elasticache.clusters()).map((c) => c.arn),
  settling: cacheSettling,
  async evaluate({ elasticache }, arn) {
    const cluster = await elasticache.clusterByArn(arn);
    const group = cluster.subnetGroupName;
    const evidence = { cacheSubnetGroupName: group ?? null };
    if (!group) return fail(`cluster ${cluster.id} has no cache subnet group: it is not in a VPC`, evidence);
    if (group === 'default') return fail(`cluster ${cluster.id} uses the default subnet group`, evidence);
    return pass(`cluster ${cluster.id} uses subnet group ${group}`, evidence);
  },
});

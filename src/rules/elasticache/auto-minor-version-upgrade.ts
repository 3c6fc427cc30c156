import { cannotTell, defineRule, fail, pass } from '../define-rule.js';
import { cacheSettling, clusterTrigger, memberClustersTrigger } from './support.js';

/** Per cluster, members of replication groups included: AWS keeps the setting on each cluster. */
export const elasticacheAutoMinorVersionUpgrade = defineRule({
  id: 'elasticache-auto-minor-version-upgrade',
  title: 'ElastiCache clusters take minor engine upgrades automatically',
  description: 'Every cache cluster (members of replication groups included) has AutoMinorVersionUpgrade enabled.',
  absentFields: 'A cluster without AutoMinorVersionUpgrade is ERROR naming the field.',
  severity: 'LOW',
  resourceType: 'AWS::ElastiCache::CacheCluster',
  checklist: { source: '003 Security › Vulnerability Management', item: 'Regular security updates scheduled' },
  controls: { securityHub: ['ElastiCache.2'], awsConfig: 'elasticache-auto-minor-version-upgrade-check' },
  iamActions: ['elasticache:DescribeCacheClusters'],
  triggers: [clusterTrigger(['CreateCacheCluster', 'ModifyCacheCluster', 'DeleteCacheCluster'], 'cluster'), memberClustersTrigger(['DeleteReplicationGroup'])],
  remediation: {
    text: 'Turn automatic minor version upgrades on; they are applied in the maintenance window.',
    cli: 'aws elasticache modify-cache-cluster --cache-cluster-id <id> --auto-minor-version-upgrade --apply-immediately',
  },
  resources: async ({ elasticache }) => (await elasticache.clusters()).map((c) => c.arn),
  settling: cacheSettling,
  async evaluate({ elasticache }, arn) {
    const cluster = await elasticache.clusterByArn(arn);
    const evidence = { autoMinorVersionUpgrade: cluster.autoMinorVersionUpgrade ?? null, engine: cluster.engine, engineVersion: cluster.engineVersion ?? null };
    if (cluster.autoMinorVersionUpgrade === undefined) {
      return cannotTell(
        `DescribeCacheClusters did not say whether cluster ${cluster.id} takes minor version upgrades automatically (no AutoMinorVersionUpgrade)`,
        evidence,
      );
    }
    return cluster.autoMinorVersionUpgrade
      ? pass(`automatic minor version upgrades are enabled on cluster ${cluster.id}`, evidence)
      : fail(`automatic minor version upgrades are disabled on cluster ${cluster.id}`, evidence);
  },
});

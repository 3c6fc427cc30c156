import { defineRule, fail, pass } from '../define-rule.js';
import { cacheLabel, cacheSettling, clusterTrigger, groupTrigger, judgedOnGroup } from './support.js';

/** Resources are caches (replication groups and standalone clusters) named by ARN; the type says group. */
export const elasticacheEncryptedInTransit = defineRule({
  id: 'elasticache-encrypted-in-transit',
  title: 'Connections to ElastiCache are encrypted',
  description:
    'Every replication group and standalone cluster has TransitEncryptionEnabled, in `required` mode: `preferred` ' +
    'still accepts unencrypted connections and fails. Member clusters are judged through their group. Findings of ' +
    'standalone clusters carry the replication group resource type.',
  absentFields:
    "A cache without TransitEncryptionEnabled is not encrypted in transit, ElastiCache's documented default " +
    '(false): FAIL. Enabled without TransitEncryptionMode passes: before the mode existed, encrypted ' +
    'connections were required.',
  severity: 'HIGH',
  resourceType: 'AWS::ElastiCache::ReplicationGroup',
  checklist: { source: '003 Cloud Infrastructure › Cache Layer (Redis)', item: 'Encrypted connections' },
  controls: { securityHub: ['ElastiCache.5'], awsConfig: 'elasticache-repl-grp-encrypted-in-transit' },
  iamActions: ['elasticache:DescribeCacheClusters', 'elasticache:DescribeReplicationGroups'],
  triggers: [
    groupTrigger(['CreateReplicationGroup', 'ModifyReplicationGroup', 'DeleteReplicationGroup']),
    clusterTrigger(['CreateCacheCluster', 'ModifyCacheCluster', 'DeleteCacheCluster'], 'cache'),
  ],
  remediation: {
    text: 'Enable in-transit encryption in preferred mode, move every client to TLS, then set --transit-encryption-mode required. Engines too old for online TLS need a new, encrypted cache.',
    cli: 'aws elasticache modify-replication-group --replication-group-id <id> --transit-encryption-enabled --transit-encryption-mode preferred --apply-immediately',
  },
  resources: async ({ elasticache }) => (await elasticache.caches()).map((c) => c.arn),
  settling: cacheSettling,
  async evaluate({ elasticache }, arn) {
    const cache = await elasticache.cacheByArn(arn);
    if (cache.kind === 'cluster' && cache.replicationGroupId) return judgedOnGroup(cache, 'connections');
    const label = cacheLabel(cache);
    const mode = cache.transitEncryptionMode;
    const evidence = { transitEncryptionEnabled: cache.transitEncryptionEnabled ?? null, transitEncryptionMode: mode ?? null };
    if (cache.transitEncryptionEnabled !== true) return fail(`in-transit encryption is not enabled on ${label}`, evidence);
    if (mode === 'preferred') {
      return fail(`in-transit encryption on ${label} is in preferred mode: unencrypted connections are still accepted`, evidence);
    }
    return pass(`in-transit encryption is enabled on ${label}${mode ? ` (mode ${mode})` : ''}`, evidence);
  },
});

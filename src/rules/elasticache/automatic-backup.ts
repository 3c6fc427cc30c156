import * as z from 'zod';
import { defineRule, fail, notApplicable, pass } from '../define-rule.js';
import { cacheLabel, cacheSettling, clusterTrigger, groupTrigger, judgedOnGroup, plural } from './support.js';

const params = z
  .object({
    /** Minimum days ElastiCache keeps automatic backups (AWS allows 1..35; Security Hub's default is 1). */
    minRetentionDays: z.number().int().min(1).max(35).default(1),
  })
  .strict();

/** Resources are caches (replication groups and standalone clusters) named by ARN; the type says group. */
export const elasticacheAutomaticBackup = defineRule({
  id: 'elasticache-automatic-backup',
  title: 'ElastiCache caches keep automatic backups',
  description:
    'Every replication group and standalone Redis OSS / Valkey cluster keeps automatic backups for at least ' +
    '`minRetentionDays` days (SnapshotRetentionLimit). Member clusters are judged through their group; Memcached has ' +
    'no backups and is NOT_APPLICABLE. Findings of standalone clusters carry the replication group resource type.',
  absentFields:
    "A cache without SnapshotRetentionLimit keeps backups 0 days, ElastiCache's documented default (backups " +
    'off): FAIL. A cluster without ReplicationGroupId is standalone.',
  severity: 'HIGH',
  resourceType: 'AWS::ElastiCache::ReplicationGroup',
  checklist: { source: '003 Cloud Infrastructure › Cache Layer (Redis)', item: 'ElastiCache with replication' },
  controls: { securityHub: ['ElastiCache.1'], awsConfig: 'elasticache-redis-cluster-automatic-backup-check' },
  iamActions: ['elasticache:DescribeCacheClusters', 'elasticache:DescribeReplicationGroups'],
  triggers: [
    clusterTrigger(['CreateCacheCluster', 'ModifyCacheCluster', 'DeleteCacheCluster'], 'cache'),
    groupTrigger(['CreateReplicationGroup', 'ModifyReplicationGroup', 'DeleteReplicationGroup']),
  ],
  remediation: {
    text: 'Set a snapshot retention of at least the required days (modify-cache-cluster --snapshot-retention-limit for a standalone cluster).',
    cli: 'aws elasticache modify-replication-group --replication-group-id <id> --snapshot-retention-limit 7 --apply-immediately',
  },
  params,
  resources: async ({ elasticache }) => (await elasticache.caches()).map((c) => c.arn),
  settling: cacheSettling,
  async evaluate({ elasticache }, arn, { params: { minRetentionDays } }) {
    const cache = await elasticache.cacheByArn(arn);
    if (cache.kind === 'cluster') {
      if (cache.replicationGroupId) return judgedOnGroup(cache, 'automatic backups');
      if (cache.engine === 'memcached') {
        return notApplicable(`cluster ${cache.id} runs memcached, which has no automatic backups`, { engine: cache.engine });
      }
    }
    const days = cache.snapshotRetentionLimit ?? 0;
    const evidence = { snapshotRetentionLimit: cache.snapshotRetentionLimit ?? null, minRetentionDays };
    const label = cacheLabel(cache);
    if (days >= minRetentionDays) {
      return pass(`automatic backups of ${label} are kept ${plural(days, 'day')} (minimum ${minRetentionDays})`, evidence);
    }
    if (days === 0) return fail(`automatic backups are disabled on ${label}`, evidence);
    return fail(`automatic backups of ${label} are kept ${plural(days, 'day')}, fewer than the required ${minRetentionDays}`, evidence);
  },
});

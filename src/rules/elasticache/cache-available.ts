import * as z from 'zod';
import { cannotTell, defineAccountRule, fail, notApplicable, pass } from '../define-rule.js';
import { EVENT_SOURCE, engineOf, plural } from './support.js';

const params = z
  .object({
    /** Engines that count as "the cache" the application needs. */
    engines: z
      .array(z.enum(['redis', 'valkey', 'memcached']))
      .min(1)
      .default(['redis', 'valkey']),
    /**
     * Statuses in which a cache serves traffic. `modifying` and `snapshotting` still serve: without
     * them the nightly backup window of a single-node cache would raise a CRITICAL alert.
     */
    servingStatuses: z.array(z.string().min(1)).min(1).default(['available', 'modifying', 'snapshotting']),
    /** Only these regions need a cache (elsewhere NOT_APPLICABLE); unset = every scanned region. */
    regions: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict();

const SHOWN_NAMES = 5;

export const elasticacheCacheAvailable = defineAccountRule({
  id: 'elasticache-cache-available',
  title: 'A Redis / Valkey cache is deployed and available',
  description:
    'At least one ElastiCache replication group or standalone cluster of the `engines` param (default redis, valkey) ' +
    'is in a serving status (available, modifying, snapshotting) in the region. Member clusters count through their ' +
    'replication group. Serverless caches are not counted.',
  absentFields:
    'A replication group without Engine is Redis OSS (answers older than the field); a cluster without Engine ' +
    'matches no engine. A cache without its status makes the check ERROR unless another cache of the engines ' +
    'is known to be available.',
  severity: 'CRITICAL',
  resourceType: 'AWS::::Account',
  checklist: { source: '000 §1', item: 'Enable Redis for Prediction Caching' },
  controls: {},
  iamActions: ['elasticache:DescribeCacheClusters', 'elasticache:DescribeReplicationGroups'],
  triggers: [
    {
      eventSource: EVENT_SOURCE,
      eventNames: ['CreateCacheCluster', 'DeleteCacheCluster', 'CreateReplicationGroup', 'DeleteReplicationGroup'],
    },
  ],
  remediation: {
    text: 'Create a Valkey or Redis OSS cache for the application (a replication group with a replica, Multi-AZ, encryption and backups), then point REDIS_URL at its primary endpoint.',
    cli: 'aws elasticache create-replication-group --replication-group-id <id> --replication-group-description "<description>" --engine valkey --cache-node-type cache.t3.micro --num-cache-clusters 2 --automatic-failover-enabled --multi-az-enabled --transit-encryption-enabled --at-rest-encryption-enabled --snapshot-retention-limit 7 --cache-subnet-group-name <private-subnet-group>',
  },
  params,
  async evaluate({ elasticache }, { region, params: { engines, servingStatuses, regions } }) {
    if (regions && !regions.includes(region)) {
      return notApplicable(`${region} is not one of the regions that need a cache (${regions.join(', ')})`);
    }
    const label = engines.join('/');
    const caches = (await elasticache.caches()).filter((c) => (engines as readonly string[]).includes(engineOf(c)));
    const serving = caches
      .filter((c) => c.status !== undefined && servingStatuses.includes(c.status))
      .map((c) => c.id)
      .sort();
    const byStatus: Record<string, number> = {};
    for (const cache of caches) {
      const status = cache.status ?? 'not reported';
      byStatus[status] = (byStatus[status] ?? 0) + 1;
    }
    const evidence = { engines, serving, byStatus };

    if (serving.length > 0) {
      const shown = serving.slice(0, SHOWN_NAMES).join(', ');
      const more = serving.length > SHOWN_NAMES ? ` and ${serving.length - SHOWN_NAMES} more` : '';
      const verb = serving.length === 1 ? 'is' : 'are';
      return pass(`${plural(serving.length, `${label} cache`)} ${verb} available in ${region}: ${shown}${more}`, evidence);
    }
    const untold = caches.find((c) => c.status === undefined);
    if (untold) {
      return cannotTell(
        `DescribeReplicationGroups or DescribeCacheClusters did not say the status of ${untold.id} (no Status), and no ${label} ` +
          `cache is known to be available in ${region}`,
        evidence,
      );
    }
    const statuses = Object.entries(byStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, count]) => `${count} ${status}`)
      .join(', ');
    return fail(`no ${label} cache is available in ${region} (${statuses || 'none exists'})`, evidence);
  },
});

/** The demo's sample account: its ElastiCache resources, compliant and not. Sample data, never a real account. */
import { emptyRegion, type MemoryAccount, type MemoryRegion } from '../memory-account/index.js';

function regionOf(account: MemoryAccount, region: string): MemoryRegion {
  let state = account.regions[region];
  if (!state) {
    state = emptyRegion();
    account.regions[region] = state;
  }
  return state;
}

/**
 * eu-west-1 runs two caches:
 * - `sessions`, a Valkey replication group done right: a primary and a replica in two zones,
 *   failover + Multi-AZ, encrypted at rest and in transit, 7 days of backups, private subnet group;
 * - `retainwise-cache`, the single Redis OSS node of seed 000 §1 (`create-cache-cluster ... --engine
 *   redis --cache-node-type cache.t3.micro --num-cache-nodes 1`): default subnet group, no backups,
 *   no encryption in transit; it cannot be encrypted at rest (standalone clusters never are).
 */
export function applyElastiCacheSample(account: MemoryAccount): void {
  const { elasticache } = regionOf(account, 'eu-west-1');
  const sessionsMember = {
    engine: 'valkey',
    engineVersion: '8.0',
    nodeType: 'cache.t4g.small',
    replicationGroupId: 'sessions',
    subnetGroup: 'retainwise-cache-private',
    snapshotRetentionLimit: 7,
    transitEncryption: true,
    transitEncryptionMode: 'required',
    atRestEncryption: true,
    autoMinorVersionUpgrade: true,
  } as const;
  elasticache.replicationGroups.push({
    id: 'sessions',
    engine: 'valkey',
    description: 'RetainWise user sessions',
    memberClusters: ['sessions-001', 'sessions-002'],
    automaticFailover: 'enabled',
    multiAZ: 'enabled',
    snapshotRetentionLimit: 7,
    transitEncryption: true,
    transitEncryptionMode: 'required',
    atRestEncryption: true,
    kmsKeyId: `arn:aws:kms:eu-west-1:${account.accountId}:key/5b1e2c7a-3f4d-4e8a-9c61-0d2f7e8a9b10`,
    nodeType: 'cache.t4g.small',
  });
  elasticache.cacheClusters.push(
    { id: 'sessions-001', ...sessionsMember },
    { id: 'sessions-002', ...sessionsMember },
    {
      id: 'retainwise-cache',
      engine: 'redis',
      engineVersion: '7.0',
      nodeType: 'cache.t3.micro',
      subnetGroup: 'default',
      snapshotRetentionLimit: 0,
      transitEncryption: false,
      atRestEncryption: false,
      autoMinorVersionUpgrade: true,
    },
  );
}

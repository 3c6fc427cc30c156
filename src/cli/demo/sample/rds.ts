/** The demo's sample account: its RDS resources, compliant and not. Sample data, never a real account. */
import { ensureRegion, type MemoryAccount } from '../memory-account/index.js';
import type { MemoryDbSnapshot } from '../memory-account/rds.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `2026-03-04`: the date part RDS puts in automated snapshot names. */
function day(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/**
 * eu-west-1 runs three databases (seed 003: "Multi-AZ RDS instance", "Encrypted at rest", backups):
 * - `retainwise-db`, the application's PostgreSQL done right: Multi-AZ, encrypted with a KMS key,
 *   14 days of automated backups (seed 001 §2), an automated snapshot from last night and the manual
 *   snapshot of the seed 000 §7 restore drill;
 * - `analytics-db`, a PostgreSQL instance set up by hand: one zone, unencrypted, automated backups
 *   switched off (so AWS takes no daily snapshot), only a manual snapshot from before a migration;
 * - `reporting`, an Aurora PostgreSQL cluster with a writer and a reader in two zones, encrypted,
 *   14 days of backups and last night's automated cluster snapshot.
 * Snapshot times are relative to `now`, so the demo always shows the same verdicts.
 */
export function applyRdsSample(account: MemoryAccount, now: Date = new Date()): void {
  const { rds } = ensureRegion(account, 'eu-west-1');
  const kmsKey = `arn:aws:kms:eu-west-1:${account.accountId}:key/0f8e2d4c-9a1b-4c3d-8e7f-6a5b4c3d2e1f`;
  const ago = (ms: number) => new Date(now.getTime() - ms);
  // Automated snapshots are taken in the backup window (03:10 UTC here), the last one under a day ago.
  const windowStart = 3 * HOUR_MS + 10 * 60_000;
  const lastNight = new Date(Math.floor((now.getTime() - windowStart) / DAY_MS) * DAY_MS + windowStart);

  rds.instances.push(
    {
      id: 'retainwise-db',
      engine: 'postgres',
      engineVersion: '16.4',
      instanceClass: 'db.t4g.medium',
      backupRetentionPeriod: 14,
      multiAZ: true,
      availabilityZone: 'eu-west-1a',
      secondaryAvailabilityZone: 'eu-west-1b',
      storageEncrypted: true,
      kmsKeyId: kmsKey,
    },
    {
      id: 'analytics-db',
      engine: 'postgres',
      engineVersion: '15.8',
      instanceClass: 'db.t3.micro',
      backupRetentionPeriod: 0,
      multiAZ: false,
      availabilityZone: 'eu-west-1b',
      storageEncrypted: false,
    },
    {
      id: 'reporting-1',
      engine: 'aurora-postgresql',
      engineVersion: '16.4',
      instanceClass: 'db.r6g.large',
      clusterId: 'reporting',
      availabilityZone: 'eu-west-1a',
    },
    {
      id: 'reporting-2',
      engine: 'aurora-postgresql',
      engineVersion: '16.4',
      instanceClass: 'db.r6g.large',
      clusterId: 'reporting',
      availabilityZone: 'eu-west-1b',
    },
  );
  rds.clusters.push({
    id: 'reporting',
    engine: 'aurora-postgresql',
    engineVersion: '16.4',
    members: ['reporting-1', 'reporting-2'],
    backupRetentionPeriod: 14,
    storageEncrypted: true,
    kmsKeyId: kmsKey,
  });

  const automated: MemoryDbSnapshot[] = [0, 1, 2].map((daysBefore) => {
    const at = new Date(lastNight.getTime() - daysBefore * DAY_MS);
    return { id: `rds:retainwise-db-${day(at)}-03-10`, instanceId: 'retainwise-db', type: 'automated', createdAt: at.toISOString() };
  });
  const drill = ago(20 * DAY_MS);
  rds.snapshots.push(
    ...automated,
    { id: `test-restore-${day(drill).replaceAll('-', '')}`, instanceId: 'retainwise-db', type: 'manual', createdAt: drill.toISOString() },
    { id: 'analytics-db-before-migration', instanceId: 'analytics-db', type: 'manual', createdAt: ago(45 * DAY_MS).toISOString() },
  );
  rds.clusterSnapshots.push({
    id: `rds:reporting-${day(lastNight)}-03-10`,
    clusterId: 'reporting',
    type: 'automated',
    createdAt: lastNight.toISOString(),
  });
}

import * as z from 'zod';
import { describedBy } from '#shared/aws/services/rds/reader.js';
import { cannotTell, defineRule, fail, pass } from '../define-rule.js';
import { databaseLabel, databaseSettling, databaseTriggers, judgedOnCluster, plural, replicaSkipped } from './support.js';

const params = z
  .object({
    /** Minimum days of automated backups (AWS allows 1..35). Seed 001 asks 14; seed 003 asks 30. */
    minRetentionDays: z.number().int().min(1).max(35).default(14),
  })
  .strict();

/** Resources are databases (clusters and standalone instances) named by ARN; the type says instance. */
export const rdsBackupRetention = defineRule({
  id: 'rds-backup-retention',
  title: 'RDS databases keep automated backups long enough',
  description:
    'Every DB cluster and every DB instance outside a cluster keeps automated backups for at least `minRetentionDays` ' +
    'days (BackupRetentionPeriod; default 14, from seed 001 "Daily snapshots, 14-day retention"; seed 003 asks for ' +
    '"Automated daily backups (30-day retention)": set 30 to hold that bar). Aurora and Multi-AZ DB cluster members are ' +
    'judged through their cluster. Read replicas are NOT_APPLICABLE, as Security Hub RDS.11 skips them. Findings of ' +
    'clusters carry the DB instance resource type.',
  absentFields:
    'A database without BackupRetentionPeriod is ERROR naming the field. An instance without ' +
    'DBClusterIdentifier is not a cluster member, one without a read replica source is no replica.',
  severity: 'HIGH',
  resourceType: 'AWS::RDS::DBInstance',
  checklist: { source: '001 §2 Database Backups', item: 'Daily snapshots, 14-day retention' },
  controls: { securityHub: ['RDS.11'], awsConfig: 'db-instance-backup-enabled' },
  iamActions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  // A promoted replica becomes a standalone database whose backups now count.
  triggers: databaseTriggers(['PromoteReadReplica']),
  remediation: {
    text: 'Raise the backup retention period to at least the required days (modify-db-cluster --backup-retention-period for a cluster).',
    cli: 'aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 14 --apply-immediately',
  },
  params,
  resources: async ({ rds }) => (await rds.databases()).map((db) => db.arn),
  settling: databaseSettling,
  async evaluate({ rds }, arn, { params: { minRetentionDays } }) {
    const db = await rds.databaseByArn(arn);
    if (db.kind === 'db' && db.clusterId) return judgedOnCluster(db, 'backup retention');
    if (db.kind === 'db' && db.replicaSource) return replicaSkipped(db, 'backup retention');
    const days = db.backupRetentionPeriod;
    const evidence = { backupRetentionPeriod: days ?? null, minRetentionDays, engine: db.engine };
    const label = databaseLabel(db);
    if (days === undefined) {
      return cannotTell(`${describedBy(db)} did not say how long ${label} keeps automated backups (no BackupRetentionPeriod)`, evidence);
    }
    if (days >= minRetentionDays) {
      return pass(`automated backups of ${label} are kept ${plural(days, 'day')} (minimum ${minRetentionDays})`, evidence);
    }
    if (days === 0) return fail(`automated backups are disabled on ${label}`, evidence);
    return fail(`automated backups of ${label} are kept ${plural(days, 'day')}, fewer than the required ${minRetentionDays}`, evidence);
  },
});

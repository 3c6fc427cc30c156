import * as z from 'zod';
import type { DbSnapshotFacts } from '#shared/aws/services/rds/reader.js';
import { defineRule, fail, pass } from '../define-rule.js';
import {
  clusterFromEvent,
  databaseLabel,
  databaseSettling,
  databaseTriggers,
  EVENT_SOURCE,
  instanceFromSnapshotEvent,
  judgedOnCluster,
  plural,
  replicaSkipped,
} from './support.js';

const params = z
  .object({
    /** The newest available snapshot may be at most this many days old. */
    maxAgeDays: z.number().int().min(1).max(365).default(7),
  })
  .strict();

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** `5 hours`, `3 days`: days once a snapshot is a day old, hours before. */
function ageText(ms: number): string {
  if (ms < HOUR_MS) return 'less than an hour';
  if (ms < DAY_MS) return plural(Math.floor(ms / HOUR_MS), 'hour');
  return plural(Math.floor(ms / DAY_MS), 'day');
}

function newest(snapshots: readonly DbSnapshotFacts[]): (DbSnapshotFacts & { takenAt: Date }) | undefined {
  let best: (DbSnapshotFacts & { takenAt: Date }) | undefined;
  for (const s of snapshots) {
    if (s.takenAt && (!best || s.takenAt > best.takenAt)) best = { ...s, takenAt: s.takenAt };
  }
  return best;
}

/** Resources are databases (clusters and standalone instances) named by ARN; the type says instance. */
export const rdsRecentSnapshot = defineRule({
  id: 'rds-recent-snapshot',
  title: 'RDS databases have a recent snapshot to restore from',
  description:
    'Every DB cluster and every DB instance outside a cluster has an `available` snapshot (automated, manual or AWS ' +
    'Backup; a copy counts from when its original was taken) younger than `maxAgeDays` days: the starting point of ' +
    'the restore drill of seed 000 §7. It shows a restore is possible, not that one was rehearsed. Cluster members are ' +
    'judged through their cluster; read replicas are NOT_APPLICABLE. A region without databases is NOT_APPLICABLE.',
  absentFields:
    'A snapshot without Status is not counted as available, one without SnapshotCreateTime is not dated: ' +
    'neither makes a database pass; the FAIL says how many snapshots were not available.',
  severity: 'MEDIUM',
  resourceType: 'AWS::RDS::DBInstance',
  checklist: { source: '000 §7 Test Disaster Recovery Procedures', item: 'Database Restore Drill' },
  controls: {},
  iamActions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters', 'rds:DescribeDBSnapshots', 'rds:DescribeDBClusterSnapshots'],
  triggers: [
    ...databaseTriggers(['PromoteReadReplica']),
    // A snapshot counts once `available`, minutes after the call: followed up while one is `creating`.
    { eventSource: EVENT_SOURCE, eventNames: ['CreateDBSnapshot', 'DeleteDBSnapshot'], resourceNames: instanceFromSnapshotEvent, settles: true },
    { eventSource: EVENT_SOURCE, eventNames: ['CreateDBClusterSnapshot', 'DeleteDBClusterSnapshot'], resourceNames: clusterFromEvent, settles: true },
  ],
  remediation: {
    text: 'Enable automated backups, or take a snapshot now (create-db-cluster-snapshot for a cluster), then rehearse a restore from it.',
    cli: 'aws rds create-db-snapshot --db-instance-identifier <id> --db-snapshot-identifier <id>-drill-$(date +%Y%m%d)',
  },
  params,
  resources: async ({ rds }) => (await rds.databases()).map((db) => db.arn),
  async settling(readers, arn) {
    const changing = await databaseSettling(readers, arn);
    if (changing) return changing;
    const creating = (await readers.rds.snapshotsOf(await readers.rds.databaseByArn(arn))).filter((s) => s.status === 'creating');
    return creating.length > 0 ? `${plural(creating.length, 'snapshot')} of ${arn} still creating` : undefined;
  },
  async evaluate({ rds }, arn, { now, params: { maxAgeDays } }) {
    const db = await rds.databaseByArn(arn);
    if (db.kind === 'db' && db.clusterId) return judgedOnCluster(db, 'snapshot age');
    if (db.kind === 'db' && db.replicaSource) return replicaSkipped(db, 'snapshot age');
    const snapshots = await rds.snapshotsOf(db);
    const available = snapshots.filter((s) => s.status === 'available');
    const latest = newest(available);
    const label = databaseLabel(db);
    const evidence = {
      maxAgeDays,
      snapshots: snapshots.length,
      availableSnapshots: available.length,
      newest: latest ? { id: latest.id, type: latest.type, takenAt: latest.takenAt.toISOString() } : null,
    };
    if (!latest) {
      const pending = snapshots.length > 0 ? ` (${plural(snapshots.length, 'snapshot')} not available)` : '';
      return fail(`${label} has no available snapshot${pending}`, evidence);
    }
    const age = now.getTime() - latest.takenAt.getTime();
    const which = `${latest.type} snapshot ${latest.id}`;
    if (age <= maxAgeDays * DAY_MS) {
      return pass(`the newest snapshot of ${label} is ${ageText(age)} old (${which}; maximum ${maxAgeDays} days)`, evidence);
    }
    return fail(`the newest snapshot of ${label} is ${ageText(age)} old (${which}), older than ${maxAgeDays} days`, evidence);
  },
});

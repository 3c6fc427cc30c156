/**
 * What the RDS rules share: how a CloudTrail event names a database (the same ARN the sweep lists,
 * see the resource model in src/shared/aws/services/rds/reader.ts), which events change a database, and how a
 * database is named in a sentence.
 */
import type { Readers } from '#shared/aws/readers.js';
import { type DatabaseFacts, type DatabaseKind, type DbInstanceFacts, rdsArn } from '#shared/aws/services/rds/reader.js';
import { OutOfScopeError } from '#shared/core/errors.js';
import type { Evaluation } from '#shared/core/model.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { type CloudTrailDetail, notApplicable, type RuleTrigger, stringAt } from '../define-rule.js';

export const EVENT_SOURCE = 'rds.amazonaws.com';

function arnsFromEvent(detail: CloudTrailDetail, kind: DatabaseKind, ids: ReadonlyArray<string | undefined>): string[] {
  const region = detail.awsRegion;
  const accountId = detail.recipientAccountId;
  // Without region and account the ARN cannot be rebuilt: the next sweep covers the change.
  if (!region || !accountId) return [];
  const at = { partition: partitionOf(region), region, accountId };
  // An identifier given as an ARN is reduced to its id, so both spellings name one finding.
  const names = ids.flatMap((id) => (id ? [rdsArn(kind, id.startsWith('arn:') ? (id.split(':')[6] ?? id) : id, at)] : []));
  return [...new Set(names)];
}

const request = (detail: CloudTrailDetail, path: string) => stringAt(detail.requestParameters, path);
const response = (detail: CloudTrailDetail, path: string) => stringAt(detail.responseElements, path);

/**
 * The database an instance call changes: the instance's cluster when the call says it has one (an
 * Aurora member created, modified or deleted), else the instance itself. A rename (ModifyDBInstance
 * with newDBInstanceIdentifier) names the old ARN, whose finding closes, and the new one.
 */
export function databaseFromInstanceEvent(detail: CloudTrailDetail): string[] {
  const clusterId = request(detail, 'dBClusterIdentifier') ?? response(detail, 'dBClusterIdentifier');
  if (clusterId) return arnsFromEvent(detail, 'cluster', [clusterId]);
  return arnsFromEvent(detail, 'db', [
    request(detail, 'dBInstanceIdentifier') ?? request(detail, 'targetDBInstanceIdentifier'),
    request(detail, 'newDBInstanceIdentifier'),
  ]);
}

/** The cluster a cluster call (or a cluster snapshot call) changes; a rename names both ARNs. */
export function clusterFromEvent(detail: CloudTrailDetail): string[] {
  return arnsFromEvent(detail, 'cluster', [
    request(detail, 'dBClusterIdentifier') ?? response(detail, 'dBClusterIdentifier'),
    request(detail, 'newDBClusterIdentifier'),
  ]);
}

/** The instance a DB snapshot call is about: the request names it on create, the response on delete. */
export function instanceFromSnapshotEvent(detail: CloudTrailDetail): string[] {
  return arnsFromEvent(detail, 'db', [request(detail, 'dBInstanceIdentifier') ?? response(detail, 'dBInstanceIdentifier')]);
}

/** Calls that create, change, restore or delete a DB instance. */
export const INSTANCE_EVENTS = [
  'CreateDBInstance',
  'CreateDBInstanceReadReplica',
  'RestoreDBInstanceFromDBSnapshot',
  'RestoreDBInstanceToPointInTime',
  'ModifyDBInstance',
  'DeleteDBInstance',
] as const;

/** Calls that create, change, restore or delete a DB cluster. */
export const CLUSTER_EVENTS = [
  'CreateDBCluster',
  'RestoreDBClusterFromSnapshot',
  'RestoreDBClusterToPointInTime',
  'ModifyDBCluster',
  'DeleteDBCluster',
] as const;

/**
 * The triggers of a rule judged per database: instance calls (plus `extraInstanceEvents`) and cluster
 * calls. RDS applies creations, modifications and restores over minutes (or at the next maintenance
 * window), so they are followed up until `databaseSettling` says the database settled; a deletion
 * closes the finding at once (a database being deleted is gone), which starts no follow-up.
 */
export function databaseTriggers(extraInstanceEvents: readonly string[] = []): RuleTrigger[] {
  return [
    { eventSource: EVENT_SOURCE, eventNames: [...INSTANCE_EVENTS, ...extraInstanceEvents], resourceNames: databaseFromInstanceEvent, settles: true },
    { eventSource: EVENT_SOURCE, eventNames: CLUSTER_EVENTS, resourceNames: clusterFromEvent, settles: true },
  ];
}

/**
 * Statuses of a DB instance or cluster in which AWS is still applying something (RDS "Viewing DB
 * instance status"): a rule's verdict may change once it returns to `available` (or `stopped`).
 */
const CHANGING_STATUSES = new Set([
  'backing-up',
  'backtracking',
  'converting-to-vpc',
  'creating',
  'maintenance',
  'migrating',
  'modifying',
  'moving-to-vpc',
  'promoting',
  'rebooting',
  'renaming',
  'resetting-master-credentials',
  'starting',
  'stopping',
  'upgrading',
]);

/** The `settling` of the RDS rules: the database's changing status, or the settings it has pending. */
export async function databaseSettling({ rds }: Pick<Readers, 'rds'>, arn: string): Promise<string | undefined> {
  const db = await rds.databaseByArn(arn);
  if (CHANGING_STATUSES.has(db.status) || db.status.startsWith('configuring-')) return `${databaseLabel(db)} is ${db.status}`;
  if (db.pendingModifications.length > 0) return `${databaseLabel(db)} has pending modifications: ${db.pendingModifications.join(', ')}`;
  return undefined;
}

/** `DB instance analytics-db` / `Aurora cluster reporting`: reasons say which kind they speak of. */
export function databaseLabel(db: DatabaseFacts): string {
  if (db.kind === 'db') return `DB instance ${db.id}`;
  return `${db.engine.startsWith('aurora') ? 'Aurora cluster' : 'DB cluster'} ${db.id}`;
}

/**
 * A cluster member named by an event: its cluster-level settings are judged once, on the cluster, which
 * is what sweeps list; a finding of the member would be closed by the next sweep, so none is opened.
 */
export function judgedOnCluster(instance: DbInstanceFacts, setting: string): never {
  throw new OutOfScopeError(
    instance.arn,
    `DB instance ${instance.id} belongs to DB cluster ${instance.clusterId}, whose ${setting} is evaluated on the cluster`,
  );
}

/**
 * A read replica, for backup rules: AWS keeps no automated backups of most replicas (they are
 * restored from their source's), so Security Hub RDS.11 and AWS Config skip them; so do we.
 */
export function replicaSkipped(instance: DbInstanceFacts, setting: string): Evaluation {
  return notApplicable(
    `DB instance ${instance.id} is a read replica of ${instance.replicaSource}, backed up through its source: ` + `its ${setting} is not evaluated`,
    { readReplicaSource: instance.replicaSource },
  );
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** RDS of an in-memory account: answers the RdsApi from plain data, as RDS would. */
import { createHash } from 'node:crypto';
import type { DBCluster, DBClusterSnapshot, DBInstance, DBSnapshot, Filter } from '@aws-sdk/client-rds';
import type { RdsApi } from '#shared/aws/services/rds/sdk.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

/** A DB instance; omitted settings take the value the CreateDBInstance API gives them. */
export interface MemoryDbInstance {
  id: string;
  /** `postgres`, `mysql`, `aurora-postgresql`... */
  engine: string;
  engineVersion?: string;
  /** Default `db.t3.micro`. */
  instanceClass?: string;
  /** Default `available`. */
  status?: string;
  /** Set for a member of a cluster (list it in the cluster's `members` too). */
  clusterId?: string;
  /** Set for a read replica: the source instance's identifier (or ARN when cross-region). */
  replicaSourceId?: string;
  /** Days of automated backups; default 1, as the API does. Members report their cluster's. */
  backupRetentionPeriod?: number;
  multiAZ?: boolean;
  /** Default `<region>a`. */
  availabilityZone?: string;
  /** The standby's zone of a Multi-AZ instance; default `<region>b`. */
  secondaryAvailabilityZone?: string;
  /** Default false, as the API does (the console defaults to true). Members report their cluster's. */
  storageEncrypted?: boolean;
  kmsKeyId?: string;
  /** DbiResourceId; default derived from the id. */
  resourceId?: string;
  /** PendingModifiedValues: what a ModifyDBInstance asked and AWS has not applied yet. */
  pendingModifiedValues?: DBInstance['PendingModifiedValues'];
}

export interface MemoryDbCluster {
  id: string;
  engine: string;
  engineVersion?: string;
  /** Default `provisioned`. */
  engineMode?: string;
  /** Default `available`. */
  status?: string;
  /** Instance ids, writer first. */
  members: string[];
  /** Default 1, the least an Aurora cluster can keep. */
  backupRetentionPeriod?: number;
  /** Default: true when the members sit in more than one zone, as AWS reports it. */
  multiAZ?: boolean;
  storageEncrypted?: boolean;
  kmsKeyId?: string;
  resourceId?: string;
}

export interface MemoryDbSnapshot {
  id: string;
  instanceId: string;
  type: 'automated' | 'manual' | 'awsbackup';
  /** Default `available`. */
  status?: string;
  /** ISO-8601 time the snapshot was taken. */
  createdAt: string;
  /** For a copy: when the original was taken. */
  originalCreatedAt?: string;
  /** Default: the DbiResourceId of the instance with that id, if it exists. */
  sourceResourceId?: string;
}

export interface MemoryDbClusterSnapshot {
  id: string;
  clusterId: string;
  type: 'automated' | 'manual';
  status?: string;
  createdAt: string;
  sourceResourceId?: string;
}

export interface MemoryRdsState {
  instances: MemoryDbInstance[];
  clusters: MemoryDbCluster[];
  snapshots: MemoryDbSnapshot[];
  clusterSnapshots: MemoryDbClusterSnapshot[];
}

export function emptyRdsState(): MemoryRdsState {
  return { instances: [], clusters: [], snapshots: [], clusterSnapshots: [] };
}

// The API's limits on MaxRecords; AWS answers InvalidParameterValue outside them.
const MIN_RECORDS = 20;
const MAX_RECORDS = 100;

function pageSize(maxRecords: number | undefined): number {
  if (maxRecords === undefined) return MAX_RECORDS;
  if (maxRecords < MIN_RECORDS || maxRecords > MAX_RECORDS) {
    throw new MemoryServiceError('InvalidParameterValue', `MaxRecords must be between ${MIN_RECORDS} and ${MAX_RECORDS}`);
  }
  return maxRecords;
}

/** The values of one named filter, lower-cased (RDS identifiers are case-insensitive); undefined when absent. */
function filterValues(filters: Filter[] | undefined, name: string): string[] | undefined {
  const filter = filters?.find((f) => f.Name === name);
  return filter ? (filter.Values ?? []).map((v) => v.toLowerCase()) : undefined;
}

/** An identifier or an ARN of one, as the describe calls accept both. */
function idOf(identifier: string): string {
  return (identifier.startsWith('arn:') ? (identifier.split(':')[6] ?? '') : identifier).toLowerCase();
}

/** The ARN of the account's default RDS key (alias aws/rds) in a region: a stable, UUID-shaped key id. */
export function defaultRdsKey(region: string, accountId: string): string {
  const hex = createHash('sha256').update(`aws/rds:${accountId}:${region}`).digest('hex');
  return `arn:aws:kms:${region}:${accountId}:key/${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function memoryRdsApi(state: MemoryRdsState, region: string, accountId: string, call: MemoryCall): RdsApi {
  const arn = (kind: string, id: string) => `arn:aws:rds:${region}:${accountId}:${kind}:${id}`;
  const resourceIdOf = (prefix: 'db' | 'cluster', id: string) =>
    `${prefix}-${Buffer.from(`${accountId}/${region}/${id}`).toString('hex').slice(0, 26).toUpperCase()}`;
  const instanceResourceId = (i: MemoryDbInstance) => i.resourceId ?? resourceIdOf('db', i.id);
  const clusterResourceId = (c: MemoryDbCluster) => c.resourceId ?? resourceIdOf('cluster', c.id);
  const clusterOf = (i: MemoryDbInstance) => state.clusters.find((c) => c.id === i.clusterId);
  // Storage encrypted without a KmsKeyId uses the account's default RDS key of the region (aws/rds),
  // and RDS names it: DescribeDBInstances / DescribeDBClusters always report the key of encrypted storage.
  const keyOf = (encrypted: boolean | undefined, kmsKeyId: string | undefined) => (encrypted ? (kmsKeyId ?? defaultRdsKey(region, accountId)) : kmsKeyId);
  const zoneOf = (i: MemoryDbInstance) => i.availabilityZone ?? `${region}a`;

  const toInstance = (i: MemoryDbInstance): DBInstance => {
    const cluster = clusterOf(i);
    return {
      DBInstanceIdentifier: i.id,
      DBInstanceArn: arn('db', i.id),
      DBInstanceClass: i.instanceClass ?? 'db.t3.micro',
      Engine: i.engine,
      EngineVersion: i.engineVersion,
      DBInstanceStatus: i.status ?? 'available',
      DBClusterIdentifier: i.clusterId,
      ReadReplicaSourceDBInstanceIdentifier: i.replicaSourceId,
      // A member reports its cluster's backup and encryption settings, as Aurora instances do.
      BackupRetentionPeriod: cluster ? (cluster.backupRetentionPeriod ?? 1) : (i.backupRetentionPeriod ?? 1),
      MultiAZ: i.multiAZ ?? false,
      AvailabilityZone: zoneOf(i),
      SecondaryAvailabilityZone: i.multiAZ ? (i.secondaryAvailabilityZone ?? `${region}b`) : undefined,
      StorageEncrypted: cluster ? (cluster.storageEncrypted ?? false) : (i.storageEncrypted ?? false),
      KmsKeyId: cluster ? keyOf(cluster.storageEncrypted, cluster.kmsKeyId) : keyOf(i.storageEncrypted, i.kmsKeyId),
      DbiResourceId: instanceResourceId(i),
      PendingModifiedValues: i.pendingModifiedValues ?? {},
    };
  };

  const toCluster = (c: MemoryDbCluster): DBCluster => {
    const zones = new Set(state.instances.filter((i) => i.clusterId === c.id).map(zoneOf));
    return {
      DBClusterIdentifier: c.id,
      DBClusterArn: arn('cluster', c.id),
      Engine: c.engine,
      EngineVersion: c.engineVersion,
      EngineMode: c.engineMode ?? 'provisioned',
      Status: c.status ?? 'available',
      DBClusterMembers: c.members.map((id, index) => ({ DBInstanceIdentifier: id, IsClusterWriter: index === 0 })),
      BackupRetentionPeriod: c.backupRetentionPeriod ?? 1,
      MultiAZ: c.multiAZ ?? zones.size > 1,
      StorageEncrypted: c.storageEncrypted ?? false,
      KmsKeyId: keyOf(c.storageEncrypted, c.kmsKeyId),
      DbClusterResourceId: clusterResourceId(c),
    };
  };

  const toSnapshot = (s: MemoryDbSnapshot): DBSnapshot => {
    const instance = state.instances.find((i) => i.id === s.instanceId);
    return {
      DBSnapshotIdentifier: s.id,
      DBSnapshotArn: arn('snapshot', s.id),
      DBInstanceIdentifier: s.instanceId,
      DbiResourceId: s.sourceResourceId ?? (instance ? instanceResourceId(instance) : undefined),
      SnapshotType: s.type,
      Status: s.status ?? 'available',
      SnapshotCreateTime: new Date(s.createdAt),
      OriginalSnapshotCreateTime: new Date(s.originalCreatedAt ?? s.createdAt),
      Engine: instance?.engine,
    };
  };

  const toClusterSnapshot = (s: MemoryDbClusterSnapshot): DBClusterSnapshot => {
    const cluster = state.clusters.find((c) => c.id === s.clusterId);
    return {
      DBClusterSnapshotIdentifier: s.id,
      DBClusterSnapshotArn: arn('cluster-snapshot', s.id),
      DBClusterIdentifier: s.clusterId,
      DbClusterResourceId: s.sourceResourceId ?? (cluster ? clusterResourceId(cluster) : undefined),
      SnapshotType: s.type,
      Status: s.status ?? 'available',
      SnapshotCreateTime: new Date(s.createdAt),
      Engine: cluster?.engine,
    };
  };

  return {
    describeDBInstances: (input) =>
      call('rds', 'DescribeDBInstances', input, () => {
        if (input.DBInstanceIdentifier) {
          const id = idOf(input.DBInstanceIdentifier);
          const found = state.instances.find((i) => i.id === id);
          if (!found) throw notFound('DBInstanceNotFoundFault', `DBInstance ${id} not found.`);
          return { DBInstances: [toInstance(found)] };
        }
        const clusterIds = filterValues(input.Filters, 'db-cluster-id')?.map(idOf);
        const listed = clusterIds ? state.instances.filter((i) => i.clusterId && clusterIds.includes(i.clusterId)) : state.instances;
        const page = paginate(listed, input.Marker, pageSize(input.MaxRecords));
        return { DBInstances: page.items.map(toInstance), Marker: page.next };
      }),
    describeDBClusters: (input) =>
      call('rds', 'DescribeDBClusters', input, () => {
        if (input.DBClusterIdentifier) {
          const id = idOf(input.DBClusterIdentifier);
          const found = state.clusters.find((c) => c.id === id);
          if (!found) throw notFound('DBClusterNotFoundFault', `DBCluster ${id} not found.`);
          return { DBClusters: [toCluster(found)] };
        }
        const page = paginate(state.clusters, input.Marker, pageSize(input.MaxRecords));
        return { DBClusters: page.items.map(toCluster), Marker: page.next };
      }),
    describeDBSnapshots: (input) =>
      call('rds', 'DescribeDBSnapshots', input, () => {
        const instanceId = input.DBInstanceIdentifier ? idOf(input.DBInstanceIdentifier) : undefined;
        // Without SnapshotType AWS lists automated and manual snapshots, not AWS Backup ones.
        const types = input.SnapshotType ? [input.SnapshotType] : ['automated', 'manual'];
        const listed = state.snapshots.filter((s) => types.includes(s.type) && (!instanceId || s.instanceId === instanceId));
        const page = paginate(listed, input.Marker, pageSize(input.MaxRecords));
        return { DBSnapshots: page.items.map(toSnapshot), Marker: page.next };
      }),
    describeDBClusterSnapshots: (input) =>
      call('rds', 'DescribeDBClusterSnapshots', input, () => {
        const clusterId = input.DBClusterIdentifier ? idOf(input.DBClusterIdentifier) : undefined;
        if (clusterId && !state.clusters.some((c) => c.id === clusterId)) {
          throw notFound('DBClusterNotFoundFault', `DBCluster ${clusterId} not found.`);
        }
        const types = input.SnapshotType ? [input.SnapshotType] : ['automated', 'manual'];
        const listed = state.clusterSnapshots.filter((s) => types.includes(s.type) && (!clusterId || s.clusterId === clusterId));
        const page = paginate(listed, input.Marker, pageSize(input.MaxRecords));
        return { DBClusterSnapshots: page.items.map(toClusterSnapshot), Marker: page.next };
      }),
  };
}

/** SDK-shaped RDS responses for the rule tests, and the mocked client they share. */
import {
  type DBCluster,
  type DBClusterSnapshot,
  type DBInstance,
  type DBSnapshot,
  DescribeDBClustersCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBInstancesCommand,
  DescribeDBSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { mockClient } from 'aws-sdk-client-mock';
import { ACCOUNT, awsError, REGION } from '../../helpers/aws.js';

export const rds = mockClient(RDSClient);

export const instanceArn = (id: string, region = REGION) => `arn:aws:rds:${region}:${ACCOUNT}:db:${id}`;
export const clusterArn = (id: string, region = REGION) => `arn:aws:rds:${region}:${ACCOUNT}:cluster:${id}`;
export const KMS_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0f8e2d4c-9a1b-4c3d-8e7f-6a5b4c3d2e1f`;

/** A standalone PostgreSQL instance as DescribeDBInstances returns it: compliant unless overridden. */
export function instance(id: string, overrides: Partial<DBInstance> = {}): DBInstance {
  return {
    DBInstanceIdentifier: id,
    DBInstanceArn: instanceArn(id),
    DBInstanceClass: 'db.t4g.medium',
    Engine: 'postgres',
    EngineVersion: '16.4',
    DBInstanceStatus: 'available',
    BackupRetentionPeriod: 14,
    MultiAZ: true,
    AvailabilityZone: 'eu-west-1a',
    SecondaryAvailabilityZone: 'eu-west-1b',
    StorageEncrypted: true,
    KmsKeyId: KMS_KEY,
    DbiResourceId: `db-${id.toUpperCase().replaceAll('-', '')}`,
    ...overrides,
  };
}

/** A member of an Aurora cluster: it reports no Multi-AZ of its own. */
export function member(id: string, clusterId: string, zone: string, overrides: Partial<DBInstance> = {}): DBInstance {
  return instance(id, {
    Engine: 'aurora-postgresql',
    DBInstanceClass: 'db.r6g.large',
    DBClusterIdentifier: clusterId,
    MultiAZ: false,
    AvailabilityZone: zone,
    SecondaryAvailabilityZone: undefined,
    ...overrides,
  });
}

/** A read replica of `source`: AWS keeps no automated backups of it. */
export function replica(id: string, source: string, overrides: Partial<DBInstance> = {}): DBInstance {
  return instance(id, { ReadReplicaSourceDBInstanceIdentifier: source, BackupRetentionPeriod: 0, MultiAZ: false, ...overrides });
}

/** An Aurora PostgreSQL cluster as DescribeDBClusters returns it: compliant unless overridden. */
export function cluster(id: string, overrides: Partial<DBCluster> = {}): DBCluster {
  return {
    DBClusterIdentifier: id,
    DBClusterArn: clusterArn(id),
    Engine: 'aurora-postgresql',
    EngineVersion: '16.4',
    EngineMode: 'provisioned',
    Status: 'available',
    DBClusterMembers: [
      { DBInstanceIdentifier: `${id}-1`, IsClusterWriter: true },
      { DBInstanceIdentifier: `${id}-2`, IsClusterWriter: false },
    ],
    BackupRetentionPeriod: 14,
    MultiAZ: true,
    StorageEncrypted: true,
    KmsKeyId: KMS_KEY,
    DbClusterResourceId: `cluster-${id.toUpperCase().replaceAll('-', '')}`,
    ...overrides,
  };
}

/** An available DB snapshot of `instanceId` taken at `at`. */
export function snapshot(id: string, instanceId: string, at: Date, overrides: Partial<DBSnapshot> = {}): DBSnapshot {
  return {
    DBSnapshotIdentifier: id,
    DBInstanceIdentifier: instanceId,
    DbiResourceId: `db-${instanceId.toUpperCase().replaceAll('-', '')}`,
    SnapshotType: 'automated',
    Status: 'available',
    SnapshotCreateTime: at,
    OriginalSnapshotCreateTime: at,
    Engine: 'postgres',
    ...overrides,
  };
}

/** An available DB cluster snapshot of `clusterId` taken at `at`. */
export function clusterSnapshot(id: string, clusterId: string, at: Date, overrides: Partial<DBClusterSnapshot> = {}): DBClusterSnapshot {
  return {
    DBClusterSnapshotIdentifier: id,
    DBClusterIdentifier: clusterId,
    DbClusterResourceId: `cluster-${clusterId.toUpperCase().replaceAll('-', '')}`,
    SnapshotType: 'automated',
    Status: 'available',
    SnapshotCreateTime: at,
    Engine: 'aurora-postgresql',
    ...overrides,
  };
}

/** Mocks every listing (one page each); snapshot listings are empty unless given, AWS Backup ones always. */
export function listing({
  instances = [],
  clusters = [],
  snapshots = [],
  clusterSnapshots = [],
}: {
  instances?: DBInstance[];
  clusters?: DBCluster[];
  snapshots?: DBSnapshot[];
  clusterSnapshots?: DBClusterSnapshot[];
}): void {
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: instances });
  rds.on(DescribeDBClustersCommand).resolves({ DBClusters: clusters });
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: snapshots });
  // AWS Backup snapshots are listed only when asked for by type.
  rds.on(DescribeDBSnapshotsCommand, { SnapshotType: 'awsbackup' }).resolves({ DBSnapshots: [] });
  rds.on(DescribeDBClusterSnapshotsCommand).resolves({ DBClusterSnapshots: clusterSnapshots });
}

export const instanceNotFound = (id: string) => awsError('DBInstanceNotFoundFault', `DBInstance ${id} not found.`, 404);
export const clusterNotFound = (id: string) => awsError('DBClusterNotFoundFault', `DBCluster ${id} not found.`, 404);

/** Mirrors ElastiCache clusters and replication groups, RDS instances, clusters and snapshots into moto. */
import { CreateCacheClusterCommand, CreateCacheSubnetGroupCommand, CreateReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { CreateDBClusterCommand, CreateDBClusterSnapshotCommand, CreateDBInstanceCommand, CreateDBSnapshotCommand } from '@aws-sdk/client-rds';
import { type MirrorContext, regional } from './context.js';

export async function mirrorElastiCache(context: MirrorContext, region: string): Promise<void> {
  const { elasticache } = context.clients(region);
  const state = regional(context, region)?.elasticache;
  const clusters = state?.cacheClusters ?? [];
  const groups = state?.replicationGroups ?? [];
  const subnetGroups = new Set([...clusters.map((c) => c.subnetGroup), ...groups.map((g) => clusters.find((c) => c.replicationGroupId === g.id)?.subnetGroup)]);
  for (const name of subnetGroups) {
    if (!name || name === 'default') continue;
    await elasticache.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: name, CacheSubnetGroupDescription: name, SubnetIds: ['subnet-0cache'] }));
  }
  for (const group of groups) {
    const member = clusters.find((c) => c.replicationGroupId === group.id);
    await elasticache.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: group.id,
        ReplicationGroupDescription: group.description ?? group.id,
        Engine: group.engine ?? 'redis',
        CacheNodeType: group.nodeType ?? 'cache.t3.micro',
        NumCacheClusters: group.memberClusters.length,
        AutomaticFailoverEnabled: group.automaticFailover === 'enabled',
        MultiAZEnabled: group.multiAZ === 'enabled',
        SnapshotRetentionLimit: group.snapshotRetentionLimit ?? 0,
        TransitEncryptionEnabled: group.transitEncryption ?? false,
        ...(group.transitEncryption && group.transitEncryptionMode ? { TransitEncryptionMode: group.transitEncryptionMode } : {}),
        AtRestEncryptionEnabled: group.atRestEncryption ?? false,
        ...(group.kmsKeyId ? { KmsKeyId: group.kmsKeyId } : {}),
        ...(member?.subnetGroup ? { CacheSubnetGroupName: member.subnetGroup } : {}),
      }),
    );
    if (group.status && group.status !== 'available')
      context.approximations.push(`elasticache: group ${group.id} is ${group.status} (moto makes it available)`);
  }
  // A replication group's members are created by CreateReplicationGroup itself, as in AWS.
  for (const cluster of clusters.filter((c) => !c.replicationGroupId)) {
    await elasticache.send(
      new CreateCacheClusterCommand({
        CacheClusterId: cluster.id,
        Engine: cluster.engine,
        ...(cluster.engineVersion ? { EngineVersion: cluster.engineVersion } : {}),
        CacheNodeType: cluster.nodeType ?? 'cache.t3.micro',
        NumCacheNodes: cluster.numNodes ?? 1,
        ...(cluster.subnetGroup && cluster.subnetGroup !== 'default' ? { CacheSubnetGroupName: cluster.subnetGroup } : {}),
        SnapshotRetentionLimit: cluster.snapshotRetentionLimit ?? 0,
        TransitEncryptionEnabled: cluster.transitEncryption ?? false,
        AutoMinorVersionUpgrade: cluster.autoMinorVersionUpgrade ?? true,
      }),
    );
    if (cluster.status && cluster.status !== 'available')
      context.approximations.push(`elasticache: cluster ${cluster.id} is ${cluster.status} (moto makes it available)`);
  }
}

const MASTER = { MasterUsername: 'preflight', MasterUserPassword: 'not-a-real-password-1' };

export async function mirrorRds(context: MirrorContext, region: string): Promise<void> {
  const { rds } = context.clients(region);
  const state = regional(context, region)?.rds;
  for (const cluster of state?.clusters ?? []) {
    await rds.send(
      new CreateDBClusterCommand({
        DBClusterIdentifier: cluster.id,
        Engine: cluster.engine,
        ...(cluster.engineVersion ? { EngineVersion: cluster.engineVersion } : {}),
        ...MASTER,
        BackupRetentionPeriod: cluster.backupRetentionPeriod ?? 1,
        StorageEncrypted: cluster.storageEncrypted ?? false,
        ...(cluster.kmsKeyId ? { KmsKeyId: cluster.kmsKeyId } : {}),
      }),
    );
  }
  for (const instance of state?.instances ?? []) {
    const member = instance.clusterId !== undefined;
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: instance.id,
        Engine: instance.engine,
        ...(instance.engineVersion ? { EngineVersion: instance.engineVersion } : {}),
        DBInstanceClass: instance.instanceClass ?? 'db.t3.micro',
        ...(member
          ? { DBClusterIdentifier: instance.clusterId }
          : {
              ...MASTER,
              AllocatedStorage: 20,
              BackupRetentionPeriod: instance.backupRetentionPeriod ?? 1,
              MultiAZ: instance.multiAZ ?? false,
              StorageEncrypted: instance.storageEncrypted ?? false,
              ...(instance.kmsKeyId ? { KmsKeyId: instance.kmsKeyId } : {}),
            }),
        // A Multi-AZ instance cannot be pinned to a zone.
        ...(instance.multiAZ ? {} : { AvailabilityZone: instance.availabilityZone ?? `${region}a` }),
      }),
    );
  }
  // Only manual snapshots can be taken through the API; moto stamps them (and its automated ones) with the present.
  for (const snapshot of state?.snapshots ?? []) {
    if (snapshot.type === 'manual')
      await rds.send(new CreateDBSnapshotCommand({ DBSnapshotIdentifier: snapshot.id, DBInstanceIdentifier: snapshot.instanceId }));
    context.approximations.push(`rds: ${snapshot.type} snapshot ${snapshot.id} of ${snapshot.createdAt} (moto takes snapshots now, automated ones by itself)`);
  }
  for (const snapshot of state?.clusterSnapshots ?? []) {
    if (snapshot.type === 'manual') {
      await rds.send(new CreateDBClusterSnapshotCommand({ DBClusterSnapshotIdentifier: snapshot.id, DBClusterIdentifier: snapshot.clusterId }));
    }
    context.approximations.push(
      `rds: ${snapshot.type} cluster snapshot ${snapshot.id} of ${snapshot.createdAt} (moto takes snapshots now, automated ones by itself)`,
    );
  }
}

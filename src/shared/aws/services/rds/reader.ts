/**
 * Everything Preflight knows about calling RDS: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK).
 *
 * Resource model (every RDS rule follows it):
 * - A *database* is what a rule judges: a DB cluster (Aurora, or a Multi-AZ DB cluster), or a DB instance
 *   that belongs to no cluster. Backup retention, Multi-AZ, encryption and snapshots of a cluster are
 *   cluster properties, so its member instances are never judged on their own for them.
 * - Resource names are ARNs (`arn:aws:rds:<region>:<account>:db:<id>` / `...:cluster:<id>`), so an
 *   instance and a cluster with the same identifier never share a finding; a CloudTrail event rebuilds
 *   the same ARN from its region, account and (lower-cased, as RDS stores them) identifiers.
 * - One DescribeDBInstances and one DescribeDBClusters listing per region serve every rule; snapshots
 *   are listed once per region too. A targeted evaluation asks for the one instance or cluster by id.
 * - A database whose status is `deleting` is treated as gone: DeleteDBInstance returns while the
 *   instance still exists, and its findings must close, not be re-judged.
 */
import type { DBCluster, DBClusterMessage, DBInstance, DBInstanceMessage, DBSnapshot } from '@aws-sdk/client-rds';
import { errorCode, ResourceNotFoundError } from '#shared/core/errors.js';
import { type Location, parseKindArn } from '#shared/core/resource-ids.js';
import type { RdsApi } from './sdk.js';
import { ServiceReader, isBeingDeleted, page } from '../../reader-base.js';

/** `db` is the ARN resource type of a DB instance, `cluster` of a DB cluster. */
export type DatabaseKind = 'db' | 'cluster';

/** What instances and clusters both report. */
interface DatabaseCommon {
  id: string;
  arn: string;
  engine: string;
  status: string;
  /** The three settings rules judge: undefined when the answer did not say (AWS always does). */
  backupRetentionPeriod?: number;
  multiAZ?: boolean;
  storageEncrypted?: boolean;
  kmsKeyId?: string;
  /** DbiResourceId / DbClusterResourceId: tells a database from a later one with the same name. */
  resourceId?: string;
  /** The settings PendingModifiedValues names: changes AWS applies later (next window, or in progress). */
  pendingModifications: readonly string[];
}

export interface DbInstanceFacts extends DatabaseCommon {
  kind: 'db';
  /** Set for a member of an Aurora cluster or a Multi-AZ DB cluster. */
  clusterId?: string;
  /** Set for a read replica: its source instance or cluster (an ARN when cross-region). */
  replicaSource?: string;
  availabilityZone?: string;
  secondaryAvailabilityZone?: string;
}

export interface DbClusterFacts extends DatabaseCommon {
  kind: 'cluster';
  /** `provisioned`, `serverless` (Aurora Serverless v1)... */
  engineMode?: string;
}

export type DatabaseFacts = DbInstanceFacts | DbClusterFacts;

/** The call a database's facts come from, for reasons that say what an answer left out. */
export function describedBy(db: DatabaseFacts): 'DescribeDBInstances' | 'DescribeDBClusters' {
  return db.kind === 'db' ? 'DescribeDBInstances' : 'DescribeDBClusters';
}

export interface DbSnapshotFacts {
  id: string;
  /** What the snapshot is of: a DB instance (`db`) or a DB cluster (`cluster`). */
  of: DatabaseKind;
  sourceId: string;
  sourceResourceId?: string;
  /** `automated`, `manual` or `awsbackup`. */
  type: string;
  status: string;
  /** When the data was captured: a copy keeps its original's time (OriginalSnapshotCreateTime). */
  takenAt?: Date;
}

/** The ARN AWS gives a DB instance or cluster; CloudTrail triggers rebuild it the same way. */
export function rdsArn(kind: DatabaseKind, id: string, at: Location): string {
  // RDS stores identifiers in lower case whatever case the caller used.
  return `arn:${at.partition}:rds:${at.region}:${at.accountId}:${kind}:${id.toLowerCase()}`;
}

/** The kind and id of a DB instance / cluster ARN; undefined for anything else. */
export function parseRdsArn(arn: string): { kind: DatabaseKind; id: string } | undefined {
  return parseKindArn(arn, 'rds', ['db', 'cluster']);
}

/** A snapshot of either kind; a copy is dated by its original (OriginalSnapshotCreateTime, DB snapshots only). */
function snapshotFacts(
  of: DatabaseKind,
  id: string | undefined,
  sourceId: string | undefined,
  sourceResourceId: string | undefined,
  s: Pick<DBSnapshot, 'SnapshotType' | 'Status' | 'SnapshotCreateTime' | 'OriginalSnapshotCreateTime'>,
): DbSnapshotFacts | undefined {
  if (!id || !sourceId) return undefined;
  return {
    id,
    of,
    sourceId: sourceId.toLowerCase(),
    sourceResourceId: sourceResourceId || undefined,
    type: s.SnapshotType ?? 'unknown',
    status: s.Status ?? 'unknown',
    takenAt: s.OriginalSnapshotCreateTime ?? s.SnapshotCreateTime,
  };
}

/** Whether a PendingModifiedValues entry holds a value: empty objects and lists say nothing is pending. */
function holdsValue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && !(value instanceof Date)) return Object.values(value).some(holdsValue);
  return true;
}

/** The names of the settings a PendingModifiedValues object holds a value for. */
/** What DBInstance and DBCluster both answer, under the same names. */
type SameNamed = Pick<DBInstance & DBCluster, 'Engine' | 'BackupRetentionPeriod' | 'MultiAZ' | 'StorageEncrypted' | 'KmsKeyId'> & {
  PendingModifiedValues?: object;
};

function pendingSettings(pending: object | undefined): string[] {
  return Object.entries(pending ?? {})
    .filter(([, value]) => holdsValue(value))
    .map(([key]) => key)
    .sort();
}

// DescribeDB* accept 20..100 records per page.
const PAGE_SIZE = 100;
const INSTANCE_NOT_FOUND = new Set(['DBInstanceNotFound', 'DBInstanceNotFoundFault']);
const CLUSTER_NOT_FOUND = new Set(['DBClusterNotFoundFault', 'DBClusterNotFound']);

export class RdsReader extends ServiceReader<RdsApi> {
  protected readonly service = 'rds';

  /** Every DB instance of the region (cluster members and replicas included), all pages. */
  instances(): Promise<readonly DbInstanceFacts[]> {
    return this.listing('instances', 'DescribeDBInstances', async (api, Marker) =>
      this.instancePage(await api.describeDBInstances({ MaxRecords: PAGE_SIZE, Marker })),
    );
  }

  /** Every DB cluster of the region, all pages. */
  clusters(): Promise<readonly DbClusterFacts[]> {
    return this.listing('clusters', 'DescribeDBClusters', async (api, Marker) =>
      this.clusterPage(await api.describeDBClusters({ MaxRecords: PAGE_SIZE, Marker })),
    );
  }

  /** The databases rules judge: every cluster, and every instance of no cluster; none being deleted. */
  async databases(): Promise<readonly DatabaseFacts[]> {
    const [clusters, instances] = await Promise.all([this.clusters(), this.instances()]);
    return [...clusters, ...instances.filter((i) => !i.clusterId)].filter((d) => !isBeingDeleted(d));
  }

  /** One instance not being deleted: from the listing when a sweep made one, else DescribeDBInstances for that id alone. */
  instance(id: string): Promise<DbInstanceFacts> {
    return this.one(id.toLowerCase(), 'instances', INSTANCE_NOT_FOUND, 'DescribeDBInstances', async (api) =>
      this.instancePage(await api.describeDBInstances({ DBInstanceIdentifier: id })),
    );
  }

  /** One cluster not being deleted: from the listing when a sweep made one, else DescribeDBClusters for that id alone. */
  cluster(id: string): Promise<DbClusterFacts> {
    return this.one(id.toLowerCase(), 'clusters', CLUSTER_NOT_FOUND, 'DescribeDBClusters', async (api) =>
      this.clusterPage(await api.describeDBClusters({ DBClusterIdentifier: id })),
    );
  }

  /** The instance or cluster an ARN names (a rule's resource name). */
  async databaseByArn(arn: string): Promise<DatabaseFacts> {
    const parsed = parseRdsArn(arn);
    // A name that is not an RDS instance / cluster ARN cannot name an existing database.
    if (!parsed) throw new ResourceNotFoundError(arn);
    return parsed.kind === 'db' ? this.instance(parsed.id) : this.cluster(parsed.id);
  }

  /** The instances of a cluster that are not being deleted (the listing, or one filtered describe). */
  clusterMembers(cluster: DbClusterFacts): Promise<readonly DbInstanceFacts[]> {
    return this.fact(`members:${cluster.id}`, async () => {
      const members = this.known('instances')
        ? await this.instances()
        : await this.allPages('DescribeDBInstances', async (api, Marker) =>
            this.instancePage(await api.describeDBInstances({ Filters: [{ Name: 'db-cluster-id', Values: [cluster.id] }], MaxRecords: PAGE_SIZE, Marker })),
          );
      return members.filter((i) => i.clusterId === cluster.id && !isBeingDeleted(i));
    });
  }

  /**
   * The snapshots of a database (automated, manual and, for instances, AWS Backup ones), matched by
   * identifier and, when both sides say, by resource id: a snapshot of an earlier database that had
   * the same name is not this one's. A sweep lists the region's snapshots once; a targeted
   * evaluation asks for this database's only.
   */
  async snapshotsOf(db: DatabaseFacts): Promise<readonly DbSnapshotFacts[]> {
    const regionKey = this.key(`snapshots:${db.kind}`);
    const only = this.session.has(regionKey) || !this.targeted() ? undefined : db.id;
    const all = await this.session.remember(only ? `${regionKey}:${only}` : regionKey, () =>
      db.kind === 'db' ? this.listInstanceSnapshots(only) : this.listClusterSnapshots(only),
    );
    return all.filter((s) => s.sourceId === db.id && (!db.resourceId || !s.sourceResourceId || s.sourceResourceId === db.resourceId));
  }

  /** The default listing (automated + manual) and the AWS Backup one: AWS lists those only on request. */
  private async listInstanceSnapshots(instanceId: string | undefined): Promise<DbSnapshotFacts[]> {
    const byType = await Promise.all(
      [undefined, 'awsbackup'].map((type) =>
        this.allPages('DescribeDBSnapshots', async (api, Marker) => {
          const out = await api.describeDBSnapshots({ DBInstanceIdentifier: instanceId, SnapshotType: type, MaxRecords: PAGE_SIZE, Marker });
          return page(out.DBSnapshots, (s) => snapshotFacts('db', s.DBSnapshotIdentifier, s.DBInstanceIdentifier, s.DbiResourceId, s), out.Marker);
        }),
      ),
    );
    return byType.flat();
  }

  private async listClusterSnapshots(clusterId: string | undefined): Promise<DbSnapshotFacts[]> {
    try {
      return await this.allPages('DescribeDBClusterSnapshots', async (api, Marker) => {
        const out = await api.describeDBClusterSnapshots({ DBClusterIdentifier: clusterId, MaxRecords: PAGE_SIZE, Marker });
        return page(
          out.DBClusterSnapshots,
          (s) => snapshotFacts('cluster', s.DBClusterSnapshotIdentifier, s.DBClusterIdentifier, s.DbClusterResourceId, s),
          out.Marker,
        );
      });
    } catch (error) {
      // Asked about one cluster that vanished meanwhile: its findings close.
      if (clusterId && CLUSTER_NOT_FOUND.has(errorCode(error))) throw new ResourceNotFoundError(clusterId, { cause: error });
      throw error;
    }
  }

  /** A database being deleted is gone: DeleteDBInstance returns while it still exists, and its findings must close. */
  protected override goneReason(db: DatabaseFacts): string | undefined {
    return isBeingDeleted(db) ? `${db.kind === 'db' ? 'DB instance' : 'DB cluster'} ${db.id} is being deleted` : undefined;
  }

  /** A sweep lists the region's databases first; without that listing this is a targeted evaluation. */
  private targeted(): boolean {
    return !this.known('instances') && !this.known('clusters');
  }

  /** The answers of DescribeDBInstances and DescribeDBClusters, as pages of facts. */
  private readonly instancePage = (out: DBInstanceMessage) => page(out.DBInstances, (i) => this.instanceFacts(i), out.Marker);
  private readonly clusterPage = (out: DBClusterMessage) => page(out.DBClusters, (c) => this.clusterFacts(c), out.Marker);

  /**
   * What instances and clusters both report (DatabaseCommon): the fields each names its own way, then the
   * ones both name alike. The id is lower-cased as RDS stores it; the ARN is built when the answer left it
   * out. Undefined without an id.
   */
  private common<Kind extends DatabaseKind>(kind: Kind, own: { id?: string; arn?: string; status?: string; resourceId?: string }, db: SameNamed) {
    if (!own.id) return undefined;
    const id = own.id.toLowerCase();
    return {
      kind,
      id,
      arn: own.arn || rdsArn(kind, id, this.location),
      status: own.status ?? 'unknown',
      resourceId: own.resourceId || undefined,
      engine: db.Engine ?? 'unknown',
      backupRetentionPeriod: db.BackupRetentionPeriod,
      multiAZ: db.MultiAZ,
      storageEncrypted: db.StorageEncrypted,
      kmsKeyId: db.KmsKeyId || undefined,
      pendingModifications: pendingSettings(db.PendingModifiedValues),
    };
  }

  private instanceFacts(i: DBInstance): DbInstanceFacts | undefined {
    const common = this.common('db', { id: i.DBInstanceIdentifier, arn: i.DBInstanceArn, status: i.DBInstanceStatus, resourceId: i.DbiResourceId }, i);
    return (
      common && {
        ...common,
        clusterId: i.DBClusterIdentifier?.toLowerCase() || undefined,
        replicaSource: i.ReadReplicaSourceDBInstanceIdentifier || i.ReadReplicaSourceDBClusterIdentifier || undefined,
        availabilityZone: i.AvailabilityZone || undefined,
        secondaryAvailabilityZone: i.SecondaryAvailabilityZone || undefined,
      }
    );
  }

  private clusterFacts(c: DBCluster): DbClusterFacts | undefined {
    const common = this.common('cluster', { id: c.DBClusterIdentifier, arn: c.DBClusterArn, status: c.Status, resourceId: c.DbClusterResourceId }, c);
    return common && { ...common, engineMode: c.EngineMode || undefined };
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyRdsSample } from '../../../../src/cli/demo/sample/rds.js';
import { rdsRules } from '../../../../src/rules/rds/index.js';
import { RdsReader } from '#shared/aws/services/rds/reader.js';
import { ScanSession } from '#shared/aws/scan-session.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import { emptyRdsState, type MemoryDbInstance, memoryRdsApi, type MemoryRdsState } from '../../../../src/cli/demo/memory-account/rds.js';
import { type MemoryCall, MemoryServiceError } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

function postgres(id: string, extra: Partial<MemoryDbInstance> = {}): MemoryDbInstance {
  return { id, engine: 'postgres', ...extra };
}

function stateWith(extra: Partial<MemoryRdsState>): MemoryRdsState {
  return { ...emptyRdsState(), ...extra };
}

describe('memory RDS', () => {
  afterEach(() => vi.useRealTimers());

  describe('DescribeDBInstances', () => {
    it('answers the SDK shape, with the defaults CreateDBInstance gives', async () => {
      // Prepare
      const api = memoryRdsApi(stateWith({ instances: [postgres('analytics-db')] }), 'eu-west-1', ACCOUNT, direct);
      // Act
      const out = await api.describeDBInstances({});
      // Assess
      expect(out.DBInstances).toEqual([
        expect.objectContaining({
          DBInstanceIdentifier: 'analytics-db',
          DBInstanceArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:analytics-db`,
          Engine: 'postgres',
          DBInstanceStatus: 'available',
          BackupRetentionPeriod: 1,
          MultiAZ: false,
          AvailabilityZone: 'eu-west-1a',
          SecondaryAvailabilityZone: undefined,
          StorageEncrypted: false,
          DbiResourceId: expect.stringMatching(/^db-[0-9A-F]{26}$/),
        }),
      ]);
      expect(out.Marker).toBeUndefined();
    });

    it('names the default KMS key of an instance or cluster encrypted without one, as RDS does', async () => {
      // Prepare: RDS encrypts with the account's default key of the region when no KmsKeyId is given,
      // and DescribeDBInstances / DescribeDBClusters always name the key of encrypted storage.
      const state = stateWith({
        instances: [postgres('encrypted', { storageEncrypted: true }), postgres('plain'), { id: 'member', engine: 'aurora-postgresql', clusterId: 'c' }],
        clusters: [{ id: 'c', engine: 'aurora-postgresql', members: ['member'], storageEncrypted: true }],
      });
      const api = memoryRdsApi(state, 'eu-west-1', ACCOUNT, direct);
      // Act
      const instances = await api.describeDBInstances({});
      const clusters = await api.describeDBClusters({});
      // Assess
      const key = expect.stringMatching(new RegExp(`^arn:aws:kms:eu-west-1:${ACCOUNT}:key/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`));
      const keys = Object.fromEntries((instances.DBInstances ?? []).map((i) => [i.DBInstanceIdentifier, i.KmsKeyId]));
      expect(keys).toEqual({ encrypted: key, plain: undefined, member: key });
      expect(clusters.DBClusters?.[0]?.KmsKeyId).toEqual(keys.member);
      // One default key per account and region.
      expect(keys.encrypted).toEqual(keys.member);
    });

    it('pages with Marker and refuses a MaxRecords AWS would refuse', async () => {
      const api = memoryRdsApi(stateWith({ instances: Array.from({ length: 45 }, (_, i) => postgres(`db${i}`)) }), 'eu-west-1', ACCOUNT, direct);

      const first = await api.describeDBInstances({ MaxRecords: 20 });
      const second = await api.describeDBInstances({ MaxRecords: 20, Marker: first.Marker });
      const third = await api.describeDBInstances({ MaxRecords: 20, Marker: second.Marker });

      expect([first, second, third].map((p) => p.DBInstances?.length)).toEqual([20, 20, 5]);
      expect(third.Marker).toBeUndefined();
      await expect(api.describeDBInstances({ MaxRecords: 5 })).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    });

    it('finds one instance by id or ARN, filters by cluster, and fails with the fault the SDK names', async () => {
      const state = stateWith({
        instances: [postgres('solo'), { id: 'reporting-1', engine: 'aurora-postgresql', clusterId: 'reporting' }],
        clusters: [{ id: 'reporting', engine: 'aurora-postgresql', members: ['reporting-1'], backupRetentionPeriod: 7, storageEncrypted: true }],
      });
      const api = memoryRdsApi(state, 'eu-west-1', ACCOUNT, direct);

      const byArn = await api.describeDBInstances({ DBInstanceIdentifier: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:solo` });
      const members = await api.describeDBInstances({ Filters: [{ Name: 'db-cluster-id', Values: ['reporting'] }] });
      const missing = api.describeDBInstances({ DBInstanceIdentifier: 'gone' });

      expect(byArn.DBInstances?.map((i) => i.DBInstanceIdentifier)).toEqual(['solo']);
      // A member reports its cluster's backup and encryption settings.
      expect(members.DBInstances).toEqual([expect.objectContaining({ DBInstanceIdentifier: 'reporting-1', BackupRetentionPeriod: 7, StorageEncrypted: true })]);
      await expect(missing).rejects.toBeInstanceOf(MemoryServiceError);
      await expect(missing).rejects.toMatchObject({ name: 'DBInstanceNotFoundFault', $metadata: { httpStatusCode: 404 } });
    });
  });

  describe('DescribeDBClusters', () => {
    it("reports MultiAZ from the members' zones, finds one cluster, fails with DBClusterNotFoundFault", async () => {
      const state = stateWith({
        instances: [
          { id: 'r-1', engine: 'aurora-postgresql', clusterId: 'spread', availabilityZone: 'eu-west-1a' },
          { id: 'r-2', engine: 'aurora-postgresql', clusterId: 'spread', availabilityZone: 'eu-west-1c' },
          { id: 'n-1', engine: 'aurora-postgresql', clusterId: 'narrow', availabilityZone: 'eu-west-1a' },
        ],
        clusters: [
          { id: 'spread', engine: 'aurora-postgresql', members: ['r-1', 'r-2'] },
          { id: 'narrow', engine: 'aurora-postgresql', members: ['n-1'] },
        ],
      });
      const api = memoryRdsApi(state, 'eu-west-1', ACCOUNT, direct);

      const all = await api.describeDBClusters({});
      const one = await api.describeDBClusters({ DBClusterIdentifier: 'narrow' });

      expect(all.DBClusters?.map((c) => [c.DBClusterIdentifier, c.MultiAZ])).toEqual([
        ['spread', true],
        ['narrow', false],
      ]);
      expect(one.DBClusters?.[0]).toMatchObject({
        DBClusterArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:narrow`,
        DBClusterMembers: [{ DBInstanceIdentifier: 'n-1', IsClusterWriter: true }],
        BackupRetentionPeriod: 1,
        EngineMode: 'provisioned',
      });
      await expect(api.describeDBClusters({ DBClusterIdentifier: 'gone' })).rejects.toMatchObject({ name: 'DBClusterNotFoundFault' });
    });
  });

  describe('snapshots', () => {
    it('lists automated and manual DB snapshots by default, AWS Backup ones on request, per instance', async () => {
      const state = stateWith({
        instances: [postgres('a'), postgres('b')],
        snapshots: [
          { id: 'rds:a-1', instanceId: 'a', type: 'automated', createdAt: '2026-03-03T03:10:00Z' },
          { id: 'a-copy', instanceId: 'a', type: 'manual', createdAt: '2026-03-03T09:00:00Z', originalCreatedAt: '2026-02-01T03:10:00Z' },
          { id: 'awsbackup:job-1', instanceId: 'a', type: 'awsbackup', createdAt: '2026-03-02T05:00:00Z' },
          { id: 'b-1', instanceId: 'b', type: 'manual', status: 'creating', createdAt: '2026-03-04T10:00:00Z' },
        ],
      });
      const api = memoryRdsApi(state, 'eu-west-1', ACCOUNT, direct);

      const byDefault = await api.describeDBSnapshots({});
      const backup = await api.describeDBSnapshots({ SnapshotType: 'awsbackup' });
      const ofA = await api.describeDBSnapshots({ DBInstanceIdentifier: 'a' });

      expect(byDefault.DBSnapshots?.map((s) => s.DBSnapshotIdentifier)).toEqual(['rds:a-1', 'a-copy', 'b-1']);
      expect(backup.DBSnapshots?.map((s) => s.DBSnapshotIdentifier)).toEqual(['awsbackup:job-1']);
      expect(ofA.DBSnapshots?.find((s) => s.DBSnapshotIdentifier === 'a-copy')).toMatchObject({
        SnapshotCreateTime: new Date('2026-03-03T09:00:00Z'),
        OriginalSnapshotCreateTime: new Date('2026-02-01T03:10:00Z'),
        Status: 'available',
      });
      expect(byDefault.DBSnapshots?.[2]?.Status).toBe('creating');
    });

    it('lists DB cluster snapshots per cluster, and refuses an unknown cluster', async () => {
      const state = stateWith({
        clusters: [{ id: 'reporting', engine: 'aurora-postgresql', members: [] }],
        clusterSnapshots: [{ id: 'rds:reporting-1', clusterId: 'reporting', type: 'automated', createdAt: '2026-03-04T03:10:00Z' }],
      });
      const api = memoryRdsApi(state, 'eu-west-1', ACCOUNT, direct);

      const out = await api.describeDBClusterSnapshots({ DBClusterIdentifier: 'reporting' });

      expect(out.DBClusterSnapshots).toEqual([
        expect.objectContaining({ DBClusterSnapshotIdentifier: 'rds:reporting-1', DBClusterIdentifier: 'reporting', Status: 'available' }),
      ]);
      await expect(api.describeDBClusterSnapshots({ DBClusterIdentifier: 'gone' })).rejects.toMatchObject({ name: 'DBClusterNotFoundFault' });
    });
  });

  describe('through the reader', () => {
    it('reads every page, and turns a missing instance into ResourceNotFoundError', async () => {
      const state = stateWith({ instances: Array.from({ length: 130 }, (_, i) => postgres(`db${i}`)) });
      const calls: string[] = [];
      const counting: MemoryCall = async (_service, operation, _input, answer) => {
        calls.push(operation);
        return answer();
      };
      const api = memoryRdsApi(state, 'eu-west-1', ACCOUNT, counting);
      const reader = new RdsReader({ api: () => api, session: new ScanSession(), region: 'eu-west-1', accountId: ACCOUNT });

      const instances = await reader.instances();

      expect(instances).toHaveLength(130);
      expect(calls).toEqual(['DescribeDBInstances', 'DescribeDBInstances']);
      const fresh = new RdsReader({ api: () => api, session: new ScanSession(), region: 'eu-west-1', accountId: ACCOUNT });
      await expect(fresh.instance('gone')).rejects.toMatchObject({ name: 'ResourceNotFoundError', resourceName: 'gone' });
    });
  });

  describe('the demo sample', () => {
    it('gives every RDS rule its verdict, compliant and not, from one listing of each kind', async () => {
      const now = new Date('2026-03-04T12:00:00Z');
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(now);
      const account = emptyAccount(ACCOUNT);
      applyRdsSample(account, now);
      const calls: string[] = [];

      const { findings } = await evaluate({
        accountId: ACCOUNT,
        regions: ['eu-west-1'],
        rules: rdsRules.map((r) => r.bind()),
        apis: memoryApiProvider(account, { onCall: (c) => calls.push(c.operation) }),
      });

      const kms = `arn:aws:kms:eu-west-1:${ACCOUNT}:key/0f8e2d4c-9a1b-4c3d-8e7f-6a5b4c3d2e1f`;
      expect(findings.map((f) => `${f.ruleId} ${f.resourceName} ${f.status}: ${f.reason}`)).toEqual([
        'rds-backup-retention reporting PASS: automated backups of Aurora cluster reporting are kept 14 days (minimum 14)',
        'rds-backup-retention analytics-db FAIL: automated backups are disabled on DB instance analytics-db',
        'rds-backup-retention retainwise-db PASS: automated backups of DB instance retainwise-db are kept 14 days (minimum 14)',
        'rds-multi-az reporting PASS: Aurora cluster reporting has instances in 2 Availability Zones (eu-west-1a, eu-west-1b)',
        'rds-multi-az analytics-db FAIL: DB instance analytics-db runs in a single Availability Zone (eu-west-1b), with no standby',
        'rds-multi-az retainwise-db PASS: DB instance retainwise-db is a Multi-AZ deployment, with its standby in eu-west-1b',
        'rds-recent-snapshot reporting PASS: the newest snapshot of Aurora cluster reporting is 8 hours old (automated snapshot rds:reporting-2026-03-04-03-10; maximum 7 days)',
        'rds-recent-snapshot analytics-db FAIL: the newest snapshot of DB instance analytics-db is 45 days old (manual snapshot analytics-db-before-migration), older than 7 days',
        'rds-recent-snapshot retainwise-db PASS: the newest snapshot of DB instance retainwise-db is 8 hours old (automated snapshot rds:retainwise-db-2026-03-04-03-10; maximum 7 days)',
        `rds-storage-encrypted reporting PASS: Aurora cluster reporting is encrypted at rest with the KMS key ${kms}`,
        'rds-storage-encrypted analytics-db FAIL: DB instance analytics-db is not encrypted at rest',
        `rds-storage-encrypted retainwise-db PASS: DB instance retainwise-db is encrypted at rest with the KMS key ${kms}`,
      ]);
      // One listing of each kind serves the four rules (DB snapshots: the default listing and the AWS Backup one).
      expect(calls.sort()).toEqual(['DescribeDBClusterSnapshots', 'DescribeDBClusters', 'DescribeDBInstances', 'DescribeDBSnapshots', 'DescribeDBSnapshots']);
    });

    it('keeps the last automated snapshot in the past whatever the time of day', () => {
      for (const time of ['2026-03-04T03:09:00Z', '2026-03-04T03:10:00Z', '2026-03-04T23:59:00Z']) {
        const now = new Date(time);
        const account = emptyAccount(ACCOUNT);
        applyRdsSample(account, now);
        const times = account.regions['eu-west-1']?.rds.snapshots.map((s) => Date.parse(s.createdAt)) ?? [];

        expect(Math.max(...times), time).toBeLessThanOrEqual(now.getTime());
        expect(Math.max(...times), time).toBeGreaterThan(now.getTime() - 86_400_000);
      }
    });
  });
});

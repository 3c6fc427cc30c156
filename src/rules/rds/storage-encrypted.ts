import { describedBy } from '#shared/aws/services/rds/reader.js';
import { cannotTell, defineRule, fail, pass } from '../define-rule.js';
import { databaseLabel, databaseSettling, databaseTriggers, judgedOnCluster } from './support.js';

/** Resources are databases (clusters and standalone instances) named by ARN; the type says instance. */
export const rdsStorageEncrypted = defineRule({
  id: 'rds-storage-encrypted',
  title: 'RDS databases are encrypted at rest',
  description:
    'Every DB instance outside a cluster (Security Hub RDS.3) and every DB cluster (RDS.27) has StorageEncrypted. ' +
    "Cluster members are judged through their cluster, whose storage they share. Encryption in transit (the seed's " +
    'other half) is a database parameter (rds.force_ssl / require_secure_transport) and is not checked here. Findings of ' +
    'clusters carry the DB instance resource type.',
  absentFields: 'A database without StorageEncrypted is ERROR naming the field; without KmsKeyId the reason names no key.',
  severity: 'HIGH',
  resourceType: 'AWS::RDS::DBInstance',
  checklist: { source: '003 Infrastructure › Database (PostgreSQL)', item: 'Encrypted at rest and in transit' },
  controls: {
    securityHub: ['RDS.3', 'RDS.27'],
    awsConfig: 'rds-storage-encrypted',
    other: ['AWS Config rds-cluster-encrypted-at-rest (clusters)'],
  },
  iamActions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  triggers: databaseTriggers(),
  remediation: {
    text:
      'Storage encryption cannot be turned on in place: snapshot the database, copy the snapshot with a KMS key, restore ' +
      'it to a new encrypted database (restore-db-instance-from-db-snapshot / restore-db-cluster-from-snapshot) and switch over.',
    cli:
      'aws rds copy-db-snapshot --source-db-snapshot-identifier <snapshot> ' +
      '--target-db-snapshot-identifier <snapshot>-encrypted --kms-key-id alias/aws/rds',
  },
  resources: async ({ rds }) => (await rds.databases()).map((db) => db.arn),
  settling: databaseSettling,
  async evaluate({ rds }, arn) {
    const db = await rds.databaseByArn(arn);
    if (db.kind === 'db' && db.clusterId) return judgedOnCluster(db, 'storage encryption');
    const label = databaseLabel(db);
    const evidence = { storageEncrypted: db.storageEncrypted ?? null, kmsKeyId: db.kmsKeyId ?? null };
    if (db.storageEncrypted === undefined) {
      return cannotTell(`${describedBy(db)} did not say whether ${label} is encrypted at rest (no StorageEncrypted)`, evidence);
    }
    if (db.storageEncrypted) {
      return pass(`${label} is encrypted at rest${db.kmsKeyId ? ` with the KMS key ${db.kmsKeyId}` : ''}`, evidence);
    }
    return fail(`${label} is not encrypted at rest`, evidence);
  },
});

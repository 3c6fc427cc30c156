import { cannotTell, defineRule, fail, notApplicable, pass } from '../define-rule.js';
import { databaseLabel, databaseSettling, databaseTriggers, judgedOnCluster } from './support.js';

/** Resources are databases (clusters and standalone instances) named by ARN; the type says instance. */
export const rdsMultiAz = defineRule({
  id: 'rds-multi-az',
  title: 'RDS databases survive the loss of an Availability Zone',
  description:
    'Every DB instance outside a cluster is a Multi-AZ deployment (MultiAZ, Security Hub RDS.5), and every DB cluster ' +
    "has instances in more than one Availability Zone (MultiAZ, or its members' zones, RDS.15). Cluster members are " +
    'judged through their cluster; Aurora Serverless v1 clusters, which have no instances, are NOT_APPLICABLE. ' +
    'Findings of clusters carry the DB instance resource type.',
  absentFields:
    'An instance without MultiAZ, or a cluster without MultiAZ whose instances do not show two zones, is ERROR ' +
    'naming the field. A cluster without EngineMode is provisioned.',
  severity: 'HIGH',
  resourceType: 'AWS::RDS::DBInstance',
  checklist: { source: '003 Infrastructure › Database (PostgreSQL)', item: 'Multi-AZ RDS instance for high availability' },
  controls: {
    securityHub: ['RDS.5', 'RDS.15'],
    awsConfig: 'rds-multi-az-support',
    other: ['AWS Config rds-cluster-multi-az-enabled (clusters)'],
  },
  iamActions: ['rds:DescribeDBInstances', 'rds:DescribeDBClusters'],
  triggers: databaseTriggers(),
  remediation: {
    text:
      'Convert the instance to a Multi-AZ deployment; for a cluster, add a reader instance in another Availability Zone ' +
      '(create-db-instance --db-cluster-identifier <id> --availability-zone <zone>).',
    cli: 'aws rds modify-db-instance --db-instance-identifier <id> --multi-az --apply-immediately',
  },
  resources: async ({ rds }) => (await rds.databases()).map((db) => db.arn),
  settling: databaseSettling,
  async evaluate({ rds }, arn) {
    const db = await rds.databaseByArn(arn);
    const label = databaseLabel(db);
    if (db.kind === 'db') {
      if (db.clusterId) return judgedOnCluster(db, 'Multi-AZ deployment');
      const evidence = {
        multiAZ: db.multiAZ ?? null,
        availabilityZone: db.availabilityZone ?? null,
        secondaryAvailabilityZone: db.secondaryAvailabilityZone ?? null,
      };
      if (db.multiAZ === undefined) {
        return cannotTell(`DescribeDBInstances did not say whether ${label} is a Multi-AZ deployment (no MultiAZ)`, evidence);
      }
      if (db.multiAZ) {
        const standby = db.secondaryAvailabilityZone ? `, with its standby in ${db.secondaryAvailabilityZone}` : '';
        return pass(`${label} is a Multi-AZ deployment${standby}`, evidence);
      }
      return fail(`${label} runs in a single Availability Zone (${db.availabilityZone ?? 'unknown'}), with no standby`, evidence);
    }

    if (db.engineMode === 'serverless') {
      return notApplicable(`${label} is Aurora Serverless v1, which has no instances to place in several zones`, {
        engineMode: db.engineMode,
      });
    }
    const members = await rds.clusterMembers(db);
    const zones = [...new Set(members.flatMap((m) => (m.availabilityZone ? [m.availabilityZone] : [])))].sort();
    const evidence = { multiAZ: db.multiAZ ?? null, instances: members.length, availabilityZones: zones };
    if (zones.length > 1) {
      return pass(`${label} has instances in ${zones.length} Availability Zones (${zones.join(', ')})`, evidence);
    }
    if (db.multiAZ) return pass(`${label} is Multi-AZ`, evidence);
    // Its members all sit in one zone, but a Multi-AZ DB cluster may not say where they are.
    if (db.multiAZ === undefined) {
      return cannotTell(`DescribeDBClusters did not say whether ${label} is Multi-AZ (no MultiAZ), and its instances do not show two zones`, evidence);
    }
    if (members.length === 0) return fail(`${label} has no DB instance, so nothing to fail over to`, evidence);
    const zone = zones[0] ?? 'one zone';
    const where = members.length === 1 ? `1 instance, in ${zone} only` : `${members.length} instances, all in ${zone}`;
    return fail(`${label} has ${where}: no replica in another Availability Zone to fail over to`, evidence);
  },
});

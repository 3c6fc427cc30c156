import { cannotTell, defineRule, fail, pass } from '../define-rule.js';
import { cacheSettling, groupTrigger } from './support.js';

export const elasticacheAutomaticFailover = defineRule({
  id: 'elasticache-automatic-failover',
  title: 'ElastiCache replication groups fail over automatically across zones',
  description:
    "Every replication group has AutomaticFailover 'enabled' and MultiAZ 'enabled' (Security Hub ElastiCache.3 " +
    'checks failover only; the seed asks for Multi-AZ too).',
  absentFields: 'A group without AutomaticFailover or MultiAZ is ERROR naming the field; one without MemberClusters has no ' + 'replica.',
  severity: 'HIGH',
  resourceType: 'AWS::ElastiCache::ReplicationGroup',
  checklist: { source: '003 Cloud Infrastructure › Cache Layer (Redis)', item: 'Automatic failover enabled; Multi-AZ for production' },
  controls: { securityHub: ['ElastiCache.3'], awsConfig: 'elasticache-repl-grp-auto-failover-enabled' },
  iamActions: ['elasticache:DescribeReplicationGroups'],
  triggers: [groupTrigger(['CreateReplicationGroup', 'ModifyReplicationGroup', 'DeleteReplicationGroup'])],
  remediation: {
    text: 'Give the group at least one replica in another Availability Zone (increase-replica-count), then enable automatic failover and Multi-AZ.',
    cli: 'aws elasticache modify-replication-group --replication-group-id <id> --automatic-failover-enabled --multi-az-enabled --apply-immediately',
  },
  resources: async ({ elasticache }) => (await elasticache.replicationGroups()).map((g) => g.arn),
  settling: cacheSettling,
  async evaluate({ elasticache }, arn) {
    const group = await elasticache.replicationGroupByArn(arn);
    const { automaticFailover: failover, multiAZ } = group;
    const evidence = { automaticFailover: failover ?? null, multiAZ: multiAZ ?? null, memberClusters: group.memberClusters.length };
    if (failover === undefined) {
      return cannotTell(
        `DescribeReplicationGroups did not say whether replication group ${group.id} fails over automatically (no AutomaticFailover)`,
        evidence,
      );
    }
    if (multiAZ === undefined) {
      return cannotTell(`DescribeReplicationGroups did not say whether replication group ${group.id} is Multi-AZ (no MultiAZ)`, evidence);
    }
    if (failover === 'enabled' && multiAZ === 'enabled') {
      return pass(`automatic failover and Multi-AZ are enabled on replication group ${group.id}`, evidence);
    }
    const missing = [...(failover === 'enabled' ? [] : [`automatic failover is ${failover}`]), ...(multiAZ === 'enabled' ? [] : [`Multi-AZ is ${multiAZ}`])];
    const note = group.memberClusters.length < 2 ? '; it has no replica to fail over to' : '';
    return fail(`${missing.join(' and ')} on replication group ${group.id}${note}`, evidence);
  },
});

import { defineRule, fail, pass } from '../define-rule.js';
import { cacheSettling, groupTrigger } from './support.js';

export const elasticacheEncryptedAtRest = defineRule({
  id: 'elasticache-encrypted-at-rest',
  title: 'ElastiCache replication groups are encrypted at rest',
  description:
    'Every replication group has AtRestEncryptionEnabled (its data on disk, swap and backups is encrypted). ' +
    'Standalone clusters cannot be encrypted at rest and are not covered, as in Security Hub ElastiCache.4.',
  absentFields:
    "A group without AtRestEncryptionEnabled is not encrypted at rest, ElastiCache's documented default " +
    '(false): FAIL. Without KmsKeyId the key is AWS-managed.',
  severity: 'HIGH',
  resourceType: 'AWS::ElastiCache::ReplicationGroup',
  checklist: { source: '003 Cloud Infrastructure › Storage', item: 'Encryption enabled on all storage' },
  controls: { securityHub: ['ElastiCache.4'], awsConfig: 'elasticache-repl-grp-encrypted-at-rest' },
  iamActions: ['elasticache:DescribeReplicationGroups'],
  triggers: [groupTrigger(['CreateReplicationGroup', 'ModifyReplicationGroup', 'DeleteReplicationGroup'])],
  remediation: {
    text: 'Encryption at rest can only be chosen when a group is created: back the group up, restore the backup into a new group with encryption at rest, and move clients to it.',
    cli: 'aws elasticache create-replication-group --replication-group-id <new-id> --replication-group-description "<description>" --snapshot-name <backup> --at-rest-encryption-enabled --kms-key-id <kms-key>',
  },
  resources: async ({ elasticache }) => (await elasticache.replicationGroups()).map((g) => g.arn),
  settling: cacheSettling,
  async evaluate({ elasticache }, arn) {
    const group = await elasticache.replicationGroupByArn(arn);
    const evidence = { atRestEncryptionEnabled: group.atRestEncryptionEnabled ?? null, kmsKeyId: group.kmsKeyId ?? null };
    if (group.atRestEncryptionEnabled === true) {
      const key = group.kmsKeyId ? `the KMS key ${group.kmsKeyId}` : 'an AWS-managed key';
      return pass(`replication group ${group.id} is encrypted at rest with ${key}`, evidence);
    }
    return fail(`replication group ${group.id} is not encrypted at rest; only a new group can be`, evidence);
  },
});

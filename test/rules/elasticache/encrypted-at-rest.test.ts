import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticacheEncryptedAtRest as rule } from '../../../src/rules/elasticache/encrypted-at-rest.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { elasticache, group, groupArn, groupNotFound } from './caches.js';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/5b1e2c7a-3f4d-4e8a-9c61-0d2f7e8a9b10';

describe('elasticache-encrypted-at-rest', () => {
  beforeEach(() => elasticache.reset());

  it('passes encrypted groups, naming the key', async () => {
    // Prepare
    elasticache.on(DescribeReplicationGroupsCommand).resolves({
      ReplicationGroups: [group('sessions', { KmsKeyId: KEY }), group('jobs')],
    });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      sessions: `PASS: replication group sessions is encrypted at rest with the KMS key ${KEY}`,
      jobs: 'PASS: replication group jobs is encrypted at rest with an AWS-managed key',
    });
    expect(findings.find((f) => f.resourceName === 'sessions')).toMatchObject({
      resourceId: groupArn('sessions'),
      resourceType: 'AWS::ElastiCache::ReplicationGroup',
      severity: 'HIGH',
      evidence: { atRestEncryptionEnabled: true, kmsKeyId: KEY },
    });
    expect(elasticache).not.toHaveReceivedCommand(DescribeCacheClustersCommand);
  });

  it('fails an unencrypted group', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('legacy', { AtRestEncryptionEnabled: false })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ legacy: 'FAIL: replication group legacy is not encrypted at rest; only a new group can be' });
  });

  it('is NOT_APPLICABLE when the region has no replication group', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({});

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::ElastiCache::ReplicationGroup in eu-west-1',
    });
  });

  it('is one account-level ERROR when DescribeReplicationGroups is denied', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('is ERROR when throttling outlasts the retries on a targeted evaluation', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [groupArn('sessions')] } });

    expect(verdicts(findings)).toEqual({ sessions: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of DescribeReplicationGroups', async () => {
    elasticache
      .on(DescribeReplicationGroupsCommand)
      .resolvesOnce({ ReplicationGroups: [group('g1')], Marker: 'r1' })
      .resolvesOnce({ ReplicationGroups: [group('g2', { AtRestEncryptionEnabled: false })] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual(['g1:PASS', 'g2:FAIL']);
    expect(elasticache).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 2, { Marker: 'r1' });
  });

  it('re-evaluates one group named by an event, and closes it when it is gone', async () => {
    elasticache.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'sessions' }).resolves({
      ReplicationGroups: [group('sessions', { AtRestEncryptionEnabled: false })],
    });
    elasticache.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'gone' }).rejects(groupNotFound('gone'));

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [groupArn('sessions'), groupArn('gone')] },
    });

    expect(verdicts(findings)).toEqual({
      sessions: 'FAIL: replication group sessions is not encrypted at rest; only a new group can be',
      gone: 'RESOLVED: gone no longer exists',
    });
  });
});

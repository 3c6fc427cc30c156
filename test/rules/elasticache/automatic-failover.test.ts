import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { beforeEach, describe, expect, it } from 'vitest';
import { elasticacheAutomaticFailover as rule } from '../../../src/rules/elasticache/automatic-failover.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { elasticache, group, groupArn, groupNotFound } from './caches.js';

describe('elasticache-automatic-failover', () => {
  beforeEach(() => elasticache.reset());

  it('passes when automatic failover and Multi-AZ are enabled, reading only replication groups', async () => {
    // Prepare
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('sessions')] });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({ sessions: 'PASS: automatic failover and Multi-AZ are enabled on replication group sessions' });
    expect(findings[0]).toMatchObject({
      resourceId: groupArn('sessions'),
      resourceType: 'AWS::ElastiCache::ReplicationGroup',
      severity: 'HIGH',
      evidence: { automaticFailover: 'enabled', multiAZ: 'enabled', memberClusters: 2 },
    });
    expect(elasticache).not.toHaveReceivedCommand(DescribeCacheClustersCommand);
  });

  it('fails naming what is missing, and says when there is no replica', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({
      ReplicationGroups: [
        group('single', { AutomaticFailover: 'disabled', MultiAZ: 'disabled', MemberClusters: ['single-001'] }),
        group('one-zone', { MultiAZ: 'disabled' }),
        group('switching', { AutomaticFailover: 'enabling' }),
      ],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      single: 'FAIL: automatic failover is disabled and Multi-AZ is disabled on replication group single; it has no replica to fail over to',
      'one-zone': 'FAIL: Multi-AZ is disabled on replication group one-zone',
      switching: 'FAIL: automatic failover is enabling on replication group switching',
    });
  });

  it('is ERROR, never "disabled", when the answer leaves AutomaticFailover or MultiAZ out', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [group('sessions', { AutomaticFailover: undefined, MultiAZ: 'enabled' })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      sessions: 'ERROR: DescribeReplicationGroups did not say whether replication group sessions fails over automatically (no AutomaticFailover)',
    });
  });

  it('is NOT_APPLICABLE when the region has no replication group', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).resolves({ ReplicationGroups: [] });

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
      .resolvesOnce({ ReplicationGroups: [group('g1'), group('g2')], Marker: 'r1' })
      .resolvesOnce({ ReplicationGroups: [group('g3', { MultiAZ: 'disabled' })] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual(['g1:PASS', 'g2:PASS', 'g3:FAIL']);
    expect(elasticache).toHaveReceivedCommandTimes(DescribeReplicationGroupsCommand, 2);
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 1, { MaxRecords: 100 });
    expect(elasticache).toHaveReceivedNthCommandWith(DescribeReplicationGroupsCommand, 2, { Marker: 'r1' });
  });

  it('re-evaluates one group named by an event', async () => {
    elasticache.on(DescribeReplicationGroupsCommand, { ReplicationGroupId: 'sessions' }).resolves({
      ReplicationGroups: [group('sessions', { AutomaticFailover: 'disabling', MultiAZ: 'disabled' })],
    });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [groupArn('sessions')] } });

    expect(verdicts(findings)).toEqual({
      sessions: 'FAIL: automatic failover is disabling and Multi-AZ is disabled on replication group sessions',
    });
  });

  it('closes the finding (RESOLVED) when the named group no longer exists', async () => {
    elasticache.on(DescribeReplicationGroupsCommand).rejects(groupNotFound('sessions'));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [groupArn('sessions')] } });

    expect(verdicts(findings)).toEqual({ sessions: 'RESOLVED: sessions no longer exists' });
  });
});

import { CloudWatchLogsClient, DescribeLogGroupsCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { logsRetentionSet as rule } from '../../../src/rules/logs/retention-set.js';
import { accessDenied, ACCOUNT, REGION, runRule, throttled, verdicts } from '../../helpers/aws.js';

const logs = mockClient(CloudWatchLogsClient);

const groupArn = (name: string) => `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}`;

function group(name: string, retentionInDays?: number, overrides: Partial<LogGroup> = {}): LogGroup {
  return {
    logGroupName: name,
    creationTime: Date.UTC(2025, 5, 1),
    retentionInDays,
    arn: `${groupArn(name)}:*`,
    logGroupArn: groupArn(name),
    storedBytes: 1024,
    logGroupClass: 'STANDARD',
    ...overrides,
  };
}

function groups(...list: LogGroup[]) {
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: list });
}

describe('logs-retention-set', () => {
  beforeEach(() => logs.reset());

  it('passes a log group kept within 30-365 days', async () => {
    // Prepare
    groups(group('/aws/lambda/retainwise-api', 30), group('/vpc/flow-logs/retainwise-prod', 365));
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      '/aws/lambda/retainwise-api': 'PASS: log group /aws/lambda/retainwise-api keeps events 30 days, within the required 30-365',
      '/vpc/flow-logs/retainwise-prod': 'PASS: log group /vpc/flow-logs/retainwise-prod keeps events 365 days, within the required 30-365',
    });
    expect(findings.find((f) => f.resourceName === '/aws/lambda/retainwise-api')).toMatchObject({
      resourceId: groupArn('/aws/lambda/retainwise-api'),
      resourceType: 'AWS::Logs::LogGroup',
      severity: 'LOW',
      evidence: { retentionInDays: 30, retentionPolicyName: null, logGroupClass: 'STANDARD', minDays: 30, maxDays: 365 },
    });
  });

  it('fails groups that never expire, or keep events fewer or more days than the policy', async () => {
    groups(group('/aws/ecs/retainwise-worker'), group('/aws/lambda/short', 7), group('/audit/long', 731));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      '/aws/ecs/retainwise-worker': 'FAIL: log group /aws/ecs/retainwise-worker never expires its events; required 30-365 days',
      '/aws/lambda/short': 'FAIL: log group /aws/lambda/short keeps events 7 days, fewer than the required 30',
      '/audit/long': 'FAIL: log group /audit/long keeps events 731 days, more than the allowed 365',
    });
  });

  it('says when an account-level retention policy sets the retention', async () => {
    groups(group('/aws/lambda/api', 90, { retentionPolicyName: 'org-default' }), group('/aws/lambda/forever', undefined, { retentionPolicyName: 'keep-all' }));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      '/aws/lambda/api': 'PASS: log group /aws/lambda/api keeps events 90 days (set by account retention policy org-default), within the required 30-365',
      '/aws/lambda/forever': 'FAIL: log group /aws/lambda/forever never expires its events (set by account retention policy keep-all); required 30-365 days',
    });
  });

  it('follows the min/max params, and refuses a minimum above the maximum', async () => {
    groups(group('/audit/trail', 400));

    const { findings } = await runRule(rule, { params: { minDays: 365, maxDays: 3653 } });

    expect(verdicts(findings)).toEqual({ '/audit/trail': 'PASS: log group /audit/trail keeps events 400 days, within the required 365-3653' });
    expect(() => rule.bind({ minDays: 400, maxDays: 30 })).toThrow(/minDays must not exceed maxDays/);
  });

  it('is NOT_APPLICABLE for DELIVERY-class groups, whose retention AWS fixes', async () => {
    groups(group('/aws/vendedlogs/delivery', 1, { logGroupClass: 'DELIVERY' }));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      '/aws/vendedlogs/delivery': 'NOT_APPLICABLE: log group /aws/vendedlogs/delivery is of the DELIVERY class, whose one-day retention AWS fixes',
    });
  });

  it('is NOT_APPLICABLE when the region has no log group', async () => {
    groups();

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::Logs::LogGroup in eu-west-1' });
  });

  it('is one account-level ERROR when the log groups cannot be listed', async () => {
    logs.on(DescribeLogGroupsCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR, not PASS, when a targeted lookup is denied or throttled', async () => {
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/denied' }).rejects(accessDenied());
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/busy' }).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['/denied', '/busy'] } });

    expect(verdicts(findings)).toEqual({
      '/denied': 'ERROR: AccessDenied: User is not authorized to perform this action',
      '/busy': 'ERROR: ThrottlingException: Rate exceeded',
    });
  });

  it('reads every page of DescribeLogGroups', async () => {
    logs
      .on(DescribeLogGroupsCommand)
      .resolvesOnce({ logGroups: [group('/a', 30), group('/b', 30)], nextToken: 'n1' })
      .resolvesOnce({ logGroups: [group('/c', 30)], nextToken: 'n2' })
      .resolvesOnce({ logGroups: [group('/d')] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName} ${f.status}`).sort()).toEqual(['/a PASS', '/b PASS', '/c PASS', '/d FAIL']);
    expect(logs).toHaveReceivedCommandTimes(DescribeLogGroupsCommand, 3);
    expect(logs).toHaveReceivedNthCommandWith(DescribeLogGroupsCommand, 1, { limit: 50 });
    expect(logs).toHaveReceivedNthCommandWith(DescribeLogGroupsCommand, 2, { limit: 50, nextToken: 'n1' });
    expect(logs).toHaveReceivedNthCommandWith(DescribeLogGroupsCommand, 3, { limit: 50, nextToken: 'n2' });
  });

  it('re-evaluates one log group named by an event: by prefix, every page, the exact name only', async () => {
    logs
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/lambda/app' })
      .resolvesOnce({ logGroups: [group('/aws/lambda/app-worker', 30)], nextToken: 'p1' })
      .resolvesOnce({ logGroups: [group('/aws/lambda/app')] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['/aws/lambda/app'] } });

    expect(verdicts(findings)).toEqual({
      '/aws/lambda/app': 'FAIL: log group /aws/lambda/app never expires its events; required 30-365 days',
    });
    expect(findings[0]?.resourceId).toBe(groupArn('/aws/lambda/app'));
    expect(logs).toHaveReceivedCommandTimes(DescribeLogGroupsCommand, 2);
    expect(logs).toHaveReceivedNthCommandWith(DescribeLogGroupsCommand, 2, { logGroupNamePrefix: '/aws/lambda/app', nextToken: 'p1' });
  });

  it('closes the finding (RESOLVED) when the named log group no longer exists', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [group('/aws/lambda/retainwise-export-v2', 30)] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['/aws/lambda/retainwise-export'] } });

    expect(verdicts(findings)).toEqual({ '/aws/lambda/retainwise-export': 'RESOLVED: /aws/lambda/retainwise-export no longer exists' });
  });
});

import 'aws-sdk-client-mock-vitest/extend';
import { CloudWatchClient, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudwatchDashboardExists as rule } from '../../../src/rules/cloudwatch/dashboard-exists.js';
import { RuleDefinitionError } from '#shared/core/errors.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';

const cloudwatch = mockClient(CloudWatchClient);

const entries = (...names: string[]) => ({
  DashboardEntries: names.map((DashboardName) => ({
    DashboardName,
    DashboardArn: `arn:aws:cloudwatch::${ACCOUNT}:dashboard/${DashboardName}`,
    Size: 2048,
  })),
});

describe('cloudwatch-dashboard-exists', () => {
  beforeEach(() => cloudwatch.reset());

  it('passes when the account has a dashboard, once per account', async () => {
    // Prepare
    cloudwatch.on(ListDashboardsCommand).resolves(entries('RetainWise-Production'));
    // Act
    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'us-west-2'] });
    // Assess
    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'PASS: the account has 1 CloudWatch dashboard (RetainWise-Production)' });
    expect(findings[0]).toMatchObject({
      resourceId: ACCOUNT,
      region: 'global',
      severity: 'LOW',
      evidence: { dashboards: ['RetainWise-Production'], required: [] },
    });
    expect(cloudwatch).toHaveReceivedCommandTimes(ListDashboardsCommand, 1);
  });

  it('fails when the account has no dashboard', async () => {
    cloudwatch.on(ListDashboardsCommand).resolves(entries());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'FAIL: the account has no CloudWatch dashboard' });
  });

  it('with names, fails listing the required dashboards that are missing', async () => {
    cloudwatch.on(ListDashboardsCommand).resolves(entries('Scratch', 'RetainWise-Production'));

    const { findings } = await runRule(rule, { params: { names: ['RetainWise-Production', 'RetainWise-Costs', 'RetainWise-Security'] } });

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: 'FAIL: required CloudWatch dashboards RetainWise-Costs, RetainWise-Security do not exist',
    });
    expect(findings[0]?.evidence).toMatchObject({ missing: ['RetainWise-Costs', 'RetainWise-Security'] });
  });

  it('with names, passes when every required dashboard exists', async () => {
    cloudwatch.on(ListDashboardsCommand).resolves(entries('Scratch', 'RetainWise-Production'));

    const { findings } = await runRule(rule, { params: { names: ['RetainWise-Production'] } });

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'PASS: required CloudWatch dashboard RetainWise-Production exists' });
  });

  it('rejects names that are not a list of names', () => {
    expect(() => rule.bind({ names: 'RetainWise-Production' })).toThrow(RuleDefinitionError);
    expect(() => rule.bind({ names: [''] })).toThrow(/cloudwatch-dashboard-exists\.names\.0/);
    expect(rule.defaultParams).toEqual({ names: [] });
  });

  it('is ERROR, not FAIL, when ListDashboards is denied', async () => {
    cloudwatch.on(ListDashboardsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: AccessDenied: User is not authorized to perform this action' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    cloudwatch.on(ListDashboardsCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of ListDashboards before deciding a required one is missing', async () => {
    cloudwatch
      .on(ListDashboardsCommand)
      .resolvesOnce({ ...entries('a', 'b'), NextToken: 'd1' })
      .resolvesOnce({ ...entries('c'), NextToken: 'd2' })
      .resolvesOnce(entries('RetainWise-Production'));

    const { findings } = await runRule(rule, { params: { names: ['RetainWise-Production'] } });

    expect(findings[0]?.status).toBe('PASS');
    expect(cloudwatch).toHaveReceivedCommandTimes(ListDashboardsCommand, 3);
    expect(cloudwatch).toHaveReceivedNthCommandWith(ListDashboardsCommand, 2, { NextToken: 'd1' });
    expect(cloudwatch).toHaveReceivedNthCommandWith(ListDashboardsCommand, 3, { NextToken: 'd2' });
  });
});

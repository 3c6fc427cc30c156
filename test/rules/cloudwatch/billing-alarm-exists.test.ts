import 'aws-sdk-client-mock-vitest/extend';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudwatchBillingAlarmExists as rule } from '../../../src/rules/cloudwatch/billing-alarm-exists.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { alarms, compositeAlarm, metricAlarm, topicArn } from './alarms.js';

const cloudwatch = mockClient(CloudWatchClient);

const BILLING_TOPIC = topicArn('account-billing', 'us-east-1');
const billingAlarm = (name: string, extra: Parameters<typeof metricAlarm>[1] = {}) =>
  metricAlarm(name, {
    Namespace: 'AWS/Billing',
    MetricName: 'EstimatedCharges',
    Dimensions: [{ Name: 'Currency', Value: 'USD' }],
    Statistic: 'Maximum',
    Period: 21_600,
    Threshold: 300,
    AlarmActions: [BILLING_TOPIC],
    ...extra,
  });

describe('cloudwatch-billing-alarm-exists', () => {
  beforeEach(() => cloudwatch.reset());

  it('passes when an alarm on AWS/Billing EstimatedCharges has an enabled ALARM action, once per account', async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate'), billingAlarm('monthly-spend')]));
    // Act
    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'eu-central-1'] });
    // Assess
    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: 'PASS: billing alarm monthly-spend watches AWS/Billing EstimatedCharges with an enabled ALARM action',
    });
    expect(findings[0]).toMatchObject({
      resourceId: ACCOUNT,
      resourceType: 'AWS::::Account',
      region: 'global',
      severity: 'MEDIUM',
      evidence: {
        region: 'us-east-1',
        billingAlarms: [{ name: 'monthly-spend', actionsEnabled: true, alarmActions: [BILLING_TOPIC], threshold: 300 }],
      },
    });
    // The billing metric lives in us-east-1 only: that is where the alarms are read, whatever is swept.
    const client = cloudwatch.commandCalls(DescribeAlarmsCommand)[0]?.thisValue as CloudWatchClient;
    expect(await client.config.region()).toBe('us-east-1');
    expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 1);
  });

  it('passes on a metric-math alarm whose query reads EstimatedCharges', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(
      alarms([
        metricAlarm('spend-rate', {
          Namespace: undefined,
          MetricName: undefined,
          Metrics: [
            {
              Id: 'charges',
              MetricStat: { Metric: { Namespace: 'AWS/Billing', MetricName: 'EstimatedCharges' }, Period: 21_600, Stat: 'Maximum' },
              ReturnData: false,
            },
            { Id: 'rate', Expression: 'RATE(charges) * 86400', ReturnData: true },
          ],
        }),
      ]),
    );

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: 'PASS: billing alarm spend-rate watches AWS/Billing EstimatedCharges with an enabled ALARM action',
    });
  });

  it('fails when no alarm watches the billing metric (composite and other alarms do not count)', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate')], [compositeAlarm('api-degraded')]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: 'FAIL: no CloudWatch alarm watches AWS/Billing EstimatedCharges in us-east-1',
    });
  });

  it('fails when billing alarms exist but none would notify anyone', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([billingAlarm('muted', { ActionsEnabled: false }), billingAlarm('silent', { AlarmActions: [] })]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: 'FAIL: none of the 2 billing alarms on AWS/Billing EstimatedCharges (muted, silent) has an enabled ALARM action',
    });
  });

  it('names the one billing alarm that has no enabled action', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([billingAlarm('muted', { ActionsEnabled: false })]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: 'FAIL: billing alarm muted on AWS/Billing EstimatedCharges has no enabled ALARM action',
    });
  });

  it('is ERROR, not FAIL, when the only billing alarm with an action does not say whether actions are enabled', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([{ ...billingAlarm('billing-300'), ActionsEnabled: undefined }]));

    const { findings } = await runRule(rule);

    expect(Object.values(verdicts(findings))).toEqual([
      'ERROR: DescribeAlarms did not say whether billing alarm billing-300 has its actions enabled (no ActionsEnabled)',
    ]);
  });

  it('is ERROR, not FAIL, when DescribeAlarms is denied', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: AccessDenied: User is not authorized to perform this action' });
    expect(findings[0]?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of DescribeAlarms: the billing alarm may be on the last one', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce(alarms([metricAlarm('a')], [], 'n1'))
      .resolvesOnce(alarms([metricAlarm('b')], [], 'n2'))
      .resolvesOnce(alarms([billingAlarm('monthly-spend')]));

    const { findings } = await runRule(rule);

    expect(findings[0]?.status).toBe('PASS');
    expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 3);
    expect(cloudwatch).toHaveReceivedNthCommandWith(DescribeAlarmsCommand, 2, { NextToken: 'n1' });
    expect(cloudwatch).toHaveReceivedNthCommandWith(DescribeAlarmsCommand, 3, { NextToken: 'n2' });
  });
});

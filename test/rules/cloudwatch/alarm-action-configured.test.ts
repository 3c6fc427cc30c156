import 'aws-sdk-client-mock-vitest/extend';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudwatchAlarmActionConfigured as rule } from '../../../src/rules/cloudwatch/alarm-action-configured.js';
import { cloudwatchAlarmTopicSubscribed } from '../../../src/rules/cloudwatch/alarm-topic-subscribed.js';
import { cloudwatchBillingAlarmExists } from '../../../src/rules/cloudwatch/billing-alarm-exists.js';
import { awsApiProvider } from '#shared/aws/clients.js';
import { evaluate } from '#shared/engine/engine.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { alarms, compositeAlarm, metricAlarm, SCALE_OUT } from './alarms.js';

const cloudwatch = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);

describe('cloudwatch-alarm-action-configured', () => {
  beforeEach(() => {
    cloudwatch.reset();
    sns.reset();
  });

  it('passes when a metric or composite alarm has actions enabled and an ALARM action', async () => {
    // Prepare
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves(alarms([metricAlarm('api-5xx-rate'), metricAlarm('queue-depth', { AlarmActions: [SCALE_OUT] })], [compositeAlarm('api-degraded')]));
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      'api-5xx-rate': 'PASS: alarm api-5xx-rate has actions enabled and 1 ALARM action (ops-alerts)',
      'queue-depth': 'PASS: alarm queue-depth has actions enabled and 1 ALARM action (scale-out)',
      'api-degraded': 'PASS: alarm api-degraded has actions enabled and 1 ALARM action (ops-alerts)',
    });
    expect(findings.find((f) => f.resourceName === 'api-5xx-rate')).toMatchObject({
      resourceId: `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:api-5xx-rate`,
      resourceType: 'AWS::CloudWatch::Alarm',
      region: 'eu-west-1',
      severity: 'HIGH',
      evidence: { kind: 'metric', actionsEnabled: true, alarmActions: [`arn:aws:sns:eu-west-1:${ACCOUNT}:ops-alerts`] },
    });
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, { AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] });
  });

  it('fails when actions are disabled, when there is no ALARM action, or both', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves(
        alarms(
          [
            metricAlarm('worker-queue-depth', { ActionsEnabled: false }),
            metricAlarm('p95-latency', { AlarmActions: [], OKActions: ['arn:aws:sns:eu-west-1:123456789012:ops-alerts'] }),
          ],
          [compositeAlarm('muted', { ActionsEnabled: false, AlarmActions: [] })],
        ),
      );

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'worker-queue-depth': 'FAIL: alarm worker-queue-depth has its actions disabled: its 1 ALARM action will not run',
      'p95-latency': 'FAIL: alarm p95-latency has no ALARM action: nobody is told when it fires',
      muted: 'FAIL: alarm muted has its actions disabled and no ALARM action',
    });
  });

  it('never says "actions disabled" when DescribeAlarms leaves ActionsEnabled out: ERROR, unless there is no ALARM action at all', async () => {
    const unflagged = (name: string, overrides = {}) => ({ ...metricAlarm(name, overrides), ActionsEnabled: undefined });
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([unflagged('api-5xx-rate'), unflagged('orphan', { AlarmActions: [] })]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'api-5xx-rate': 'ERROR: DescribeAlarms did not say whether alarm api-5xx-rate has its actions enabled (no ActionsEnabled)',
      orphan: 'FAIL: alarm orphan has no ALARM action: nobody is told when it fires',
    });
  });

  it('is one account-level ERROR, not PASS, when DescribeAlarms is denied', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'ERROR',
      resourceId: `${ACCOUNT}/eu-west-1`,
      reason: 'could not list resources: AccessDenied: User is not authorized to perform this action',
      evidence: { errorCode: 'AccessDenied' },
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR when throttling outlasts the retries on a targeted evaluation', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['api-5xx-rate'] } });

    expect(verdicts(findings)).toEqual({ 'api-5xx-rate': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is NOT_APPLICABLE when the region has no alarm', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([]));

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::CloudWatch::Alarm in eu-west-1' });
    expect(complete).toEqual([{ ruleId: rule.id, region: 'eu-west-1' }]);
  });

  it('reads every page of DescribeAlarms, metric and composite alike', async () => {
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce(alarms([metricAlarm('p1-a'), metricAlarm('p1-b')], [], 't1'))
      .resolvesOnce(alarms([], [compositeAlarm('p2-c')], 't2'))
      .resolvesOnce(alarms([metricAlarm('p3-d', { ActionsEnabled: false })]));

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceName}:${f.status}`).sort()).toEqual(['p1-a:PASS', 'p1-b:PASS', 'p2-c:PASS', 'p3-d:FAIL']);
    expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 3);
    expect(cloudwatch).toHaveReceivedNthCommandWith(DescribeAlarmsCommand, 1, { MaxRecords: 100, NextToken: undefined });
    expect(cloudwatch).toHaveReceivedNthCommandWith(DescribeAlarmsCommand, 2, { NextToken: 't1' });
    expect(cloudwatch).toHaveReceivedNthCommandWith(DescribeAlarmsCommand, 3, { NextToken: 't2' });
  });

  it('shares one DescribeAlarms sweep with the other alarm rules', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate')]));
    sns.on(GetTopicAttributesCommand).resolves({ Attributes: {} });
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });

    await evaluate({
      accountId: ACCOUNT,
      // us-east-1 is both a swept region and the billing rule's home: one sweep serves all three rules.
      regions: ['us-east-1'],
      rules: [rule.bind(), cloudwatchAlarmTopicSubscribed.bind(), cloudwatchBillingAlarmExists.bind()],
      apis: awsApiProvider({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' }, maxAttempts: 1 }),
    });

    expect(cloudwatch).toHaveReceivedCommandTimes(DescribeAlarmsCommand, 1);
  });

  it('re-evaluates one alarm named by an event with a filtered DescribeAlarms', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate', { ActionsEnabled: false })]));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['api-5xx-rate'] } });

    expect(findings).toMatchObject([{ resourceName: 'api-5xx-rate', region: 'eu-west-1', status: 'FAIL' }]);
    expect(cloudwatch).toHaveReceivedCommandWith(DescribeAlarmsCommand, {
      AlarmNames: ['api-5xx-rate'],
      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
    });
  });

  it('closes the finding (RESOLVED) when the named alarm was deleted', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([]));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['old-alarm'] } });

    expect(verdicts(findings)).toEqual({ 'old-alarm': 'RESOLVED: old-alarm no longer exists' });
  });
});

import 'aws-sdk-client-mock-vitest/extend';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { GetTopicAttributesCommand, ListSubscriptionsByTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudwatchAlarmTopicSubscribed as rule } from '../../../src/rules/cloudwatch/alarm-topic-subscribed.js';
import { accessDenied, ACCOUNT, awsError, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { alarms, compositeAlarm, metricAlarm, OPS, SCALE_OUT, topicArn } from './alarms.js';

const cloudwatch = mockClient(CloudWatchClient);
const sns = mockClient(SNSClient);

const confirmed = (topic: string, endpoint = 'oncall@example.com') => ({
  SubscriptionArn: `${topic}:6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d`,
  Owner: ACCOUNT,
  Protocol: 'email',
  Endpoint: endpoint,
  TopicArn: topic,
});
const pending = (topic: string) => ({ ...confirmed(topic), SubscriptionArn: 'PendingConfirmation' });
const exists = { Attributes: { TopicArn: OPS, SubscriptionsConfirmed: '1', SubscriptionsPending: '0' } };
const notFound = () => awsError('NotFound', 'Topic does not exist', 404);

describe('cloudwatch-alarm-topic-subscribed', () => {
  beforeEach(() => {
    cloudwatch.reset();
    sns.reset();
  });

  it('passes when the topic an alarm notifies has a confirmed subscription', async () => {
    // Prepare
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate')], [compositeAlarm('api-degraded')]));
    sns.on(GetTopicAttributesCommand).resolves(exists);
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [confirmed(OPS), pending(OPS)] });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({ 'ops-alerts': 'PASS: SNS topic ops-alerts has 1 confirmed subscription (email)' });
    expect(findings[0]).toMatchObject({
      resourceId: OPS,
      resourceType: 'AWS::SNS::Topic',
      region: 'eu-west-1',
      severity: 'HIGH',
      evidence: {
        topicArn: OPS,
        alarms: ['api-5xx-rate', 'api-degraded'],
        confirmed: [{ protocol: 'email', endpoint: 'oncall@example.com' }],
        pendingConfirmation: 1,
      },
    });
    // One topic, however many alarms notify it: one call of each.
    expect(sns).toHaveReceivedCommandTimes(GetTopicAttributesCommand, 1);
    expect(sns).toHaveReceivedCommandTimes(ListSubscriptionsByTopicCommand, 1);
  });

  it('fails when subscriptions are only PendingConfirmation, or there are none', async () => {
    const billing = topicArn('billing-alerts');
    const empty = topicArn('empty');
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolves(
        alarms([metricAlarm('daily-cost', { AlarmActions: [billing] }), metricAlarm('queue-depth', { AlarmActions: [], InsufficientDataActions: [empty] })]),
      );
    sns.on(GetTopicAttributesCommand).resolves(exists);
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: billing }).resolves({ Subscriptions: [pending(billing)] });
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: empty }).resolves({ Subscriptions: [] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'billing-alerts': 'FAIL: SNS topic billing-alerts has only 1 subscription pending confirmation: notifications from alarm daily-cost reach nobody',
      empty: 'FAIL: SNS topic empty has no subscription: notifications from alarm queue-depth reach nobody',
    });
  });

  it('fails, not RESOLVED, when the topic alarms notify was deleted, naming the alarms', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms(['a-1', 'a-2', 'a-3', 'a-4'].map((name) => metricAlarm(name))));
    sns.on(GetTopicAttributesCommand).rejects(notFound());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'ops-alerts': 'FAIL: SNS topic ops-alerts does not exist: notifications from 4 alarms (a-1, a-2, a-3 and 1 more) are lost',
    });
    expect(findings[0]?.evidence).toEqual({ topicArn: OPS, alarms: ['a-1', 'a-2', 'a-3', 'a-4'] });
    expect(sns).not.toHaveReceivedCommand(ListSubscriptionsByTopicCommand);
  });

  it('is ERROR, not PASS, when SNS denies GetTopicAttributes', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate')]));
    sns.on(GetTopicAttributesCommand).rejects(awsError('AuthorizationError', 'User is not authorized to perform: SNS:GetTopicAttributes', 403));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'ops-alerts': 'ERROR: AuthorizationError: User is not authorized to perform: SNS:GetTopicAttributes',
    });
  });

  it('is ERROR when throttling outlasts the retries on ListSubscriptionsByTopic', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate')]));
    sns.on(GetTopicAttributesCommand).resolves(exists);
    sns.on(ListSubscriptionsByTopicCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ 'ops-alerts': 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('is one account-level ERROR when the alarms cannot be listed', async () => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
  });

  it('is NOT_APPLICABLE when no alarm notifies an SNS topic (Auto Scaling actions are not topics)', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('queue-depth', { AlarmActions: [SCALE_OUT] })]));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::SNS::Topic in eu-west-1' });
    expect(sns).not.toHaveReceivedCommand(GetTopicAttributesCommand);
  });

  it('reads every page of DescribeAlarms and of ListSubscriptionsByTopic', async () => {
    const second = topicArn('second');
    cloudwatch
      .on(DescribeAlarmsCommand)
      .resolvesOnce(alarms([metricAlarm('page-1')], [], 'a1'))
      .resolvesOnce(alarms([metricAlarm('page-2', { AlarmActions: [second] })]));
    sns.on(GetTopicAttributesCommand).resolves(exists);
    sns
      .on(ListSubscriptionsByTopicCommand, { TopicArn: OPS })
      .resolvesOnce({ Subscriptions: [pending(OPS)], NextToken: 's1' })
      .resolvesOnce({ Subscriptions: [pending(OPS)], NextToken: 's2' })
      .resolvesOnce({ Subscriptions: [confirmed(OPS)] });
    sns.on(ListSubscriptionsByTopicCommand, { TopicArn: second }).resolves({ Subscriptions: [pending(second)] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'ops-alerts': 'PASS: SNS topic ops-alerts has 1 confirmed subscription (email)',
      second: 'FAIL: SNS topic second has only 1 subscription pending confirmation: notifications from alarm page-2 reach nobody',
    });
    expect(cloudwatch).toHaveReceivedNthCommandWith(DescribeAlarmsCommand, 2, { NextToken: 'a1' });
    expect(sns).toHaveReceivedCommandTimes(ListSubscriptionsByTopicCommand, 4);
    expect(sns).toHaveReceivedCommandWith(ListSubscriptionsByTopicCommand, { TopicArn: OPS, NextToken: 's1' });
    expect(sns).toHaveReceivedCommandWith(ListSubscriptionsByTopicCommand, { TopicArn: OPS, NextToken: 's2' });
  });

  it("asks SNS in the topic's own region when an alarm notifies a topic elsewhere", async () => {
    const virginia = topicArn('central-alerts', 'us-east-1');
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate', { AlarmActions: [virginia] })]));
    sns.on(GetTopicAttributesCommand).resolves(exists);
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [confirmed(virginia)] });

    const { findings } = await runRule(rule);

    expect(findings).toMatchObject([{ resourceId: virginia, region: 'eu-west-1', status: 'PASS' }]);
    const call = sns.commandCalls(GetTopicAttributesCommand)[0];
    const client = call?.thisValue as SNSClient;
    expect(await client.config.region()).toBe('us-east-1');
  });

  it('re-evaluates a topic named by an event against the alarms of the event region', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate')]));
    sns.on(GetTopicAttributesCommand).resolves(exists);
    sns.on(ListSubscriptionsByTopicCommand).resolves({ Subscriptions: [] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [OPS] } });

    expect(verdicts(findings)).toEqual({
      'ops-alerts': 'FAIL: SNS topic ops-alerts has no subscription: notifications from alarm api-5xx-rate reach nobody',
    });
  });

  it('closes the finding (RESOLVED) when no alarm of the region notifies the topic any more', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves(alarms([metricAlarm('api-5xx-rate', { AlarmActions: [] })]));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [OPS] } });

    expect(verdicts(findings)).toEqual({ 'ops-alerts': 'RESOLVED: ops-alerts no longer exists' });
    expect(sns).not.toHaveReceivedCommand(GetTopicAttributesCommand);
  });
});

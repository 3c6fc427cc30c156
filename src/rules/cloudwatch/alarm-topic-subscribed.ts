import { ResourceNotFoundError } from '#shared/core/errors.js';
import { displayNameOf } from '#shared/core/resource-ids.js';
import { defineRule, fail, pass } from '../define-rule.js';
import { count, MONITORING, nameList, SNS, topicArnsOfEvent, topicsOfAlarm } from './support.js';

/**
 * Resources are the SNS topics the region's alarms notify, named by ARN (a topic may live in another
 * region or account; the SNS reader calls the topic's own region). Limits worth knowing:
 * - confirming a subscription from the email link is unauthenticated, so CloudTrail does not log it:
 *   that PASS shows at the next sweep;
 * - a PutMetricAlarm that drops a topic names only the topics it keeps: the dropped topic's finding
 *   closes at the next sweep, which no longer lists it.
 */
export const cloudwatchAlarmTopicSubscribed = defineRule({
  id: 'cloudwatch-alarm-topic-subscribed',
  title: 'The SNS topics alarms notify reach a person',
  description:
    'Every SNS topic a CloudWatch alarm of the region notifies exists and has at least one confirmed subscription ' +
    '(a subscription still PendingConfirmation delivers nothing).',
  absentFields:
    'A subscription without SubscriptionArn counts as pending confirmation, never as confirmed; one without ' +
    'Protocol shows as unknown in the reason. An alarm without AlarmActions, OKActions or ' +
    'InsufficientDataActions notifies no topic through them.',
  severity: 'HIGH',
  resourceType: 'AWS::SNS::Topic',
  checklist: { source: '000 §6', item: 'TODO: Configure SNS topic for email/SMS notifications' },
  controls: {},
  iamActions: ['cloudwatch:DescribeAlarms', 'sns:GetTopicAttributes', 'sns:ListSubscriptionsByTopic'],
  triggers: [
    {
      eventSource: SNS,
      eventNames: ['DeleteTopic', 'Subscribe', 'Unsubscribe', 'ConfirmSubscription'],
      resourceNames: topicArnsOfEvent,
    },
    { eventSource: MONITORING, eventNames: ['PutMetricAlarm'], resourceNames: topicArnsOfEvent },
  ],
  remediation: {
    text: 'Subscribe an email address or phone number to the topic and confirm the subscription (or point the alarms at a topic that exists).',
    cli: 'aws sns subscribe --topic-arn <topic-arn> --protocol email --notification-endpoint <address>',
  },
  async resources({ cloudwatch }) {
    const alarms = await cloudwatch.alarms();
    return [...new Set(alarms.flatMap(topicsOfAlarm))];
  },
  async evaluate({ cloudwatch, sns }, topicArn) {
    const topic = displayNameOf(topicArn);
    const alarms = (await cloudwatch.alarms()).filter((alarm) => topicsOfAlarm(alarm).includes(topicArn));
    // No alarm of this region notifies the topic (any more): it is out of scope, so its finding closes.
    if (alarms.length === 0) throw new ResourceNotFoundError(topicArn);
    const alarmNames = alarms.map((alarm) => alarm.name);
    const from = alarmNames.length === 1 ? `alarm ${alarmNames[0]}` : `${count(alarmNames.length, 'alarm')} (${nameList(alarmNames)})`;

    const attributes = await sns.topicAttributes(topicArn);
    const subscriptions = attributes ? await sns.subscriptions(topicArn) : undefined;
    if (!attributes || !subscriptions) {
      // Deleted while alarms still point at it: every notification is lost, so FAIL, not RESOLVED.
      return fail(`SNS topic ${topic} does not exist: notifications from ${from} are lost`, { topicArn, alarms: alarmNames });
    }

    const confirmed = subscriptions.filter((s) => s.confirmed);
    const pending = subscriptions.length - confirmed.length;
    const evidence = {
      topicArn,
      alarms: alarmNames,
      confirmed: confirmed.map((s) => ({ protocol: s.protocol ?? null, endpoint: s.endpoint ?? null })),
      pendingConfirmation: pending,
    };
    if (confirmed.length > 0) {
      const protocols = [...new Set(confirmed.map((s) => s.protocol ?? 'unknown'))].join(', ');
      return pass(`SNS topic ${topic} has ${count(confirmed.length, 'confirmed subscription')} (${protocols})`, evidence);
    }
    const why = pending > 0 ? `only ${count(pending, 'subscription')} pending confirmation` : 'no subscription';
    return fail(`SNS topic ${topic} has ${why}: notifications from ${from} reach nobody`, evidence);
  },
});

/** What the CloudWatch rules share: reading alarm names and topic ARNs out of events and alarms, and wording. */
import { type AlarmFacts, allActionsOf } from '#shared/aws/services/cloudwatch/reader.js';
import { isSnsTopicArn, topicArnOfSubscription } from '#shared/aws/services/sns/reader.js';
import { type CloudTrailDetail, stringAt, stringsAt } from '../define-rule.js';

export const MONITORING = 'monitoring.amazonaws.com';
export const SNS = 'sns.amazonaws.com';

/** Alarm names of a monitoring event: `alarmName` (Put*Alarm) or `alarmNames` (DeleteAlarms, Enable/DisableAlarmActions). */
export function alarmNamesOfEvent(detail: CloudTrailDetail): string[] {
  const request = detail.requestParameters;
  return unique([...stringsAt(request, 'alarmName'), ...stringsAt(request, 'alarmNames')]);
}

/** The SNS topics an alarm notifies, on any state change (other actions are Auto Scaling, EC2, SSM...). */
export function topicsOfAlarm(alarm: AlarmFacts): string[] {
  return unique(allActionsOf(alarm).filter(isSnsTopicArn));
}

/** PutMetricAlarm's action lists as CloudTrail logs them: it camel-cases OKActions as `oKActions`; `okActions` is read too, to be safe. */
const EVENT_ACTION_FIELDS = ['alarmActions', 'oKActions', 'okActions', 'insufficientDataActions'];

/**
 * Topic ARNs an event touched: `topicArn` (DeleteTopic, Subscribe, ConfirmSubscription), the topic of
 * `subscriptionArn` (Unsubscribe), or the SNS actions of a PutMetricAlarm.
 */
export function topicArnsOfEvent(detail: CloudTrailDetail): string[] {
  const request = detail.requestParameters;
  if (detail.eventSource === MONITORING) {
    return unique(EVENT_ACTION_FIELDS.flatMap((field) => stringsAt(request, field)).filter(isSnsTopicArn));
  }
  const topicArn = stringAt(request, 'topicArn');
  if (topicArn) return isSnsTopicArn(topicArn) ? [topicArn] : [];
  const subscriptionArn = stringAt(request, 'subscriptionArn');
  const fromSubscription = subscriptionArn ? topicArnOfSubscription(subscriptionArn) : undefined;
  return fromSubscription ? [fromSubscription] : [];
}

/** `a, b, c and 2 more`: keeps reasons to one readable sentence however many names there are. */
export function nameList(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

/** `1 alarm`, `2 alarms` */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

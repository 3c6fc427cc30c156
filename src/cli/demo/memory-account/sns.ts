/** SNS of an in-memory account: answers the SnsApi from plain data, as SNS would. */
import { PENDING_CONFIRMATION, SUBSCRIPTION_PAGE_SIZE } from '#shared/aws/services/sns/reader.js';
import type { SnsApi } from '#shared/aws/services/sns/sdk.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

export interface MemorySubscription {
  protocol: 'email' | 'email-json' | 'sms' | 'https' | 'http' | 'sqs' | 'lambda';
  endpoint: string;
  /** An unconfirmed subscription is listed with the ARN `PendingConfirmation`. */
  confirmed: boolean;
}

export interface MemoryTopic {
  name: string;
  displayName?: string;
  subscriptions: MemorySubscription[];
}

/** One region's SNS topics. */
export interface MemorySnsState {
  topics: MemoryTopic[];
}

export function emptySnsState(): MemorySnsState {
  return { topics: [] };
}

/** A stable, UUID-shaped subscription id, so answers are reproducible. */
function subscriptionId(topic: string, index: number): string {
  let hash = 0;
  for (const char of topic) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const hex = hash.toString(16).padStart(8, '0');
  return `${hex}-0000-4000-8000-${String(index).padStart(12, '0')}`;
}

export function memorySnsApi(state: MemorySnsState, region: string, accountId: string, call: MemoryCall): SnsApi {
  const arnPrefix = `arn:${partitionOf(region)}:sns:${region}:${accountId}:`;
  const topic = (topicArn: string | undefined): { topic: MemoryTopic; arn: string } => {
    // Like SNS, an endpoint only answers for its own region's (and account's) topics.
    if (!topicArn?.startsWith(arnPrefix)) {
      throw new MemoryServiceError('InvalidParameter', 'Invalid parameter: TopicArn');
    }
    const found = state.topics.find((t) => arnPrefix + t.name === topicArn);
    if (!found) throw notFound('NotFound', 'Topic does not exist');
    return { topic: found, arn: topicArn };
  };
  return {
    getTopicAttributes: (input) =>
      call('sns', 'GetTopicAttributes', input, () => {
        const { topic: t, arn } = topic(input.TopicArn);
        const confirmed = t.subscriptions.filter((s) => s.confirmed).length;
        return {
          Attributes: {
            TopicArn: arn,
            Owner: accountId,
            DisplayName: t.displayName ?? '',
            SubscriptionsConfirmed: String(confirmed),
            SubscriptionsPending: String(t.subscriptions.length - confirmed),
            SubscriptionsDeleted: '0',
          },
        };
      }),
    listSubscriptionsByTopic: (input) =>
      call('sns', 'ListSubscriptionsByTopic', input, () => {
        const { topic: t, arn } = topic(input.TopicArn);
        const listed = t.subscriptions.map((s, index) => ({
          SubscriptionArn: s.confirmed ? `${arn}:${subscriptionId(t.name, index)}` : PENDING_CONFIRMATION,
          Owner: accountId,
          Protocol: s.protocol,
          Endpoint: s.endpoint,
          TopicArn: arn,
        }));
        const page = paginate(listed, input.NextToken, SUBSCRIPTION_PAGE_SIZE);
        return { Subscriptions: page.items, NextToken: page.next };
      }),
  };
}

/** Everything Preflight knows about calling SNS: the facts reader (the commands it sends are listed in sdk.ts, which binds them to the SDK). */
import { PreflightError } from '#shared/core/errors.js';
import type { SnsApi } from './sdk.js';
import { ServiceReader, page } from '../../reader-base.js';
import type { Subscription } from '@aws-sdk/client-sns';

/** What SNS reports as the ARN of a subscription the endpoint has not confirmed yet. */
export const PENDING_CONFIRMATION = 'PendingConfirmation';

export interface TopicSubscription {
  /** The subscription ARN, or `PendingConfirmation`. */
  arn: string;
  protocol?: string;
  endpoint?: string;
  confirmed: boolean;
}

/** `arn:<partition>:sns:<region>:<account>:<name>` */
const TOPIC_ARN = /^arn:[a-z-]+:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_.-]+)$/;

/** True for an SNS topic ARN (alarm actions also hold Auto Scaling, EC2 and SSM ARNs). */
export function isSnsTopicArn(value: string): boolean {
  return TOPIC_ARN.test(value);
}

/** The region a topic lives in, read from its ARN: an alarm's topic need not share the alarm's region. */
export function topicRegionOf(topicArn: string): string {
  const match = TOPIC_ARN.exec(topicArn);
  if (!match?.[1]) throw new PreflightError(`not an SNS topic ARN: ${topicArn}`);
  return match[1];
}

/** The topic ARN of a subscription ARN (`<topic ARN>:<subscription id>`), or undefined. */
export function topicArnOfSubscription(subscriptionArn: string): string | undefined {
  const cut = subscriptionArn.lastIndexOf(':');
  const topicArn = cut > 0 ? subscriptionArn.slice(0, cut) : '';
  return isSnsTopicArn(topicArn) ? topicArn : undefined;
}

/** SDK v3 reports SNS's `NotFound` as Code `NotFound` (name NotFoundException). */
const MISSING_TOPIC_CODES = new Set(['NotFound', 'NotFoundException']);
/** The largest page ListSubscriptionsByTopic serves. */
export const SUBSCRIPTION_PAGE_SIZE = 100;

function subscriptionFacts(sub: Subscription): TopicSubscription {
  const arn = sub.SubscriptionArn ?? PENDING_CONFIRMATION;
  // Only a real subscription ARN is confirmed; SNS says `PendingConfirmation` until then.
  return { arn, protocol: sub.Protocol, endpoint: sub.Endpoint, confirmed: arn.startsWith('arn:') };
}

export class SnsReader extends ServiceReader<SnsApi> {
  protected readonly service = 'sns';

  /** The topic's attributes, or undefined when the topic does not exist. */
  topicAttributes(topicArn: string): Promise<Readonly<Record<string, string>> | undefined> {
    return this.accountFact(`attributes:${topicArn}`, async () => {
      const out = await this.sendForTopic(topicArn, 'GetTopicAttributes', (api) => api.getTopicAttributes({ TopicArn: topicArn }));
      return out === undefined ? undefined : { ...out.Attributes };
    });
  }

  /** Every subscription of the topic, all pages, or undefined when the topic does not exist. */
  subscriptions(topicArn: string): Promise<readonly TopicSubscription[] | undefined> {
    return this.accountFact(`subscriptions:${topicArn}`, () =>
      // A deleted topic is a fact the topic rule reports (FAIL), not an error.
      this.unlessAbsent(MISSING_TOPIC_CODES, undefined, () =>
        this.allPages(
          'ListSubscriptionsByTopic',
          async (api, NextToken) => {
            const out = await api.listSubscriptionsByTopic({ TopicArn: topicArn, NextToken });
            return page(out.Subscriptions, subscriptionFacts, out.NextToken);
          },
          topicRegionOf(topicArn),
        ),
      ),
    );
  }

  /** A call about one topic, in the topic's region; a missing topic answers undefined. */
  private sendForTopic<T>(topicArn: string, operation: string, call: (api: SnsApi) => Promise<T>): Promise<T | undefined> {
    // A deleted topic is a fact the topic rule reports (FAIL), not an error.
    return this.unlessAbsent(MISSING_TOPIC_CODES, undefined, () => this.send(operation, call, topicRegionOf(topicArn)));
  }
}

/**
 * The notifier drains the findings store's outbox to SNS. An alert is claimed before it is published
 * (one drain wins a claim), and taken out of the outbox only after SNS accepted it: a failed Publish
 * leaves it pending for the next invocation; a retried invocation finds nothing left to send.
 */
import { PublishCommand, type PublishCommandInput, type SNSClient } from '@aws-sdk/client-sns';
import { errorCode, errorMessage } from '../errors.js';
import { SEVERITIES } from '../model.js';
import type { FindingsStore } from '../store/findings-store.js';
import { type AlertItem, type AlertMessage, alertMessage, baselineMessage, type MessageContext } from './messages.js';

export interface AlertPublisher {
  publish(message: AlertMessage): Promise<void>;
}

/** The SNS Publish request for an alert: one JSON message with a body per protocol. */
export function publishInput(topicArn: string, { subject, message, attributes }: AlertMessage): PublishCommandInput {
  return {
    TopicArn: topicArn,
    Subject: subject,
    MessageStructure: 'json',
    Message: JSON.stringify(message),
    // Subscriptions filter on these (the SMS subscription takes CRITICAL and HIGH only).
    MessageAttributes: {
      severity: { DataType: 'String', StringValue: attributes.severity },
      kind: { DataType: 'String', StringValue: attributes.kind },
      count: { DataType: 'Number', StringValue: String(attributes.count) },
    },
  };
}

export function snsPublisher(client: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(message) {
      await client.send(new PublishCommand(publishInput(topicArn, message)));
    },
  };
}

export interface DrainOptions {
  store: FindingsStore;
  publisher: AlertPublisher;
  context: MessageContext;
  now?: () => Date;
  /** How long a claim protects an alert being published. */
  claimMs?: number;
  onPublishError?: (error: unknown, items: readonly AlertItem[]) => void;
}

export interface DrainResult {
  /** Alerts published (findings), and the messages that carried them. */
  published: number;
  messages: number;
  /** Alerts left in the outbox because Publish failed. */
  failed: number;
  errors: string[];
}

/** Publishes every pending alert, batched into one message per severity. */
export async function drainOutbox(options: DrainOptions): Promise<DrainResult> {
  const now = options.now ?? (() => new Date());
  // Longer than the SNS client can take to give up (6 attempts × 15 s timeouts + backoff), so a claim never
  // expires while its own Publish may still succeed.
  const claimMs = options.claimMs ?? 300_000;
  const result: DrainResult = { published: 0, messages: 0, failed: 0, errors: [] };
  const pending = await options.store.pendingAlerts();

  for (const severity of SEVERITIES) {
    const claimed: AlertItem[] = [];
    for (const finding of pending.filter((f) => f.severity === severity)) {
      const { alert } = finding;
      if (!alert) continue;
      const at = now();
      if (await options.store.claimAlert(finding, alert, at, new Date(at.getTime() + claimMs))) claimed.push({ finding, alert });
    }
    if (claimed.length === 0) continue;
    try {
      await options.publisher.publish(alertMessage(claimed, options.context));
    } catch (error) {
      result.failed += claimed.length;
      result.errors.push(`${errorCode(error)}: ${errorMessage(error)}`);
      options.onPublishError?.(error, claimed);
      await Promise.all(claimed.map(({ finding, alert }) => options.store.releaseAlert(finding, alert)));
      continue;
    }
    await Promise.all(claimed.map(({ finding, alert }) => options.store.completeAlert(finding, alert)));
    result.published += claimed.length;
    result.messages += 1;
  }
  return result;
}

export interface BaselineOptions {
  store: FindingsStore;
  publisher: AlertPublisher;
  context: MessageContext;
  accountId: string;
}

/**
 * Publishes the account's baseline summary if it is still pending. Returns true when it was sent now.
 * A failure leaves it pending; the next sweep or event sends it.
 */
export async function sendBaselineSummary({ store, publisher, context, accountId }: BaselineOptions): Promise<boolean> {
  const meta = await store.getAccount(accountId);
  if (!meta?.summaryPending) return false;
  const failing = await store.findingsByStatus('FAIL', accountId);
  await publisher.publish(baselineMessage(accountId, failing, context));
  return store.completeBaselineSummary(accountId);
}

export {};

/**
 * The notifier drains the findings store's outbox to SNS. An alert is claimed before it is published
 * (one drain wins a claim), and taken out of the outbox only after SNS accepted it: a failed Publish
 * leaves it pending for the next invocation; a retried invocation finds nothing left to send.
 *
 * Messages hold alerts of one severity and one kind, at most MAX_ALERTS_PER_MESSAGE of them and at most
 * MESSAGE_BYTE_BUDGET bytes, measured on the Publish request itself (message, subject, attributes), so a
 * burst of N alerts goes out in ceil(N / MAX_ALERTS_PER_MESSAGE) messages SNS accepts. A message SNS
 * refuses for good (InvalidParameter) never blocks the others: its alerts are sent one by one; an alert
 * refused alone is sent shortened (identifiers and a link only); an alert refused even shortened is
 * taken out of the outbox, kept on its finding (`undeliverableAlert`) and reported (log and metric).
 */
import type { PublishCommandInput, SNSClient } from '@aws-sdk/client-sns';
import { Limiter } from '#shared/core/limiter.js';
import { errorCode, errorMessage, PreflightError } from '#shared/core/errors.js';
import { SEVERITIES } from '#shared/core/model.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import type { AlertKind, StoredFinding } from '#shared/store/transitions.js';
import { type AlertItem, type AlertMessage, alertMessage, type AlertPublisher, type MessageContext, minimalAlertMessage } from './messages.js';

export type { AlertPublisher } from './messages.js';

/** Alerts could not be published for a reason that may pass: the invocation fails so that Lambda retries it. */
export class AlertDeliveryError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlertDeliveryError';
  }
}

/** SNS's limit for one message: 256 KiB, counting the message, the subject and the message attributes. */
export const SNS_MESSAGE_MAX_BYTES = 262_144;
/** What a message of ours may use: SNS's limit less 16 KiB, for anything SNS counts that we do not. */
export const MESSAGE_BYTE_BUDGET = SNS_MESSAGE_MAX_BYTES - 16 * 1024;
/** Alerts per message: an email of fifty findings is as much as a reader takes in. */
export const MAX_ALERTS_PER_MESSAGE = 50;

/** The order messages go out in: the worst news first. */
const KIND_ORDER: readonly AlertKind[] = ['REGRESSION', 'NEW_FAILURE', 'ERROR_PERSISTING', 'FIXED'];

/** SNS error codes that mean this request will never be accepted as it is. */
const PERMANENT_REFUSALS = new Set(['InvalidParameter', 'InvalidParameterException', 'InvalidParameterValue', 'InvalidParameterValueException']);

const CLAIM_CONCURRENCY = 16;

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

/** The size SNS counts for a message: the published JSON string, the subject and every attribute. */
export function messageBytes(message: AlertMessage): number {
  const input = publishInput('', message);
  let bytes = Buffer.byteLength(input.Message ?? '') + Buffer.byteLength(input.Subject ?? '');
  for (const [name, value] of Object.entries(input.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '') + Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

/** Publishes to the topic through the client `sns` gives (built, with its SDK loaded, on the first alert). */
export function snsPublisher(sns: () => Promise<SNSClient>, topicArn: string): AlertPublisher {
  return {
    async publish(message) {
      // The client first: building it loads the module, which the command's import then finds loaded.
      const client = await sns();
      const { PublishCommand } = await import('#shared/aws/on-demand/sns.js');
      await client.send(new PublishCommand(publishInput(topicArn, message)));
    },
  };
}

export function isPermanentRefusal(error: unknown): boolean {
  const e = error as { Code?: unknown; name?: unknown };
  return PERMANENT_REFUSALS.has(String(e?.Code)) || PERMANENT_REFUSALS.has(String(e?.name)) || PERMANENT_REFUSALS.has(errorCode(error));
}

export interface DrainOptions {
  store: FindingsStore;
  publisher: AlertPublisher;
  context: MessageContext;
  now?: () => Date;
  /** How long a claim protects an alert being published. */
  claimMs?: number;
  /** Bytes a message may use (tests lower it; default MESSAGE_BYTE_BUDGET). */
  maxMessageBytes?: number;
  /** A Publish failed for a reason that may pass: the alerts stay pending. */
  onPublishError?: (error: unknown, items: readonly AlertItem[]) => void;
  /** SNS refused these alerts for good, even shortened: they left the outbox unsent. */
  onUndeliverable?: (error: unknown, items: readonly AlertItem[]) => void;
}

export interface DrainResult {
  /** Alerts published (findings), and the messages that carried them. */
  published: number;
  messages: number;
  /** Alerts left in the outbox because Publish failed for a reason that may pass. */
  failed: number;
  /** Alerts published in the shortened form, SNS having refused their full message. */
  shortened: number;
  /** Alerts SNS refused even shortened: out of the outbox, kept on their finding, reported. */
  undeliverable: number;
  errors: string[];
}

/** Publishes every pending alert: per severity and kind, in messages that fit. */
export async function drainOutbox(options: DrainOptions): Promise<DrainResult> {
  const result: DrainResult = { published: 0, messages: 0, failed: 0, shortened: 0, undeliverable: 0, errors: [] };
  const drain = new Drain(options, result);
  for (const group of groupByMessage(await options.store.pendingAlerts())) {
    for (let start = 0; start < group.length; start += MAX_ALERTS_PER_MESSAGE) {
      // Claimed just before their Publish: a long drain never outlives the claim of what it sends.
      const claimed = await drain.claim(group.slice(start, start + MAX_ALERTS_PER_MESSAGE));
      for (const part of drain.fit(claimed)) await drain.deliver(part);
    }
  }
  return result;
}

/** Pending alerts by (severity, kind), worst first, each group oldest first (the outbox's order). */
function groupByMessage(pending: readonly StoredFinding[]): AlertItem[][] {
  const groups = new Map<string, AlertItem[]>();
  for (const severity of SEVERITIES) for (const kind of KIND_ORDER) groups.set(`${severity}#${kind}`, []);
  for (const finding of pending) {
    if (finding.alert) groups.get(`${finding.severity}#${finding.alert.kind}`)?.push({ finding, alert: finding.alert });
  }
  return [...groups.values()].filter((g) => g.length > 0);
}

class Drain {
  private readonly now: () => Date;
  private readonly claimMs: number;
  private readonly maxBytes: number;
  private readonly limiter = new Limiter(CLAIM_CONCURRENCY);

  constructor(
    private readonly options: DrainOptions,
    private readonly result: DrainResult,
  ) {
    this.now = options.now ?? (() => new Date());
    // Longer than the SNS client can take to give up (6 attempts × 15 s timeouts + backoff), so a claim
    // never expires while its own Publish may still succeed.
    this.claimMs = options.claimMs ?? 300_000;
    this.maxBytes = options.maxMessageBytes ?? MESSAGE_BYTE_BUDGET;
  }

  /** The items this invocation won (another drain may hold some). */
  async claim(items: readonly AlertItem[]): Promise<AlertItem[]> {
    const won = await Promise.all(
      items.map((item) =>
        this.limiter.run(async () => {
          const at = this.now();
          return (await this.options.store.claimAlert(item.finding, item.alert, at, new Date(at.getTime() + this.claimMs))) ? item : undefined;
        }),
      ),
    );
    return won.filter((item): item is AlertItem => item !== undefined);
  }

  /** Splits items into runs whose message fits the byte budget (halving; one alert always fits, its fields being bounded). */
  fit(items: readonly AlertItem[]): AlertItem[][] {
    if (items.length <= 1 || messageBytes(alertMessage(items, this.options.context)) <= this.maxBytes) return items.length > 0 ? [[...items]] : [];
    const half = Math.ceil(items.length / 2);
    return [...this.fit(items.slice(0, half)), ...this.fit(items.slice(half))];
  }

  async deliver(items: readonly AlertItem[], shortened = false): Promise<void> {
    const { context, publisher, store } = this.options;
    const [only] = items;
    const full = alertMessage(items, context);
    const useShort = shortened || (only !== undefined && items.length === 1 && messageBytes(full) > this.maxBytes);
    const message = useShort && only ? minimalAlertMessage(only, context) : full;
    try {
      await publisher.publish(message);
    } catch (error) {
      if (!isPermanentRefusal(error)) return this.release(items, error);
      // Refused for good: never let it hold the others back.
      if (items.length > 1) {
        for (const item of items) await this.deliver([item]);
        return;
      }
      if (!useShort) return this.deliver(items, true);
      return this.abandon(items, error);
    }
    await Promise.all(items.map(({ finding, alert }) => store.completeAlert(finding, alert)));
    this.result.published += items.length;
    this.result.messages += 1;
    if (useShort) this.result.shortened += items.length;
  }

  private async release(items: readonly AlertItem[], error: unknown): Promise<void> {
    this.result.failed += items.length;
    this.result.errors.push(`${errorCode(error)}: ${errorMessage(error)}`);
    this.options.onPublishError?.(error, items);
    await Promise.all(items.map(({ finding, alert }) => this.options.store.releaseAlert(finding, alert)));
  }

  private async abandon(items: readonly AlertItem[], error: unknown): Promise<void> {
    const reason = `${errorCode(error)}: ${errorMessage(error)}`;
    await Promise.all(items.map(({ finding, alert }) => this.options.store.abandonAlert(finding, alert, reason, this.now())));
    this.result.undeliverable += items.length;
    this.result.errors.push(reason);
    this.options.onUndeliverable?.(error, items);
  }
}

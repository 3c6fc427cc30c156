/**
 * The follow-up schedule and its SQS messages. A chain re-evaluates one rule on one resource +2, +10
 * and +30 minutes after the change; SQS delays a message 900 s at most, so a step due later is
 * re-enqueued with what remains of its delay.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { MAX_RESOURCE_NAME_BYTES } from '#shared/engine/cloudtrail-router.js';
import { PreflightError } from '#shared/core/errors.js';
import { parseMessageBody } from '#shared/core/message-body.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '#shared/core/resource-ids.js';

/** Minutes after the change at which each step re-evaluates. */
export const FOLLOW_UP_MINUTES: readonly number[] = [2, 10, 30];
/** SQS's largest DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;
/** A chain's claim lasts this long past its start (its last step plus SQS lag), then a new chain may start. */
export const CHAIN_LIFETIME_MS = 60 * 60_000;

export const followUpMessageSchema = z
  .object({
    v: z.literal(1),
    accountId: z.string().regex(ACCOUNT_ID_PATTERN),
    region: z.string().regex(REGION_PATTERN),
    ruleId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)+$/),
    resourceName: z
      .string()
      .min(1)
      .refine((name) => Buffer.byteLength(name, 'utf8') <= MAX_RESOURCE_NAME_BYTES, `longer than ${MAX_RESOURCE_NAME_BYTES} bytes`),
    chainId: z.uuid(),
    step: z
      .number()
      .int()
      .min(0)
      .max(FOLLOW_UP_MINUTES.length - 1),
    /** When the step is due (ISO-8601): before that, the message is re-enqueued with the remaining delay. */
    dueAt: z.iso.datetime(),
  })
  .strict();

export type FollowUpMessage = z.infer<typeof followUpMessageSchema>;

export class FollowUpMessageError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FollowUpMessageError';
  }
}

export function parseFollowUpMessage(body: string): FollowUpMessage {
  return parseMessageBody(body, followUpMessageSchema, 'follow-up message', (message, options) => new FollowUpMessageError(message, options));
}

/** Seconds to delay a message due at `dueAt`: what remains, at most SQS's maximum, never negative. */
export function delaySecondsUntil(dueAt: Date, now: Date): number {
  return Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt.getTime() - now.getTime()) / 1000)));
}

/** When step `step` of a chain whose previous step was due at `previousDue` is due. */
export function nextDueAt(previousDue: Date, step: number): Date {
  const gap = (FOLLOW_UP_MINUTES[step] ?? 0) - (FOLLOW_UP_MINUTES[step - 1] ?? 0);
  return new Date(previousDue.getTime() + gap * 60_000);
}

export interface FollowUpQueue {
  send(message: FollowUpMessage, delaySeconds: number): Promise<void>;
}

/** The FollowUpQueue of the stack (FOLLOW_UP_QUEUE_URL). */
export function sqsFollowUpQueue(sqs: SQSClient, queueUrl: string): FollowUpQueue {
  return {
    async send(message, delaySeconds) {
      const { SendMessageCommand } = await import('#shared/aws/on-demand/sqs.js');
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message), DelaySeconds: delaySeconds }));
    },
  };
}

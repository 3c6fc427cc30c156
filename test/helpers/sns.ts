/**
 * An SNS stand-in that enforces what the Publish API does to a message, measured here independently of
 * the notifier: at most 262,144 bytes counting the message, the subject and every message attribute
 * (name, type and value), a subject of fewer than 100 ASCII characters on one line. Anything else is
 * refused the way SNS refuses it, with InvalidParameter (a permanent error: the same request fails
 * again). `refuse` adds refusals of its own (e.g. characters SNS would not take).
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { AlertMessage } from '#shared/alerts/messages.js';
import { type AlertPublisher, publishInput } from '#shared/alerts/notifier.js';

export const SNS_MAX_BYTES = 262_144;

export function snsMessageBytes(input: PublishCommandInput): number {
  let bytes = Buffer.byteLength(input.Message ?? '', 'utf8') + Buffer.byteLength(input.Subject ?? '', 'utf8');
  for (const [name, value] of Object.entries(input.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '') + Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

export function invalidParameter(message: string): Error {
  return Object.assign(new Error(message), {
    name: 'InvalidParameterException',
    Code: 'InvalidParameter',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });
}

export class StrictSnsPublisher implements AlertPublisher {
  readonly delivered: AlertMessage[] = [];
  readonly refused: Array<{ message: AlertMessage; reason: string }> = [];
  calls = 0;

  constructor(private readonly refuse: (message: AlertMessage) => string | undefined = () => undefined) {}

  async publish(message: AlertMessage): Promise<void> {
    this.calls += 1;
    const input = publishInput('arn:aws:sns:eu-west-1:123456789012:alerts', message);
    const bytes = snsMessageBytes(input);
    const subject = input.Subject ?? '';
    const reason =
      bytes > SNS_MAX_BYTES
        ? `Invalid parameter: Message too long (${bytes} bytes)`
        : subject.length >= 100 || !/^[\x20-\x7e]*$/.test(subject)
          ? 'Invalid parameter: Subject'
          : this.refuse(message);
    if (reason) {
      this.refused.push({ message, reason });
      throw invalidParameter(reason);
    }
    this.delivered.push(message);
  }
}

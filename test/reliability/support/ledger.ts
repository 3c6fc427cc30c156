/**
 * An SNS stand-in that keeps a ledger of what subscribers received, one entry per finding transition
 * (read back from the email body: rule, resource id, and the transition's time), with a schedule of
 * failures: `definite` (SNS refused: nothing delivered), `ambiguous` (SNS delivered, the response was
 * lost: the caller sees an error anyway) and `kill` (the Lambda died before its Publish reached SNS:
 * the process does nothing after this, which the test models by failing every later store call).
 */
import type { AlertMessage } from '#shared/alerts/messages.js';
import type { AlertPublisher } from '#shared/alerts/notifier.js';

export type PublishOutcome = 'ok' | 'definite' | 'ambiguous' | 'kill';

/** `ruleId|resourceId|transitionTime` of every finding an alert message carries. */
export function alertKeys(message: AlertMessage): string[] {
  const keys: string[] = [];
  let rule = '';
  let resource = '';
  for (const line of message.message.email.split('\n')) {
    const ruleMatch = /^ {2}Rule: +(\S+)$/.exec(line);
    if (ruleMatch) rule = ruleMatch[1]!;
    const resourceMatch = /^ {2}Resource: +.* \((.+)\)$/.exec(line);
    if (resourceMatch) resource = resourceMatch[1]!;
    const statusMatch = /^ {2}Status: +(\S+) -> (\S+) at (\S+)$/.exec(line);
    if (statusMatch) keys.push(`${rule}|${resource}|${statusMatch[3]}`);
  }
  if (message.attributes.kind !== 'BASELINE' && keys.length !== message.attributes.count) {
    throw new Error(`could not read ${message.attributes.count} alerts from the email body`);
  }
  return keys;
}

export class LedgerPublisher implements AlertPublisher {
  /** Every message subscribers received, in order. */
  readonly delivered: AlertMessage[] = [];
  /** Publish calls made (delivered or not). */
  calls = 0;
  onKill?: () => void;

  constructor(private schedule: (call: number, message: AlertMessage) => PublishOutcome = () => 'ok') {}

  setSchedule(schedule: (call: number, message: AlertMessage) => PublishOutcome): void {
    this.schedule = schedule;
  }

  async publish(message: AlertMessage): Promise<void> {
    this.calls += 1;
    const outcome = this.schedule(this.calls, message);
    if (outcome === 'definite') throw Object.assign(new Error('SNS refused'), { name: 'InternalErrorException', $metadata: { httpStatusCode: 500 } });
    if (outcome === 'kill') {
      // Killed before the request reached SNS (had it reached SNS, that is the `ambiguous` case).
      this.onKill?.();
      throw Object.assign(new Error('Task timed out after 900.00 seconds'), { name: 'LambdaTimeout' });
    }
    this.delivered.push(message);
    if (outcome === 'ambiguous') throw Object.assign(new Error('socket hang up after the request was sent'), { name: 'TimeoutError' });
  }

  /** Transition alerts received (baseline summaries apart), one key per finding transition. */
  alertKeys(): string[] {
    return this.delivered.filter((m) => m.attributes.kind !== 'BASELINE').flatMap(alertKeys);
  }

  baselines(): number {
    return this.delivered.filter((m) => m.attributes.kind === 'BASELINE').length;
  }
}

/** Keys that occur more than once. */
export function duplicates(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) repeated.add(k);
    seen.add(k);
  }
  return [...repeated];
}

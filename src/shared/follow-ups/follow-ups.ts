/**
 * Verdicts that follow what AWS applies later. Many calls change state asynchronously (ModifyDBInstance
 * answers with pendingModifiedValues, a cache passes through `modifying`, a rotation finishes later) and
 * no second CloudTrail event comes when AWS applies the change. So an event whose trigger `settles`
 * later, or whose resource reports a pending change, starts a chain of re-evaluations (+2, +10, +30 min)
 * of that rule on that resource, which stops as soon as the resource has settled.
 *
 * Bounded and idempotent: one chain per (account, region, rule, resource) at a time (a conditional item,
 * src/shared/follow-ups/chains.ts), at most three steps, at most MAX_CHAINS_PER_EVENT per event; a step
 * delivered twice runs once (claimed with a lease, then advanced).
 */
import { randomUUID } from 'node:crypto';
import { errorCode, PreflightError } from '#shared/core/errors.js';
import type { Finding } from '#shared/core/model.js';
import type { ChainKey, FollowUpChains } from './chains.js';
import {
  CHAIN_LIFETIME_MS,
  delaySecondsUntil,
  FOLLOW_UP_MINUTES,
  type FollowUpMessage,
  FollowUpMessageError,
  type FollowUpQueue,
  nextDueAt,
} from './messages.js';

/** More resources than an API call names; the rest are left to the next sweep (and counted). */
export const MAX_CHAINS_PER_EVENT = 25;
/** How long a claimed step is ours: longer than the followUp function's timeout. */
export const STEP_LEASE_MS = 180_000;

export interface FollowUpsOptions {
  chains: FollowUpChains;
  queue: FollowUpQueue;
  now?: () => Date;
  newChainId?: () => string;
  /** A clean-up after a failure failed too (the claim then lapses by its lease or lifetime): for the log. */
  onCleanupError?: (message: string, error: unknown) => void;
}

export interface EventFollowUpInput {
  accountId: string;
  /** The region the event was evaluated in (the follow-up evaluates there too). */
  region: string;
  /** Whether the event's trigger for this rule declares that its effect settles later. */
  settles: (ruleId: string) => boolean;
  findings: readonly Finding[];
}

export interface FollowUpStartReport {
  started: ChainKey[];
  /** A chain was already running for these: the burst schedules one chain. */
  alreadyRunning: number;
  /** Beyond MAX_CHAINS_PER_EVENT. */
  overLimit: number;
  /** Chains that could not be started (store or queue failure), with the error. */
  failed: Array<{ key: ChainKey; error: unknown }>;
}

export type FollowUpStepOutcome =
  | { action: 'deferred'; delaySeconds: number }
  | { action: 'duplicate'; reason: 'busy' | 'stale' }
  | { action: 'evaluated'; settled: boolean; next?: { step: number; dueAt: string }; findings: readonly Finding[] };

/** Some follow-ups could not be scheduled: the event is retried (its re-evaluation writes nothing new, the chains start). */
export class FollowUpScheduleError extends PreflightError {
  constructor(failed: FollowUpStartReport['failed']) {
    super(
      `${failed.length} follow-ups could not be scheduled: ${failed.map((f) => `${f.key.ruleId} ${f.key.resourceName}: ${errorCode(f.error)}`).join('; ')}`,
    );
    this.name = 'FollowUpScheduleError';
  }
}

/** Re-evaluates the one rule on the one resource through the continuous path (record, export, alerts). */
export type FollowUpEvaluator = (target: ChainKey) => Promise<readonly Finding[]>;

/** Still changing, or cannot tell (an ERROR): worth another look while steps remain. */
export function unsettled(findings: readonly Finding[]): string | undefined {
  for (const f of findings) {
    if (f.settlement?.pending) return f.settlement.pending;
    if (f.settlement && f.status === 'ERROR') return `the evaluation ended in ERROR: ${f.reason}`;
  }
  return undefined;
}

export class FollowUps {
  private readonly now: () => Date;
  private readonly newChainId: () => string;

  constructor(private readonly options: FollowUpsOptions) {
    this.now = options.now ?? (() => new Date());
    this.newChainId = options.newChainId ?? randomUUID;
  }

  /** After an event's evaluation: starts a chain for each finding whose trigger settles later or that reports a pending change. */
  async afterEvent(input: EventFollowUpInput): Promise<FollowUpStartReport> {
    const report: FollowUpStartReport = { started: [], alreadyRunning: 0, overLimit: 0, failed: [] };
    const keys = new Map<string, ChainKey>();
    for (const f of input.findings) {
      // Findings without a settlement are RESOLVED, or of rules that cannot tell: nothing to follow.
      if (!f.settlement || !(input.settles(f.ruleId) || f.settlement.pending)) continue;
      const key = { accountId: input.accountId, region: input.region, ruleId: f.ruleId, resourceName: f.settlement.name };
      keys.set(JSON.stringify(key), key);
    }
    const wanted = [...keys.values()];
    report.overLimit = Math.max(0, wanted.length - MAX_CHAINS_PER_EVENT);
    await Promise.all(
      wanted.slice(0, MAX_CHAINS_PER_EVENT).map(async (key) => {
        try {
          if (await this.start(key)) report.started.push(key);
          else report.alreadyRunning += 1;
        } catch (error) {
          report.failed.push({ key, error });
        }
      }),
    );
    return report;
  }

  /** One delivered step: re-enqueued when early, dropped when a duplicate, else evaluated and followed by the next step or the end. */
  async runStep(message: FollowUpMessage, evaluate: FollowUpEvaluator): Promise<FollowUpStepOutcome> {
    const now = this.now();
    const due = new Date(message.dueAt);
    // A step is never due further out than a whole chain: such a message was not written by a chain.
    if (due.getTime() - now.getTime() > CHAIN_LIFETIME_MS) {
      throw new FollowUpMessageError(`follow-up step due at ${message.dueAt}, beyond a chain's lifetime`);
    }
    const delaySeconds = delaySecondsUntil(due, now);
    if (delaySeconds > 0) {
      await this.options.queue.send(message, delaySeconds);
      return { action: 'deferred', delaySeconds };
    }
    const key: ChainKey = { accountId: message.accountId, region: message.region, ruleId: message.ruleId, resourceName: message.resourceName };
    const claim = await this.options.chains.claim(key, message.chainId, message.step, now, new Date(now.getTime() + STEP_LEASE_MS));
    if (claim !== 'claimed') return { action: 'duplicate', reason: claim };
    try {
      const findings = await evaluate(key);
      const pending = unsettled(findings);
      const step = message.step + 1;
      if (!pending || step >= FOLLOW_UP_MINUTES.length) {
        await this.options.chains.finish(key, message.chainId, this.now());
        return { action: 'evaluated', settled: !pending, findings };
      }
      const dueAt = nextDueAt(due, step);
      await this.options.queue.send({ ...message, step, dueAt: dueAt.toISOString() }, delaySecondsUntil(dueAt, this.now()));
      await this.options.chains.advance(key, message.chainId, message.step);
      return { action: 'evaluated', settled: false, next: { step, dueAt: dueAt.toISOString() }, findings };
    } catch (error) {
      // The redelivery (SQS retries the message) may take the step at once.
      await this.options.chains.release(key, message.chainId, message.step).catch((cleanup: unknown) => {
        this.options.onCleanupError?.(`could not release step ${message.step} of ${JSON.stringify(key)}; it lapses in ${STEP_LEASE_MS / 1000} s`, cleanup);
      });
      throw error;
    }
  }

  private async start(key: ChainKey): Promise<boolean> {
    const now = this.now();
    const chainId = this.newChainId();
    if (!(await this.options.chains.start(key, chainId, now, new Date(now.getTime() + CHAIN_LIFETIME_MS)))) return false;
    const dueAt = new Date(now.getTime() + (FOLLOW_UP_MINUTES[0] ?? 0) * 60_000);
    try {
      await this.options.queue.send({ v: 1, ...key, chainId, step: 0, dueAt: dueAt.toISOString() }, delaySecondsUntil(dueAt, now));
    } catch (error) {
      // Never enqueued: end the claim so the retried event (or the next one) can start the chain.
      await this.options.chains.finish(key, chainId, now).catch((cleanup: unknown) => {
        this.options.onCleanupError?.(`could not end the unsent chain of ${JSON.stringify(key)}; it lapses in ${CHAIN_LIFETIME_MS / 60_000} min`, cleanup);
      });
      throw error;
    }
    return true;
  }
}

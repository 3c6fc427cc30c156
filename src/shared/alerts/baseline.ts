/**
 * The baseline summary: one message announcing the first sweep of an account, over every region of
 * that sweep (store/account-meta.ts says when it is due). Claimed with a conditional write before it is
 * published, released if Publish fails, completed after: concurrent workers of one account send it once.
 */
import type { Severity } from '#shared/core/model.js';
import { BASELINE_WAIT_MS, outstanding, summaryDue, unsummarized, type AccountMeta } from '#shared/store/account-meta.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import { type AlertPublisher, type BaselineSummary, baselineMessage, type MessageContext } from './messages.js';

export interface BaselineOptions {
  store: FindingsStore;
  publisher: AlertPublisher;
  context: MessageContext;
  accountId: string;
  now?: () => Date;
  /** How long a claim protects the summary being published (as for alerts). */
  claimMs?: number;
  /** How long a summary waits for the other regions of a first sweep. */
  waitMs?: number;
}

/**
 * Publishes the account's baseline summary if one is due. Returns true when it was sent now. A failed
 * Publish releases the claim and throws: the summary stays due, and the next sweep sends it.
 */
export async function sendBaselineSummary({
  store,
  publisher,
  context,
  accountId,
  now = () => new Date(),
  claimMs = 300_000,
  waitMs = BASELINE_WAIT_MS,
}: BaselineOptions): Promise<boolean> {
  const seen = await store.accounts.get(accountId);
  if (!seen || !summaryDue(seen, now(), waitMs)) return false;
  const at = now();
  const meta = await store.accounts.claimSummary(accountId, at, new Date(at.getTime() + claimMs));
  if (!meta) return false;
  // Decided again on the item as claimed: another invocation may have sent it since we read it.
  if (!summaryDue(meta, at, waitMs)) {
    await store.accounts.releaseSummary(accountId);
    return false;
  }
  const regions = unsummarized(meta);
  try {
    await publisher.publish(baselineMessage(summaryOf(meta, regions), context));
  } catch (error) {
    await store.accounts.releaseSummary(accountId);
    throw error;
  }
  await store.accounts.completeSummary(accountId, regions, meta.swept.length, now());
  return true;
}

/** The counts of the regions a summary announces, added up. */
export function summaryOf(meta: AccountMeta, regions: readonly string[]): BaselineSummary {
  const summary: BaselineSummary = { accountId: meta.accountId, regions, missing: outstanding(meta), failing: 0, errors: 0, bySeverity: {}, byRule: {} };
  const bySeverity: Partial<Record<Severity, number>> = {};
  const byRule: Record<string, number> = {};
  for (const region of regions) {
    const baseline = meta.baselines[region];
    if (!baseline) continue;
    summary.failing += baseline.failing;
    summary.errors += baseline.errors;
    for (const [severity, n] of Object.entries(baseline.bySeverity) as Array<[Severity, number]>) bySeverity[severity] = (bySeverity[severity] ?? 0) + n;
    for (const [rule, n] of Object.entries(baseline.byRule)) byRule[rule] = (byRule[rule] ?? 0) + n;
  }
  return { ...summary, bySeverity, byRule };
}

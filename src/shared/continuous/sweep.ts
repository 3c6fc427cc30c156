/**
 * The scheduled sweep and its work items, without Lambda. With member accounts configured
 * (MEMBER_ACCOUNTS or the configuration's `accounts`) the schedule sweeps nothing itself: it enqueues
 * one work item per (account, region) for the sweep workers (docs/performance.md §6); otherwise it
 * sweeps this account. Both end in runSweep (orchestration.ts): record, export, drain.
 */
import * as z from 'zod';
import { ConfigError } from '#shared/core/errors.js';
import { logger } from '#shared/core/powertools.js';
import { REGION_PATTERN } from '#shared/core/resource-ids.js';
import { enqueueWorkItems, loadFanoutConfig, planWorkItems, runWorkItem, type WorkItem } from './fanout.js';
import { addReportMetrics } from './handler-defaults.js';
import { memberAccessFor } from './member-access.js';
import { runSweep } from './orchestration.js';
import type { Runtime } from './runtime.js';

/** A scheduled event, or a manual invocation that may narrow the regions: `{"regions":["us-east-1"]}`. */
export const sweepRequestSchema = z.looseObject({
  regions: z.array(z.string().regex(REGION_PATTERN)).min(1).optional(),
  /** The schedule's time: names a fanned-out sweep in the workers' logs. */
  time: z.string().min(1).max(128).optional(),
});

export type SweepRequest = z.infer<typeof sweepRequestSchema>;

export interface SweepSummary {
  status: 'swept' | 'enqueued' | 'rejected';
  message?: string;
  accountId?: string;
  regions?: readonly string[];
  findings?: number;
  byStatus?: Record<string, number>;
  transitions?: number;
  alertsPublished?: number;
  alertsFailed?: number;
  writes?: number;
  /** Fan-out: the member accounts and the work items enqueued for them. */
  accounts?: readonly string[];
  workItems?: number;
}

/** The invocation a sweep runs in: its account, and a name for a manual run (which has no schedule time). */
export interface SweepInvocation {
  accountId: string;
  requestId: string;
}

/** One scheduled (or manual) sweep: fanned out to the member accounts' workers, or run here. */
export async function scheduledSweep(runtime: Runtime, request: SweepRequest, invocation: SweepInvocation): Promise<SweepSummary> {
  const { deps } = runtime;
  const { accountId } = invocation;
  const regions = request.regions ?? deps.scanRegions;
  const fanout = loadFanoutConfig(process.env, runtime.preflightConfig?.accounts);
  if (fanout) {
    if (!fanout.queueUrl) throw new ConfigError('member accounts are configured: SWEEP_QUEUE_URL must name the work queue');
    const sweepId = request.time ?? invocation.requestId;
    // Regions asked for by a manual run apply to every account; otherwise an account's own regions win.
    const targets = request.regions ? fanout.memberAccounts : fanout.members;
    const workItems = await enqueueWorkItems(await runtime.sqs(), fanout.queueUrl, planWorkItems(targets, regions, sweepId));
    logger.info('sweep fanned out', { accounts: fanout.memberAccounts, regions, workItems, sweepId });
    return { status: 'enqueued', regions, accounts: fanout.memberAccounts, workItems };
  }

  const report = await runSweep(deps, accountId, regions);
  addReportMetrics(report);
  const byStatus: Record<string, number> = {};
  for (const f of report.evaluation.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  const summary: SweepSummary = {
    status: 'swept',
    accountId,
    regions,
    findings: report.evaluation.findings.length,
    byStatus,
    transitions: report.record.transitions.length,
    alertsPublished: report.drain.published,
    alertsFailed: report.drain.failed,
    writes: report.record.writes,
  };
  logger.info('sweep complete', { ...summary, calls: report.evaluation.calls, baseline: report.baseline });
  return summary;
}

/** One work item of a fanned-out sweep, in the member account's read-only role (or this account's own). */
export async function sweepWorkItem(runtime: Runtime, item: WorkItem, ownAccountId: string, messageId: string) {
  const { deps } = runtime;
  // The member list may change with the configuration parameter: read per item, not per container.
  const { apis } = await memberAccessFor(runtime, ownAccountId, { sessionPrefix: 'preflight-sweep' }).accessFor(item.accountId);
  // Security Hub takes a finding only from the account it is about (default product): a member
  // account's findings reach Security Hub through its own delegated administrator, not from here.
  const exporter = item.accountId === ownAccountId ? deps.exporter : undefined;
  const report = await runWorkItem({ ...deps, exporter }, item, apis);
  addReportMetrics(report);
  logger.info('work item swept', {
    ...item,
    messageId,
    findings: report.evaluation.findings.length,
    transitions: report.record.transitions.length,
    writes: report.record.writes,
    calls: report.evaluation.calls,
  });
  return { accountId: item.accountId, region: item.region, findings: report.evaluation.findings.length };
}

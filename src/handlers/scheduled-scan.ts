/**
 * EventBridge schedule → a full sweep of the enabled rules over the configured regions, then pending
 * alerts. With member accounts configured (MEMBER_ACCOUNTS or the configuration's `accounts`), it sweeps nothing itself: it enqueues one
 * work item per (account, region) for the sweep workers (docs/performance.md §6).
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { clientConfig } from '#shared/aws/clients.js';
import { runSweep } from '#shared/continuous/orchestration.js';
import { ConfigError } from '#shared/core/errors.js';
import { enqueueWorkItems, loadFanoutConfig, planWorkItems } from '#shared/continuous/fanout.js';
import { addAlertMetrics, addEvaluationMetrics, withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { logger } from '#shared/core/powertools.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';
import { REGION_PATTERN } from '#shared/core/resource-ids.js';

/** A scheduled event, or a manual invocation that may narrow the regions: `{"regions":["us-east-1"]}`. */
const sweepRequestSchema = z.looseObject({
  regions: z.array(z.string().regex(REGION_PATTERN)).min(1).optional(),
  /** The schedule's time: names a fanned-out sweep in the workers' logs. */
  time: z.string().min(1).max(128).optional(),
});

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

/** Built on first fan-out, kept for the container's life. */
let sqs: SQSClient | undefined;

async function scheduledScan(event: unknown, context: Context): Promise<SweepSummary> {
  const request = sweepRequestSchema.safeParse(event ?? {});
  if (!request.success) {
    // A malformed manual invocation: retrying it would not help, so say why and stop.
    const message = request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    logger.error('rejected sweep request', { message });
    return { status: 'rejected', message };
  }
  const runtime = await runtimeFor();
  const { config, deps } = runtime;
  const accountId = accountIdOf(context.invokedFunctionArn);
  const regions = request.data.regions ?? deps.scanRegions;

  const fanout = loadFanoutConfig(process.env, runtime.preflightConfig?.accounts);
  if (fanout) {
    if (!fanout.queueUrl) throw new ConfigError('member accounts are configured: SWEEP_QUEUE_URL must name the work queue');
    // A manual run has no schedule time: the invocation names the sweep.
    const sweepId = request.data.time ?? context.awsRequestId;
    // Regions asked for by a manual run apply to every account; otherwise an account's own regions win.
    const targets = request.data.regions ? fanout.memberAccounts : fanout.members;
    const items = planWorkItems(targets, regions, sweepId);
    sqs ??= new SQSClient(clientConfig(config.region));
    const workItems = await enqueueWorkItems(sqs, fanout.queueUrl, items);
    logger.info('sweep fanned out', { accounts: fanout.memberAccounts, regions, workItems, sweepId });
    return { status: 'enqueued', regions, accounts: fanout.memberAccounts, workItems };
  }

  const report = await runSweep(deps, accountId, regions);

  addEvaluationMetrics(report.evaluation);
  addAlertMetrics(report.record.transitions, report.drain);
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

export const handler = withHandlerDefaults(scheduledScan);

/**
 * SQS work items of a multi-account sweep → one (account, region) sweep each, in the member account's
 * read-only role. Partial batch failures (Powertools batch): a record that failed (AssumeRole denied,
 * throttled beyond retries, the store unreachable) is returned to the queue alone and retried, then
 * lands in the dead-letter queue; the others of the batch are done.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseWorkItem, runWorkItem } from '#shared/continuous/fanout.js';
import { addAlertMetrics, addEvaluationMetrics, withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { memberAccessFor, resetMemberAccess } from '#shared/continuous/member-access.js';
import { logger } from '#shared/core/powertools.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';
import { processSqsRecords } from '#shared/continuous/sqs-batch.js';

/** For tests: forget cached member credentials and clients. */
export function resetSweepWorker(): void {
  resetMemberAccess();
}

async function sweepWorker(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const ownAccountId = accountIdOf(context.invokedFunctionArn);
  return processSqsRecords(event, context, 'work item failed: SQS retries it, then keeps it in the dead-letter queue', (record) => sweepRecord(record, ownAccountId));
}

async function sweepRecord(record: SQSRecord, ownAccountId: string) {
  const item = parseWorkItem(record.body);
  const runtime = await runtimeFor();
  const { deps } = runtime;
  // The member list may change with the configuration parameter: read per item, not per container.
  const { apis } = await memberAccessFor(runtime, ownAccountId, { sessionPrefix: 'preflight-sweep' }).accessFor(item.accountId);
  // Security Hub takes a finding only from the account it is about (default product): a member
  // account's findings reach Security Hub through its own delegated administrator, not from here.
  const exporter = item.accountId === ownAccountId ? deps.exporter : undefined;
  const report = await runWorkItem({ ...deps, exporter }, item, apis);
  addEvaluationMetrics(report.evaluation);
  addAlertMetrics(report.record.transitions, report.drain);
  logger.info('work item swept', {
    ...item,
    messageId: record.messageId,
    findings: report.evaluation.findings.length,
    transitions: report.record.transitions.length,
    writes: report.record.writes,
    calls: report.evaluation.calls,
  });
  return { accountId: item.accountId, region: item.region, findings: report.evaluation.findings.length };
}

export const handler = withHandlerDefaults(sweepWorker);

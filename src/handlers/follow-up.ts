/**
 * SQS follow-up steps (FollowUpQueue) → re-evaluate one rule on one resource whose change AWS applies
 * later, through the same continuous path as an event (record, Security Hub export, alerts), then
 * enqueue the next step or end the chain (src/shared/follow-ups/follow-ups.ts). Partial batch failures:
 * a step that failed (store unreachable, alerts unpublished, a malformed message) returns to the queue
 * alone, is retried, then lands in the dead-letter queue. Duplicates and stale steps are dropped.
 */
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { ApiProvider } from '#shared/aws/readers.js';
import { handleFollowUpTarget } from '#shared/continuous/orchestration.js';
import { parseFollowUpMessage } from '#shared/follow-ups/messages.js';
import { addAlertMetrics, addEvaluationMetrics, withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { memberAccessFor, resetMemberAccess } from '#shared/continuous/member-access.js';
import { AlertDeliveryError } from '#shared/alerts/notifier.js';
import { logger, MetricUnit, metrics } from '#shared/core/powertools.js';
import { ConfigError } from '#shared/core/errors.js';
import { accountIdOf, type Runtime, runtimeFor } from '#shared/continuous/runtime.js';
import { processSqsRecords } from '#shared/continuous/sqs-batch.js';

/** For tests: forget cached member credentials and clients. */
export function resetFollowUp(): void {
  resetMemberAccess();
}

/**
 * The readers of a follow-up's (account, region): this account's own, or a configured member's role
 * through the credential cache the event handler and the sweep workers share; an account that is no
 * (longer a) member throws, and the step fails.
 */
export async function followUpApisFor(runtime: Runtime, ownAccountId: string, accountId: string): Promise<ApiProvider> {
  return (await memberAccessFor(runtime, ownAccountId, { sessionPrefix: 'preflight-follow-up' }).accessFor(accountId)).apis;
}

async function followUp(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const ownAccountId = accountIdOf(context.invokedFunctionArn);
  return processSqsRecords(event, context, 'follow-up step failed: SQS retries it, then keeps it in the dead-letter queue', (record) => followUpRecord(record, ownAccountId));
}

async function followUpRecord(record: SQSRecord, ownAccountId: string) {
  const message = parseFollowUpMessage(record.body);
  const runtime = await runtimeFor();
  const { deps } = runtime;
  if (!deps.followUps) throw new ConfigError('FOLLOW_UP_QUEUE_URL is not set: follow-up steps cannot be scheduled');
  const outcome = await deps.followUps.runStep(message, async (target) => {
    const apis = await followUpApisFor(runtime, ownAccountId, target.accountId);
    // Security Hub takes a finding only from the account it is about (as for the sweep workers).
    const exporter = target.accountId === ownAccountId ? deps.exporter : undefined;
    const report = await handleFollowUpTarget({ ...deps, apis, exporter }, target);
    addEvaluationMetrics(report.evaluation);
    addAlertMetrics(report.record.transitions, report.drain);
    if (report.drain.failed > 0) {
      throw new AlertDeliveryError(`${report.drain.failed} alerts could not be published: ${report.drain.errors.join('; ')}`);
    }
    return report.evaluation.findings;
  });
  const single = metrics.singleMetric();
  single.addDimension('outcome', outcome.action === 'evaluated' ? (outcome.settled ? 'settled' : 'unsettled') : outcome.action);
  single.addMetric('FollowUpSteps', MetricUnit.Count, 1);
  logger.info('follow-up step', {
    messageId: record.messageId,
    ruleId: message.ruleId,
    resourceName: message.resourceName,
    accountId: message.accountId,
    region: message.region,
    step: message.step,
    outcome: outcome.action,
    ...(outcome.action === 'evaluated'
      ? { settled: outcome.settled, next: outcome.next, findings: outcome.findings.map((f) => ({ status: f.status, pending: f.settlement?.pending })) }
      : outcome),
  });
  return outcome.action;
}

export const handler = withHandlerDefaults(followUp);

/**
 * One follow-up step (FollowUpQueue), without Lambda: re-evaluate one rule on one resource whose
 * change AWS applies later, through the same path as an event (handleFollowUpTarget: record, Security
 * Hub export, alerts), then enqueue the next step or end the chain (src/shared/follow-ups/follow-ups.ts).
 */
import type { ApiProvider } from '#shared/aws/readers.js';
import { ConfigError } from '#shared/core/errors.js';
import { logger, MetricUnit, metrics } from '#shared/core/powertools.js';
import type { FollowUpMessage } from '#shared/follow-ups/messages.js';
import { addReportMetrics, assertAlertsDelivered } from './handler-defaults.js';
import { memberAccessFor } from './member-access.js';
import { handleFollowUpTarget } from './orchestration.js';
import type { Runtime } from './runtime.js';

/**
 * The readers of a follow-up's (account, region): this account's own, or a configured member's role
 * through the credential cache the event handler and the sweep workers share; an account that is no
 * (longer a) member throws, and the step fails.
 */
export async function followUpApisFor(runtime: Runtime, ownAccountId: string, accountId: string): Promise<ApiProvider> {
  return (await memberAccessFor(runtime, ownAccountId, { sessionPrefix: 'preflight-follow-up' }).accessFor(accountId)).apis;
}

/** Runs one step; throws (the step is retried) when the store is unreachable or alerts stayed pending. */
export async function followUpStep(runtime: Runtime, message: FollowUpMessage, ownAccountId: string, messageId: string) {
  const { deps } = runtime;
  if (!deps.followUps) throw new ConfigError('FOLLOW_UP_QUEUE_URL is not set: follow-up steps cannot be scheduled');
  const outcome = await deps.followUps.runStep(message, async (target) => {
    const apis = await followUpApisFor(runtime, ownAccountId, target.accountId);
    // Security Hub takes a finding only from the account it is about (as for the sweep workers).
    const exporter = target.accountId === ownAccountId ? deps.exporter : undefined;
    const report = await handleFollowUpTarget({ ...deps, apis, exporter }, target);
    addReportMetrics(report);
    assertAlertsDelivered(report.drain);
    return report.evaluation.findings;
  });
  const single = metrics.singleMetric();
  single.addDimension('outcome', outcome.action === 'evaluated' ? (outcome.settled ? 'settled' : 'unsettled') : outcome.action);
  single.addMetric('FollowUpSteps', MetricUnit.Count, 1);
  logger.info('follow-up step', {
    messageId,
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

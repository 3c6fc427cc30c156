/**
 * EventBridge "AWS API Call via CloudTrail" → re-evaluate just the resources the call touched, in the
 * account and region where the call happened (member accounts through their read-only role).
 * Skips (never throws on) malformed events, failed calls, read-only calls, unknown events and accounts
 * that are not members. Throws when a member role cannot be assumed or alerts could not be published,
 * so Lambda retries (then the failure queue keeps the event).
 */
import type { Context } from 'aws-lambda';
import { cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { handleCloudTrailDetail } from '#shared/continuous/orchestration.js';
import { FollowUpScheduleError } from '#shared/follow-ups/follow-ups.js';
import { addAlertMetrics, addEvaluationMetrics, withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { AlertDeliveryError } from '#shared/alerts/notifier.js';
import { eventOrigin, memberAccessFor } from '#shared/continuous/member-access.js';
import { logger, MetricUnit, metrics } from '#shared/core/powertools.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';

export { AlertDeliveryError };

export interface EventOutcome {
  action: 'evaluated' | 'skipped';
  reason?: string;
  findings?: number;
  transitions?: number;
}

function skipped(reason: string, message: string, extra: Record<string, unknown> = {}): EventOutcome {
  const single = metrics.singleMetric();
  single.addDimension('reason', reason);
  single.addMetric('SkippedEvents', MetricUnit.Count, 1);
  logger.info('event skipped', { reason, message, ...extra });
  return { action: 'skipped', reason };
}

async function cloudTrailEvent(event: unknown, context: Context): Promise<EventOutcome> {
  const parsed = cloudTrailEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return skipped('malformed', `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}`);
  }
  const { detail } = parsed.data;
  const ownAccount = accountIdOf(context.invokedFunctionArn);
  // Where the call happened: forwarded events (other regions, member accounts) keep their origin.
  const eventAccount = eventOrigin(parsed.data, ownAccount).accountId;
  const runtime = await runtimeFor();
  const access = memberAccessFor(runtime, ownAccount, { sessionPrefix: 'preflight-event' });
  if (!access.knows(eventAccount)) {
    // Nothing of an account that is not configured is read: a forged or stray event costs a log line.
    return skipped('unknown-account', `event of account ${eventAccount}, not a member account`, { eventName: detail.eventName, region: detail.awsRegion });
  }
  const own = eventAccount === ownAccount;
  const { deps, triggers } = runtime;
  // Security Hub takes a finding only from the account it is about (as for the sweep worker's members).
  const eventDeps = { ...deps, scanRegions: access.regionsOf(eventAccount), exporter: own ? deps.exporter : undefined };
  const readers = async () => {
    try {
      return (await access.accessFor(eventAccount)).apis;
    } catch (error) {
      logger.error('member role not assumed: the event is retried, then kept in the failure queue', { account: eventAccount, eventName: detail.eventName, eventId: detail.eventID, error });
      throw error;
    }
  };
  const report = await handleCloudTrailDetail(eventDeps, detail, eventAccount, triggers, readers);
  if (report.route.action === 'skip') {
    const outcome = skipped(report.route.reason, report.route.message, { eventName: report.route.eventName });
    if (report.drain.failed > 0) throw new AlertDeliveryError(`${report.drain.failed} alerts could not be published: ${report.drain.errors.join('; ')}`);
    return outcome;
  }

  if (report.evaluation) addEvaluationMetrics(report.evaluation);
  const transitions = report.record?.transitions ?? [];
  addAlertMetrics(transitions, report.drain);
  logger.info('event evaluated', {
    eventName: report.route.eventName,
    eventId: report.route.eventId,
    findings: report.evaluation?.findings.map((f) => ({ ruleId: f.ruleId, resourceId: f.resourceId, status: f.status })),
    transitions: transitions.length,
    alertsPublished: report.drain.published,
    followUps: report.followUps && { started: report.followUps.started.length, alreadyRunning: report.followUps.alreadyRunning, overLimit: report.followUps.overLimit },
  });
  if (report.drain.failed > 0) {
    throw new AlertDeliveryError(`${report.drain.failed} alerts could not be published: ${report.drain.errors.join('; ')}`);
  }
  // Retried by Lambda: the re-evaluation writes nothing new, and the chains that did start stay single.
  if (report.followUps && report.followUps.failed.length > 0) throw new FollowUpScheduleError(report.followUps.failed);
  return { action: 'evaluated', findings: report.evaluation?.findings.length ?? 0, transitions: transitions.length };
}

export const handler = withHandlerDefaults(cloudTrailEvent);

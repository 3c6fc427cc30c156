/**
 * One CloudTrail event (parsed at the edge), without Lambda: re-evaluate just the resources the call
 * touched, in the account and region where it happened (member accounts through their read-only role),
 * through handleCloudTrailDetail (orchestration.ts: record, export, drain). Events of accounts that are
 * not members, failed calls, read-only calls and unknown events are skips; a member role that cannot be
 * assumed, alerts left pending or follow-ups not scheduled throw, so the event is retried.
 */
import { logger, MetricUnit, metrics } from '#shared/core/powertools.js';
import type { CloudTrailEvent } from '#shared/engine/cloudtrail-router.js';
import { FollowUpScheduleError } from '#shared/follow-ups/follow-ups.js';
import { addReportMetrics, assertAlertsDelivered } from './handler-defaults.js';
import { eventOrigin, memberAccessFor } from './member-access.js';
import { handleCloudTrailDetail } from './orchestration.js';
import type { Runtime } from './runtime.js';

export interface EventOutcome {
  action: 'evaluated' | 'skipped';
  reason?: string;
  findings?: number;
  transitions?: number;
}

/** A skip: a log line and a SkippedEvents metric by reason, never a throw. */
export function skippedEvent(reason: string, message: string, extra: Record<string, unknown> = {}): EventOutcome {
  const single = metrics.singleMetric();
  single.addDimension('reason', reason);
  single.addMetric('SkippedEvents', MetricUnit.Count, 1);
  logger.info('event skipped', { reason, message, ...extra });
  return { action: 'skipped', reason };
}

export async function handleCloudTrailEvent(runtime: Runtime, event: CloudTrailEvent, ownAccount: string): Promise<EventOutcome> {
  const { detail } = event;
  // Where the call happened: forwarded events (other regions, member accounts) keep their origin.
  const eventAccount = eventOrigin(event, ownAccount).accountId;
  const access = memberAccessFor(runtime, ownAccount, { sessionPrefix: 'preflight-event' });
  if (!access.knows(eventAccount)) {
    // Nothing of an account that is not configured is read: a forged or stray event costs a log line.
    return skippedEvent('unknown-account', `event of account ${eventAccount}, not a member account`, { eventName: detail.eventName, region: detail.awsRegion });
  }
  const { deps, triggers } = runtime;
  // Security Hub takes a finding only from the account it is about (as for the sweep worker's members).
  const eventDeps = { ...deps, scanRegions: access.regionsOf(eventAccount), exporter: eventAccount === ownAccount ? deps.exporter : undefined };
  const readers = async () => {
    try {
      return (await access.accessFor(eventAccount)).apis;
    } catch (error) {
      logger.error('member role not assumed: the event is retried, then kept in the failure queue', {
        account: eventAccount,
        eventName: detail.eventName,
        eventId: detail.eventID,
        error,
      });
      throw error;
    }
  };
  const report = await handleCloudTrailDetail(eventDeps, detail, eventAccount, triggers, readers);
  if (report.route.action === 'skip') {
    const outcome = skippedEvent(report.route.reason, report.route.message, { eventName: report.route.eventName });
    assertAlertsDelivered(report.drain);
    return outcome;
  }
  addReportMetrics(report);
  const transitions = report.record?.transitions ?? [];
  logger.info('event evaluated', {
    eventName: report.route.eventName,
    eventId: report.route.eventId,
    findings: report.evaluation?.findings.map((f) => ({ ruleId: f.ruleId, resourceId: f.resourceId, status: f.status })),
    transitions: transitions.length,
    alertsPublished: report.drain.published,
    followUps: report.followUps && {
      started: report.followUps.started.length,
      alreadyRunning: report.followUps.alreadyRunning,
      overLimit: report.followUps.overLimit,
    },
  });
  assertAlertsDelivered(report.drain);
  // Retried by Lambda: the re-evaluation writes nothing new, and the chains that did start stay single.
  if (report.followUps && report.followUps.failed.length > 0) throw new FollowUpScheduleError(report.followUps.failed);
  return { action: 'evaluated', findings: report.evaluation?.findings.length ?? 0, transitions: transitions.length };
}

import * as z from 'zod';
import type { ManagementCoverage, TrailFacts } from '#shared/aws/services/cloudtrail/reader.js';
import { cannotTell, defineAccountRule, fail, pass } from '../define-rule.js';

const params = z
  .object({
    /**
     * Management events the trail must record: `all` (read and write, as CloudTrail.1 asks), `write`
     * (enough for Preflight's own event path), or `any` (only IsMultiRegionTrail and IsLogging; no GetEventSelectors).
     */
    managementEvents: z.enum(['all', 'write', 'any']).default('all'),
  })
  .strict();

const ACCEPTED: Readonly<Record<'all' | 'write', readonly ManagementCoverage[]>> = { all: ['All'], write: ['All', 'WriteOnly'] };

interface TrailCheck {
  trail: TrailFacts;
  ok: boolean;
  /** "org-trail is not logging". */
  problem?: string;
  detail: Record<string, unknown>;
}

export const cloudtrailMultiRegionLogging = defineAccountRule({
  id: 'cloudtrail-multi-region-logging',
  title: 'A multi-region CloudTrail trail is logging',
  description:
    'At least one trail with IsMultiRegionTrail is logging (GetTrailStatus IsLogging) and, unless managementEvents is ' +
    "`any`, records the account's management events (read and write by default; basic or advanced event selectors; " +
    'excluding KMS or RDS Data events is accepted and shown in evidence). Evaluated once per account from us-east-1 with ' +
    'DescribeTrails includeShadowTrails: a multi-region trail is replicated to every region, so one listing sees it ' +
    "wherever it is homed, organization trails included. Stopping a trail also blinds Preflight's own event path, so " +
    'StopLogging, DeleteTrail and UpdateTrail in any region re-run this check.',
  absentFields:
    'A trail without IsMultiRegionTrail makes the check ERROR unless another trail is known to be ' +
    'multi-region; GetTrailStatus without IsLogging is ERROR (IncompleteAnswer) unless another trail ' +
    "qualifies. A trail without HomeRegion is homed in its ARN's region; without HasCustomEventSelectors its " +
    'selectors are read; a selector without IncludeManagementEvents or ReadWriteType records all management ' +
    "events (CloudTrail's defaults).",
  severity: 'CRITICAL',
  resourceType: 'AWS::::Account',
  checklist: { source: '000 §12', item: 'Enable AWS CloudTrail' },
  controls: { securityHub: ['CloudTrail.1'], awsConfig: 'multi-region-cloudtrail-enabled' },
  iamActions: ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'],
  triggers: [
    {
      eventSource: 'cloudtrail.amazonaws.com',
      eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors'],
    },
  ],
  remediation: {
    text: 'Create a multi-region trail recording all management events (or restart the stopped one) and keep it logging.',
    cli:
      'aws cloudtrail create-trail --name org-trail --s3-bucket-name <bucket> --is-multi-region-trail --enable-log-file-validation ' +
      '&& aws cloudtrail start-logging --name org-trail',
  },
  global: true,
  params,
  async evaluate({ cloudtrail }, { accountId, region, params: { managementEvents } }) {
    const trails = await cloudtrail.trails();
    const multi = trails.filter((t) => t.multiRegion === true);
    const listed = trails.map((t) => ({ name: t.name, homeRegion: t.homeRegion, multiRegion: t.multiRegion ?? null, organization: t.organization }));
    const untold = trails.find((t) => t.multiRegion === undefined);
    if (multi.length === 0 && untold) {
      return cannotTell(`DescribeTrails did not say whether trail ${untold.name} is multi-region (no IsMultiRegionTrail), and no trail is known to be`, {
        region,
        trails: listed,
      });
    }
    if (multi.length === 0) {
      const others = trails.length > 0 ? ` (only single-region trails: ${trails.map((t) => t.name).join(', ')})` : '';
      return fail(`account ${accountId} has no multi-region trail${others}`, { region, trails: listed });
    }

    const check = async (trail: TrailFacts): Promise<TrailCheck> => {
      const status = await cloudtrail.status(trail);
      const detail: Record<string, unknown> = {
        name: trail.name,
        arn: trail.arn,
        homeRegion: trail.homeRegion,
        isLogging: status.isLogging,
        ...(status.latestDeliveryError ? { latestDeliveryError: status.latestDeliveryError } : {}),
      };
      if (!status.isLogging) return { trail, ok: false, problem: `${trail.name} is not logging`, detail };
      if (managementEvents === 'any') return { trail, ok: true, detail };
      const events = await cloudtrail.managementEvents(trail);
      Object.assign(
        detail,
        { managementEvents: events.coverage, selectors: events.source },
        events.excludedSources.length ? { excludedSources: events.excludedSources } : {},
      );
      if (ACCEPTED[managementEvents].includes(events.coverage)) return { trail, ok: true, detail };
      const recorded = events.coverage === 'None' ? 'no management events' : `only ${events.coverage} management events`;
      return { trail, ok: false, problem: `${trail.name} records ${recorded}`, detail };
    };

    const settled = await Promise.allSettled(multi.map(check));
    const checks = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const evidence = { region, trails: listed, multiRegionTrails: checks.map((c) => c.detail) };
    const what = managementEvents === 'any' ? '' : managementEvents === 'all' ? ' all management events' : ' write management events';
    const good = checks.find((c) => c.ok);
    if (good) return pass(`multi-region trail ${good.trail.name} is logging${what} for account ${accountId}`, evidence);
    // A trail we could not read might be the one that logs: that is ERROR, not FAIL.
    const unreadable = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (unreadable) throw unreadable.reason;
    return fail(`no multi-region trail is logging${what} for account ${accountId}: ${checks.map((c) => c.problem).join('; ')}`, evidence);
  },
});

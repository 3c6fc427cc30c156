/**
 * The demo's second story: a drift in a member account, in another region. A sample member account
 * (in memory, labelled as sample data) is swept once (its baseline), then someone suspends versioning
 * on its bucket; the member's forwarding rule puts the event on the central bus, and the event is
 * evaluated where it happened: the member's account and region, read through the member's role (here
 * the in-memory account stands for what that role reads).
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import { RULES } from '../../rules/index.js';
import { cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { type ContinuousDeps, type EventReport, handleCloudTrailDetail, runSweep, type SweepReport } from '#shared/continuous/orchestration.js';
import { PreflightError } from '#shared/core/errors.js';
import { emptyAccount, type MemoryAccount, memoryApiProvider } from './memory-account/index.js';
import { eventOrigin } from '#shared/continuous/member-access.js';
import { applyVersioningDrift, putBucketVersioningEvent, type VersioningDrift } from './drift.js';
import { CapturingPublisher } from './local-stack.js';

export const SAMPLE_MEMBER_ACCOUNT_ID = '210987654321';
export const SAMPLE_MEMBER_REGION = 'us-west-2';
export const MEMBER_DRIFT: Omit<VersioningDrift, 'time'> = { bucket: 'member-audit-logs', region: SAMPLE_MEMBER_REGION, status: 'Suspended' };
/** The central bus a deployment of stage `demo` would have (`preflight-<stage>`, in the home region). */
export const DEMO_CENTRAL_BUS = 'preflight-demo';

/** A member account with one bucket, versioned: SAMPLE DATA. */
export function sampleMemberAccount(): MemoryAccount {
  const account = emptyAccount(SAMPLE_MEMBER_ACCOUNT_ID, [SAMPLE_MEMBER_REGION]);
  account.s3.buckets.push({ name: MEMBER_DRIFT.bucket, region: SAMPLE_MEMBER_REGION, versioning: 'Enabled', tags: { env: 'prod' } });
  return account;
}

export interface MemberDemo {
  accountId: string;
  sweep: SweepReport;
  drift: VersioningDrift;
  event: ReturnType<typeof putBucketVersioningEvent>;
  /** Where the handler evaluates the event: read from the forwarded record, not from the bus. */
  origin: { accountId: string; region: string };
  reaction: EventReport;
  /** The Publish requests of the member's story: its baseline summary, then its one regression. */
  published: PublishCommandInput[];
}

/**
 * Runs the member's story on the demo's store (one findings table for every account). `home` is the
 * home story's dependencies; the member's alerts are captured apart so each story shows its own.
 */
export async function memberScenario(home: ContinuousDeps, homeAccountId: string, now: () => Date): Promise<MemberDemo> {
  const account = sampleMemberAccount();
  const publisher = new CapturingPublisher();
  const deps: ContinuousDeps = { ...home, publisher, apis: memoryApiProvider(account), scanRegions: [SAMPLE_MEMBER_REGION] };
  const sweep = await runSweep(deps, account.accountId, [SAMPLE_MEMBER_REGION]);

  const drift = { ...MEMBER_DRIFT, time: now().toISOString() };
  applyVersioningDrift(account, drift);
  const event = putBucketVersioningEvent(account.accountId, drift);
  const origin = eventOrigin(cloudTrailEventSchema.parse(event), homeAccountId);
  if (origin.accountId !== account.accountId) throw new PreflightError(`the member's event reads as account ${origin.accountId}`);
  const reaction = await handleCloudTrailDetail(deps, event.detail, origin.accountId);
  if (reaction.route.action !== 'evaluate') throw new PreflightError(`the member's drift event was not routed: ${reaction.route.reason}`);
  return { accountId: account.accountId, sweep, drift, event, origin, reaction, published: publisher.sent };
}

/** The member story's lines of the demo's output. */
export function renderMemberStory(demo: MemberDemo, homeRegion: string, smsOf: (p: PublishCommandInput) => string): string[] {
  const baseline = demo.published.find((p) => p.MessageAttributes?.kind?.StringValue === 'BASELINE');
  const alerts = demo.published.filter((p) => p !== baseline);
  const rules = RULES.length;
  return [
    `Member account, another region (SAMPLE DATA: member account ${demo.accountId}, ${SAMPLE_MEMBER_REGION}, in memory):`,
    `   Its first sweep, in its read-only role: ${rules} rules, ${demo.sweep.evaluation.findings.length} findings; ${baseline ? 'one baseline summary' : 'no summary'}.`,
    `   Drift: ${demo.event.detail.userIdentity.arn} calls PutBucketVersioning Status=${demo.drift.status} on ${demo.drift.bucket} (${demo.drift.region}).`,
    `   The member's forwarding rule puts the event on the central bus ${DEMO_CENTRAL_BUS} (${homeRegion}); cloudtrailEvent reads`,
    `   account ${demo.origin.accountId} and region ${demo.origin.region} from the record: a configured member, evaluated there in its role.`,
    `   ${demo.reaction.record?.transitions.length ?? 0} transition(s); ${alerts.length} alert(s):`,
    ...alerts.map((alert) => `   SMS: ${smsOf(alert)}`),
  ];
}

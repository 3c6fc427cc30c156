/**
 * Real-shaped CloudTrail records for any resource: each rule trigger's recorded fixture
 * (test/fixtures/cloudtrail/<service>-<EventName>[-variant].json), rewritten to name another resource.
 *
 * A fixture names a resource the way the real call does (a bucket in `bucketName`, a load balancer
 * ARN in `responseElements`, a stage as `restApiId` + `stageName`...). To name another one, every
 * string of the record equal to the fixture's resource name, or to one of the parts its name is built
 * from (ARN fields and path segments), is replaced by the matching part of the target's name; the
 * account id and region follow. The rewrite counts only when the trigger's own extractor then names the
 * target: a fixture of another kind of resource (a stage event for a load balancer) is not used.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { CloudTrailDetail, Rule, RuleTrigger } from '../../src/rules/define-rule.js';
import { cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';

const FIXTURES = new URL('../fixtures/cloudtrail/', import.meta.url);

export interface TriggerFixture {
  file: string;
  trigger: RuleTrigger;
  detail: CloudTrailDetail & Record<string, unknown>;
}

let allFixtures: Map<string, Array<{ file: string; detail: CloudTrailDetail & Record<string, unknown> }>> | undefined;

/** `eventSource eventName` → the recorded records of that call. */
function fixturesByCall() {
  if (allFixtures) return allFixtures;
  allFixtures = new Map();
  for (const file of readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const event = cloudTrailEventSchema.parse(JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')));
    const detail = event.detail as CloudTrailDetail & Record<string, unknown>;
    const key = `${detail.eventSource} ${detail.eventName}`;
    allFixtures.set(key, [...(allFixtures.get(key) ?? []), { file, detail }]);
  }
  return allFixtures;
}

/** Every recorded record of every call the rule listens to. */
export function triggerFixtures(rule: Rule): TriggerFixture[] {
  return rule.triggers.flatMap((trigger) =>
    trigger.eventNames.flatMap((name) => (fixturesByCall().get(`${trigger.eventSource} ${name}`) ?? []).map((f) => ({ ...f, trigger }))),
  );
}

export interface Target {
  /** The native name (bucket name, ARN, inline policy path...); omitted for account-level rules. */
  name?: string;
  region: string;
  accountId: string;
}

/**
 * The fixture rewritten to name `target`, or undefined when the trigger's extractor would not name it
 * from this fixture (another kind of resource).
 */
export function recordNaming(fixture: TriggerFixture, target: Target): CloudTrailDetail | undefined {
  const { detail, trigger } = fixture;
  const whole = new Map<string, string>();
  const within = new Map<string, string>();
  const fixtureAccount = detail.recipientAccountId;
  if (fixtureAccount && fixtureAccount !== target.accountId) within.set(fixtureAccount, target.accountId);
  if (detail.awsRegion && detail.awsRegion !== target.region) within.set(detail.awsRegion, target.region);

  if (target.name !== undefined) {
    const named = trigger.resourceNames?.(detail) ?? [];
    const original = named[0];
    // An ARN slot takes an ARN, a name slot a name (no inline policy path where a call names a policy ARN).
    if (original === undefined || original.startsWith('arn:') !== target.name.startsWith('arn:')) return undefined;
    whole.set(original, target.name);
    const from = parts(original);
    const to = parts(target.name);
    if (from.length === to.length) {
      from.forEach((part, i) => {
        const replacement = to[i];
        if (replacement !== undefined && part !== replacement && part.length > 0 && !whole.has(part)) whole.set(part, replacement);
      });
    }
  }

  const rewritten = rewrite(detail, whole, within) as CloudTrailDetail & Record<string, unknown>;
  rewritten.awsRegion = target.region;
  rewritten.recipientAccountId = target.accountId;
  if (target.name === undefined) return rewritten;
  return trigger.resourceNames?.(rewritten).includes(target.name) ? rewritten : undefined;
}

/** ARN fields and path segments: `arn:aws:rds:eu-west-1:1234:db:orders` → [arn, aws, rds, eu-west-1, 1234, db, orders]. */
function parts(name: string): string[] {
  return name.split(/[:/]/);
}

function rewrite(value: unknown, whole: ReadonlyMap<string, string>, within: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') {
    const exact = whole.get(value);
    if (exact !== undefined) return exact;
    let text = value;
    for (const [from, to] of whole) if (from.length > 12 && text.includes(from)) text = text.split(from).join(to);
    for (const [from, to] of within) text = text.split(from).join(to);
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => rewrite(item, whole, within));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewrite(item, whole, within)]));
  }
  return value;
}

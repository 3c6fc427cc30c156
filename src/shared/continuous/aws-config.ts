/**
 * AWS Config custom Lambda rules, without Lambda: the invocation parsed (Config passes its JSON as
 * strings), the configuration item's resource evaluated with the matching Preflight rules through
 * handleConfigItem (orchestration.ts: record, export, drain, as for a CloudTrail event), and the verdict
 * reported with PutEvaluations. One Config rule can carry one Preflight rule
 * (`ruleParameters: {"ruleId": "..."}`) or, without it, every rule of the item's resource type, whose
 * verdicts are combined (worst first).
 */
import type { Evaluation as ConfigEvaluation } from '@aws-sdk/client-config-service';
import * as z from 'zod';
import type { Rule } from '../../rules/define-rule.js';
import type { Finding } from '#shared/core/model.js';
import { MAX_RESOURCE_NAME_BYTES } from '#shared/engine/cloudtrail-router.js';
import { compareFindings } from '#shared/engine/engine.js';
import { addReportMetrics, assertAlertsDelivered } from './handler-defaults.js';
import { handleConfigItem } from './orchestration.js';
import type { Runtime } from './runtime.js';

/** A name the store can key (see MAX_RESOURCE_NAME_BYTES): Config's own ids are far shorter. */
const resourceName = z.string().refine((v) => Buffer.byteLength(v, 'utf8') <= MAX_RESOURCE_NAME_BYTES, `must be at most ${MAX_RESOURCE_NAME_BYTES} bytes`);

// Bounds are PutEvaluations' own (ComplianceResourceType ≤ 256, ComplianceResourceId ≤ 768): beyond
// them Config refuses the report, and a throw would make Config retry the same item forever.
const configurationItemSchema = z.looseObject({
  resourceType: z.string().min(1).max(256),
  resourceId: resourceName.pipe(z.string().min(1).max(768)),
  resourceName: resourceName.nullish(),
  awsRegion: z.string().min(1),
  awsAccountId: z.string().optional(),
  // PutEvaluations needs a real time (OrderingTimestamp): an unreadable one would fail every retry.
  configurationItemCaptureTime: z
    .string()
    .min(1)
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO-8601 time'),
  configurationItemStatus: z.string().optional(),
  ARN: z.string().nullish(),
});

const invokingEventSchema = z.looseObject({
  messageType: z.string(),
  notificationCreationTime: z.string().optional(),
  configurationItem: configurationItemSchema.nullish(),
  configurationItemSummary: configurationItemSchema.partial().nullish(),
});

const configEventSchema = z.looseObject({
  invokingEvent: z.string().min(2),
  ruleParameters: z.string().optional(),
  resultToken: z.string().min(1),
  eventLeftScope: z.boolean().optional(),
  accountId: z.string().optional(),
});

const ruleParametersSchema = z.looseObject({ ruleId: z.string().optional() });

/** A Config invocation once parsed: the item, the rule it asks about, where to report. */
export interface ConfigInvocation {
  item: z.infer<typeof configurationItemSchema>;
  ruleId?: string;
  resultToken: string;
  eventLeftScope?: boolean;
  accountId?: string;
}

export type ConfigOutcome = { status: 'reported'; complianceType: string; rules: string[] } | { status: 'rejected'; message: string };

const COMPLIANCE: Record<Finding['status'], ConfigEvaluation['ComplianceType']> = {
  PASS: 'COMPLIANT',
  FAIL: 'NON_COMPLIANT',
  ERROR: 'INSUFFICIENT_DATA',
  NOT_APPLICABLE: 'NOT_APPLICABLE',
  RESOLVED: 'NOT_APPLICABLE',
};
/** Worst first: one resource gets one verdict per Config rule. */
const COMPLIANCE_ORDER: ReadonlyArray<ConfigEvaluation['ComplianceType']> = ['NON_COMPLIANT', 'INSUFFICIENT_DATA', 'COMPLIANT', 'NOT_APPLICABLE'];
const DELETED = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded']);
const ANNOTATION_MAX = 256;

const issuesOf = (error: z.ZodError): string => error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');

/** Config passes JSON as strings; a parse failure is reported as a validation problem, not thrown. */
function parseJson<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: issuesOf(parsed.error) };
}

/** The invocation, or why it cannot be evaluated (Config would retry a throw with the same bad input). */
export function parseConfigInvocation(event: unknown): { ok: true; value: ConfigInvocation } | { ok: false; message: string } {
  const envelope = configEventSchema.safeParse(event);
  if (!envelope.success) return { ok: false, message: `event: ${issuesOf(envelope.error)}` };
  const invoking = parseJson(envelope.data.invokingEvent, invokingEventSchema);
  if (!invoking.ok) return { ok: false, message: `invokingEvent: ${invoking.message}` };
  const item = invoking.value.configurationItem;
  if (!item)
    return {
      ok: false,
      message: `invokingEvent: ${invoking.value.messageType} carries no configurationItem (oversized or periodic items are covered by the sweep)`,
    };
  const params = parseJson(envelope.data.ruleParameters ?? '{}', ruleParametersSchema);
  if (!params.ok) return { ok: false, message: `ruleParameters: ${params.message}` };
  const { resultToken, eventLeftScope, accountId } = envelope.data;
  return { ok: true, value: { item, ruleId: params.value.ruleId, resultToken, eventLeftScope, accountId } };
}

function matchingRules(rules: readonly Rule[], resourceType: string, ruleId: string | undefined): Rule[] {
  return rules.filter((r) => r.scope === 'resource' && r.resourceType === resourceType && (!ruleId || r.id === ruleId));
}

/**
 * Evaluates the item (unless deleted or out of scope) in its account (the item's, the invocation's,
 * else this function's own) and reports the verdict to Config. Throws only
 * when alerts could not be published (after PutEvaluations), so Lambda retries and the outbox is drained again.
 */
export async function reportConfigItem(runtime: Runtime, invocation: ConfigInvocation, ownAccountId: () => string): Promise<ConfigOutcome> {
  const { item } = invocation;
  const { deps } = runtime;
  const accountId = item.awsAccountId ?? invocation.accountId ?? ownAccountId();
  const rules = matchingRules(deps.rules, item.resourceType, invocation.ruleId);
  let complianceType: ConfigEvaluation['ComplianceType'] = 'NOT_APPLICABLE';
  let annotation = `no Preflight rule covers ${item.resourceType}`;
  let undelivered: { failed: number; errors: string[] } = { failed: 0, errors: [] };

  if (invocation.eventLeftScope || DELETED.has(item.configurationItemStatus ?? '')) {
    annotation = 'the resource was deleted or left the rule scope';
  } else if (rules.length > 0) {
    const report = await handleConfigItem(deps, { accountId, region: item.awsRegion, resourceName: item.resourceName || item.resourceId, rules });
    addReportMetrics(report);
    undelivered = report.drain;
    const worst = [...report.evaluation.findings].sort(
      (a, b) => COMPLIANCE_ORDER.indexOf(COMPLIANCE[a.status]) - COMPLIANCE_ORDER.indexOf(COMPLIANCE[b.status]) || compareFindings(a, b),
    )[0];
    if (worst) {
      complianceType = COMPLIANCE[worst.status];
      annotation = `${worst.ruleId}: ${worst.reason}`;
    }
  }

  const [configService, { PutEvaluationsCommand }] = await Promise.all([runtime.configService(), import('./on-demand/config-service.js')]);
  await configService.send(
    new PutEvaluationsCommand({
      ResultToken: invocation.resultToken,
      TestMode: invocation.resultToken === 'TESTMODE',
      Evaluations: [
        {
          ComplianceResourceType: item.resourceType,
          ComplianceResourceId: item.resourceId,
          ComplianceType: complianceType,
          Annotation: annotation.length <= ANNOTATION_MAX ? annotation : `${annotation.slice(0, ANNOTATION_MAX - 3)}...`,
          OrderingTimestamp: new Date(item.configurationItemCaptureTime),
        },
      ],
    }),
  );
  // Config has its answer; the alerts still pending make Lambda retry, as for a CloudTrail event.
  assertAlertsDelivered(undelivered);
  return { status: 'reported', complianceType: complianceType ?? 'NOT_APPLICABLE', rules: rules.map((r) => r.id) };
}

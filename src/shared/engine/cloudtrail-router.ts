/**
 * Maps a CloudTrail record (the `detail` of an EventBridge "AWS API Call via CloudTrail" event, or of an
 * "AWS Service Event via CloudTrail" one such as a secret rotation) to the
 * rules it can change and the resources they must re-evaluate. The table is built from the rules'
 * `triggers` metadata: nothing here knows a particular rule.
 */
import * as z from 'zod';
import type { CloudTrailDetail, Rule } from '../../rules/define-rule.js';

export const cloudTrailDetailSchema = z.looseObject({
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  awsRegion: z.string().min(1),
  eventTime: z.string().optional(),
  eventID: z.string().optional(),
  errorCode: z.string().optional(),
  readOnly: z.boolean().optional(),
  recipientAccountId: z.string().optional(),
  requestParameters: z.record(z.string(), z.unknown()).nullish(),
  responseElements: z.record(z.string(), z.unknown()).nullish(),
});

/** How EventBridge labels CloudTrail records: API calls, and events AWS services log themselves. */
export const API_CALL_DETAIL_TYPE = 'AWS API Call via CloudTrail';
export const SERVICE_EVENT_DETAIL_TYPE = 'AWS Service Event via CloudTrail';

export const cloudTrailEventSchema = z.looseObject({
  'detail-type': z.enum([API_CALL_DETAIL_TYPE, SERVICE_EVENT_DETAIL_TYPE]),
  account: z.string().optional(),
  region: z.string().optional(),
  time: z.string().optional(),
  detail: cloudTrailDetailSchema,
});

export type CloudTrailEvent = z.infer<typeof cloudTrailEventSchema>;
/** A CloudTrail record as parsed at the edge (the handler): what the router takes. */
export type ParsedCloudTrailDetail = z.infer<typeof cloudTrailDetailSchema>;

export interface RouteTarget {
  rule: Rule;
  /** Native names to re-evaluate; empty for account-level rules (their one check is re-run). */
  resourceNames: string[];
  /** Re-evaluate every resource the rule lists in the event's region (the call named none: DeleteFlowLogs). */
  everyResource?: true;
  /** A trigger of the rule for this call settles later: its evaluations are followed up. */
  settles?: true;
}

export type SkipReason = 'malformed' | 'failed-call' | 'read-only' | 'unknown-event' | 'no-resource';

export type Route =
  | { action: 'evaluate'; region: string; eventTime?: string; eventId?: string; eventName: string; targets: RouteTarget[] }
  | { action: 'skip'; reason: SkipReason; message: string; eventName?: string };

const READ_ONLY_PREFIXES = ['Get', 'Describe', 'List', 'Head', 'Lookup', 'View'];

/**
 * No AWS resource name or ARN a rule reads is longer (log group names, the longest, stop at 512
 * characters). A longer "name" cannot be a resource, and its store keys would exceed DynamoDB's
 * key limits (1,024 bytes for the index sort keys built from it), failing the invocation on every retry.
 */
export const MAX_RESOURCE_NAME_BYTES = 700;

function isResourceName(name: unknown): name is string {
  return typeof name === 'string' && name.length > 0 && Buffer.byteLength(name, 'utf8') <= MAX_RESOURCE_NAME_BYTES;
}

/** `eventSource eventName` → the rules' triggers for it. */
export type TriggerTable = ReadonlyMap<string, ReadonlyArray<{ rule: Rule; trigger: Rule['triggers'][number] }>>;

export function buildTriggerTable(rules: readonly Rule[]): TriggerTable {
  const table = new Map<string, Array<{ rule: Rule; trigger: Rule['triggers'][number] }>>();
  for (const rule of rules) {
    for (const trigger of rule.triggers) {
      for (const eventName of trigger.eventNames) {
        const key = `${trigger.eventSource} ${eventName}`;
        const entries = table.get(key) ?? [];
        entries.push({ rule, trigger });
        table.set(key, entries);
      }
    }
  }
  return table;
}

/** Every (eventSource, eventNames) the rules listen to: the EventBridge patterns are derived from it. */
export function eventNamesBySource(rules: readonly Rule[]): Record<string, string[]> {
  const bySource: Record<string, Set<string>> = {};
  for (const rule of rules) {
    for (const trigger of rule.triggers) {
      const names = bySource[trigger.eventSource] ?? new Set<string>();
      bySource[trigger.eventSource] = names;
      for (const name of trigger.eventNames) names.add(name);
    }
  }
  return Object.fromEntries(
    Object.entries(bySource)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, names]) => [source, [...names].sort()]),
  );
}

/**
 * The EventBridge detail-types each event source's triggers arrive as: API calls, plus service events
 * for sources with a `serviceEvent` trigger. The EventBridge patterns are derived from it.
 */
export function detailTypesBySource(rules: readonly Rule[]): Record<string, string[]> {
  const bySource: Record<string, Set<string>> = {};
  for (const rule of rules) {
    for (const trigger of rule.triggers) {
      const types = bySource[trigger.eventSource] ?? new Set<string>();
      bySource[trigger.eventSource] = types;
      types.add(trigger.serviceEvent ? SERVICE_EVENT_DETAIL_TYPE : API_CALL_DETAIL_TYPE);
    }
  }
  return Object.fromEntries(
    Object.entries(bySource)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, types]) => [source, [...types].sort()]),
  );
}

export interface RouteOptions {
  /**
   * The account the caller validated the event for and will evaluate in. Extractors that rebuild ARNs
   * (RDS, ElastiCache, IAM policies) read it as `recipientAccountId`, which records of eventVersion
   * 1.01 and earlier lack: without it their resources could not be named.
   */
  accountId?: string;
}

/**
 * Routes one CloudTrail record, parsed at the edge (cloudTrailEventSchema). Never throws: failed calls
 * (`errorCode`), read-only calls and events no rule listens to are skips with a reason, for a log line
 * and a metric.
 */
export function routeCloudTrailDetail(detail: ParsedCloudTrailDetail, table: TriggerTable, options: RouteOptions = {}): Route {
  const eventName = detail.eventName;
  if (detail.errorCode) {
    return { action: 'skip', reason: 'failed-call', message: `${eventName} failed with ${detail.errorCode}`, eventName };
  }
  const entries = table.get(`${detail.eventSource} ${eventName}`);
  if (detail.readOnly === true || (!entries && READ_ONLY_PREFIXES.some((p) => eventName.startsWith(p)))) {
    return { action: 'skip', reason: 'read-only', message: `${eventName} is a read-only call`, eventName };
  }
  if (!entries) {
    return { action: 'skip', reason: 'unknown-event', message: `no rule listens to ${detail.eventSource} ${eventName}`, eventName };
  }

  const record: CloudTrailDetail = {
    ...detail,
    recipientAccountId: options.accountId ?? detail.recipientAccountId,
    requestParameters: detail.requestParameters ?? null,
    responseElements: detail.responseElements ?? null,
  };
  const byRule = new Map<Rule, Set<string>>();
  const everyResource = new Set<Rule>();
  const settling = new Set<Rule>();
  for (const { rule, trigger } of entries) {
    if (trigger.settles) settling.add(rule);
    const names = byRule.get(rule) ?? new Set<string>();
    for (const name of trigger.resourceNames?.(record) ?? []) if (isResourceName(name)) names.add(name);
    if (trigger.everyResourceInRegion) everyResource.add(rule);
    byRule.set(rule, names);
  }
  const targets: RouteTarget[] = [];
  for (const [rule, names] of byRule) {
    if (everyResource.has(rule)) {
      targets.push({ rule, resourceNames: [], everyResource: true });
      continue;
    }
    // A resource rule whose extractor found nothing cannot be tied to a resource: the sweep covers it.
    if (rule.scope === 'resource' && names.size === 0) continue;
    targets.push({ rule, resourceNames: [...names], ...(settling.has(rule) ? { settles: true as const } : {}) });
  }
  if (targets.length === 0) {
    return { action: 'skip', reason: 'no-resource', message: `${eventName} names no resource the rules can re-evaluate`, eventName };
  }
  return {
    action: 'evaluate',
    region: detail.awsRegion,
    eventTime: detail.eventTime,
    eventId: detail.eventID,
    eventName,
    targets,
  };
}

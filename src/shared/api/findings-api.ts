/**
 * The findings API as a plain function of an API Gateway v2 event: routes, validation, responses.
 * The Lambda handler and the demo's local server both serve exactly this.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import type { RuleInfo } from '../../rules/rule-info.js';
import { dashboardResponse } from './dashboard/page.js';
import { errorCode } from '#shared/core/errors.js';
import { FindingStatus, SEVERITIES, type Severity } from '#shared/core/model.js';
import { readiness } from '#shared/core/readiness.js';
import type { FindingsStore } from '#shared/store/findings-store.js';
import { type FindingFilter, queryFindings, summaryFindings } from '#shared/store/findings-query.js';
import type { StoredFinding } from '#shared/store/transitions.js';
import { InvalidCursorError } from '#shared/store/cursor.js';
import { apiError, corsHeaders, type HttpResponse, json, SECURITY_HEADERS } from './http.js';
import { REGION_OR_GLOBAL_PATTERN } from '#shared/core/resource-ids.js';

export interface FindingsApiOptions {
  store: FindingsStore;
  /** The registry's rules, or the generated catalog (src/rules/catalog.generated.ts) where loading the rules costs too much. */
  rules: readonly RuleInfo[];
  /** Signs pagination cursors. */
  cursorSecret: string;
  corsOrigins?: readonly string[];
  onError?: (error: unknown, event: APIGatewayProxyEventV2) => void;
}

export type FindingsApi = (event: APIGatewayProxyEventV2) => Promise<HttpResponse>;

const STATUSES = Object.values(FindingStatus) as [string, ...string[]];
/** A finding's resource id is part of index sort keys, which DynamoDB caps at 1,024 bytes. */
const MAX_RESOURCE_ID_BYTES = 1_024;

const FILTER_PARAMETERS = ['status', 'severity', 'ruleId', 'resourceType', 'region'] as const;

/**
 * The query parameters each route takes. One rule on every route: any other parameter is a 400 (a typo
 * must not silently widen a query), and each takes one value. The dashboard page keeps its filters in
 * its address, so it takes those.
 */
const ROUTE_PARAMETERS: Readonly<Record<Route['name'], readonly string[]>> = {
  findings: [...FILTER_PARAMETERS, 'limit', 'cursor'],
  finding: [],
  summary: [],
  rules: [],
  dashboard: FILTER_PARAMETERS,
};

function listQuerySchema(ruleIds: ReadonlySet<string>) {
  return z
    .object({
      status: z.enum(STATUSES).optional(),
      severity: z.enum(SEVERITIES as [Severity, ...Severity[]]).optional(),
      ruleId: z
        .string()
        .refine((id) => ruleIds.has(id), { message: 'is not a known rule id (see GET /rules)' })
        .optional(),
      resourceType: z
        .string()
        .max(256)
        .regex(/^AWS::[A-Za-z0-9]*::[A-Za-z0-9]+$/, 'must look like AWS::S3::Bucket')
        .optional(),
      region: z.string().max(64).regex(REGION_OR_GLOBAL_PATTERN, 'must be a region such as eu-west-1, or global').optional(),
      limit: z
        .string()
        .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
        .transform(Number)
        .pipe(z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
        .default(50),
      // Checked by the cursor's own decoding (INVALID_CURSOR), length included.
      cursor: z.string().min(1).optional(),
    })
    .strict();
}

/** The finding as the API shows it (docs/architecture.md "Findings API"), with the last sweep folded into lastEvaluatedAt. */
export function presentFinding(finding: StoredFinding, lastSwept?: string) {
  return {
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    resourceName: finding.resourceName,
    resourceType: finding.resourceType,
    accountId: finding.accountId,
    region: finding.region,
    status: finding.status,
    severity: finding.severity,
    reason: finding.reason,
    evidence: finding.evidence,
    firstSeenAt: finding.firstSeenAt,
    lastChangedAt: finding.lastChangedAt,
    lastEvaluatedAt: lastSwept && lastSwept > finding.lastEvaluatedAt ? lastSwept : finding.lastEvaluatedAt,
    ...(finding.suppression ? { suppression: finding.suppression } : {}),
  };
}

/** What GET /rules tells of each rule: its metadata, without the code. */
export function ruleCatalog(rules: readonly RuleInfo[]): RuleInfo[] {
  return rules.map((rule) => ({
    id: rule.id,
    title: rule.title,
    description: rule.description,
    severity: rule.severity,
    resourceType: rule.resourceType,
    global: Boolean(rule.global),
    checklist: rule.checklist,
    controls: rule.controls,
    iamActions: rule.iamActions,
    triggers: rule.triggers.map((t) => ({ eventSource: t.eventSource, eventNames: t.eventNames })),
    remediation: rule.remediation,
    defaultParams: rule.defaultParams,
  }));
}

export function createFindingsApi(options: FindingsApiOptions): FindingsApi {
  const ruleIds = new Set(options.rules.map((r) => r.id));
  const listSchema = listQuerySchema(ruleIds);
  const allowedOrigins = options.corsOrigins ?? [];

  /** lastEvaluatedAt of findings the last complete sweep covered, per (account, region, rule). */
  const sweepTimes = () => {
    const cache = new Map<string, Promise<Record<string, string>>>();
    return async (f: StoredFinding): Promise<string | undefined> => {
      const key = `${f.accountId}#${f.region}`;
      let times = cache.get(key);
      if (!times) {
        times = options.store.lastSweep(f.accountId, f.region);
        cache.set(key, times);
      }
      return (await times)[f.ruleId];
    };
  };

  const listFindings = async (query: Record<string, string>): Promise<HttpResponse> => {
    const parsed = listSchema.safeParse(query);
    if (!parsed.success) return badRequest(parsed.error);
    const { limit, cursor, ...filter } = parsed.data;
    const page = await queryFindings(options.store, filter as FindingFilter, { limit, cursor, secret: options.cursorSecret });
    const swept = sweepTimes();
    const items = await Promise.all(page.items.map(async (f) => presentFinding(f, await swept(f))));
    return json(200, { items, nextCursor: page.nextCursor });
  };

  const getFinding = async (ruleId: string, resourceId: string): Promise<HttpResponse> => {
    if (!ruleIds.has(ruleId)) return apiError(404, 'NOT_FOUND', `no rule ${ruleId}`);
    // Longer ids cannot be stored (DynamoDB key limits), and DynamoDB would reject the read with a 500.
    if (Buffer.byteLength(resourceId, 'utf8') > MAX_RESOURCE_ID_BYTES) {
      return apiError(400, 'BAD_REQUEST', `resourceId is longer than ${MAX_RESOURCE_ID_BYTES} bytes`);
    }
    const finding = await options.store.get(ruleId, resourceId);
    if (!finding) return apiError(404, 'NOT_FOUND', `no finding for ${ruleId} on ${resourceId}`);
    const rule = options.rules.find((r) => r.id === ruleId);
    return json(200, {
      ...presentFinding(finding, await sweepTimes()(finding)),
      history: finding.history,
      rule: rule ? { title: rule.title, remediation: rule.remediation, controls: rule.controls } : undefined,
    });
  };

  const summary = async (): Promise<HttpResponse> => {
    const findings = await summaryFindings(options.store);
    const byStatus: Record<string, number> = {};
    const bySeverity: Record<string, Record<string, number>> = {};
    for (const f of findings) {
      byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
      bySeverity[f.severity] ??= {};
      const row = bySeverity[f.severity] ?? {};
      row[f.status] = (row[f.status] ?? 0) + 1;
    }
    const score = readiness(findings, options.rules);
    return json(200, {
      readiness: { score: score.score, passing: score.passing, applicable: score.applicable },
      findings: findings.length,
      byStatus,
      bySeverity,
      rules: score.rules.map((r) => ({ ...r, title: options.rules.find((rule) => rule.id === r.ruleId)?.title })),
    });
  };

  return async (event) => {
    const cors = corsHeaders(event.headers?.origin ?? event.headers?.Origin, allowedOrigins);
    const method = event.requestContext?.http?.method ?? 'GET';
    try {
      const segments = pathSegments(event.rawPath ?? '/');
      if (!segments) return apiError(400, 'BAD_PATH', 'the path is not validly URL-encoded', cors);
      const route = matchRoute(segments);
      if (!route) return apiError(404, 'NOT_FOUND', `no route for ${event.rawPath}`, cors);
      if (method === 'OPTIONS' && Object.keys(cors).length > 0) return { statusCode: 204, headers: { ...SECURITY_HEADERS, ...cors }, body: '' };
      if (method !== 'GET') return apiError(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed here; use GET`, { ...cors, allow: 'GET' });
      const parsedQuery = routeQuery(event, ROUTE_PARAMETERS[route.name]);
      if (parsedQuery.refused) return { ...parsedQuery.refused, headers: { ...parsedQuery.refused.headers, ...cors } };
      const query = parsedQuery.values;
      const response = await (async () => {
        switch (route.name) {
          case 'findings':
            return listFindings(query);
          case 'finding':
            return getFinding(route.ruleId, route.resourceId);
          case 'summary':
            return summary();
          case 'rules':
            return json(200, { items: ruleCatalog(options.rules) });
          case 'dashboard': // issue 8: the static dashboard page, with its own CSP
            return dashboardResponse();
        }
      })();
      return { ...response, headers: { ...response.headers, ...cors } };
    } catch (error) {
      if (error instanceof InvalidCursorError) return apiError(400, 'INVALID_CURSOR', error.message, cors);
      options.onError?.(error, event);
      return apiError(500, 'INTERNAL', `the request could not be served (${errorCode(error)})`, cors);
    }
  };
}

type Route = { name: 'findings' | 'summary' | 'rules' | 'dashboard' } | { name: 'finding'; ruleId: string; resourceId: string };

/** Decoded path segments, or undefined when a segment is not valid percent-encoding. */
function pathSegments(rawPath: string): string[] | undefined {
  try {
    return rawPath
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => decodeURIComponent(s));
  } catch {
    return undefined; // URIError: reported to the client as a 400
  }
}

function matchRoute(segments: string[]): Route | undefined {
  const [head, ruleId, ...rest] = segments;
  if (segments.length === 0) return { name: 'dashboard' }; // issue 8: GET / serves the dashboard
  if (head === 'summary' && segments.length === 1) return { name: 'summary' };
  if (head === 'rules' && segments.length === 1) return { name: 'rules' };
  if (head !== 'findings') return undefined;
  if (segments.length === 1) return { name: 'findings' };
  // Resource ids are ARNs: accept them encoded (%2F) or with their slashes left raw.
  if (ruleId && rest.length > 0) return { name: 'finding', ruleId, resourceId: rest.join('/') };
  return undefined;
}

/**
 * The query of a request, or a 400 when it names a parameter the route does not take or gives one more
 * than once. API Gateway joins a repeated parameter's values with commas; the raw query string tells a
 * repeat from a comma sent as such (no parameter's value may hold one).
 */
function routeQuery(
  event: APIGatewayProxyEventV2,
  allowed: readonly string[],
): { values: Record<string, string>; refused?: undefined } | { refused: HttpResponse } {
  const query = event.queryStringParameters ?? {};
  const refuse = (message: string) => ({ refused: apiError(400, 'BAD_REQUEST', message) });
  const unknown = Object.keys(query).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) return refuse(`unknown query parameter ${unknown.map((n) => n.slice(0, 100)).join(', ')}`);
  const given = new Map<string, number>();
  for (const [name] of new URLSearchParams(event.rawQueryString ?? '')) given.set(name, (given.get(name) ?? 0) + 1);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if ((given.get(name) ?? 0) > 1) return refuse(`${name} is given more than once; it takes one value`);
    if (value.includes(',')) return refuse(`${name} takes one value, not a comma-separated list`);
    values[name] = value;
  }
  return { values };
}

function badRequest(error: z.ZodError): HttpResponse {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || (issue && 'keys' in issue ? String((issue as { keys: string[] }).keys[0]) : 'query');
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown query parameter ${(issue as { keys: string[] }).keys.join(', ')}`
      : `${field}: ${issue?.message ?? 'invalid'}`;
  return apiError(400, 'BAD_REQUEST', message);
}

/**
 * Continuous mode, without Lambda: a sweep (schedule), an event (CloudTrail) and a Config evaluation
 * each evaluate, record transitions in the store, export them to Security Hub when configured, and
 * drain the alert outbox, all with the alert policy of the deployment. Handlers and the demo are thin
 * shells over this.
 */
import type { Rule } from '../../rules/define-rule.js';
import { selectRules } from '../../rules/select-rules.js';
import type { ApiProvider } from '#shared/aws/readers.js';
import { buildTriggerTable, type ParsedCloudTrailDetail, type Route, routeCloudTrailDetail, type TriggerTable } from '#shared/engine/cloudtrail-router.js';
import { evaluate, type EvaluateResult } from '#shared/engine/engine.js';
import { evaluateRoute } from '#shared/engine/evaluate-route.js';
import type { ChainKey } from '#shared/follow-ups/chains.js';
import type { FollowUps, FollowUpStartReport } from '#shared/follow-ups/follow-ups.js';
import { type Finding, GLOBAL_REGION, type Suppression } from '#shared/core/model.js';
import type { AlertItem, MessageContext } from '#shared/alerts/messages.js';
import { sendBaselineSummary } from '#shared/alerts/baseline.js';
import { type AlertPublisher, type DrainResult, drainOutbox } from '#shared/alerts/notifier.js';
import { type ExportReport, ExportIncompleteError, type FindingsExporter } from '#shared/securityhub/exporter.js';
import type { RefreshInput } from '#shared/securityhub/refresh.js';
import { type AccountMeta, isBaselined, isBaselinedForEvent, type RegionBaseline } from '#shared/store/account-meta.js';
import type { FindingsStore, RecordResult } from '#shared/store/findings-store.js';
import { DEFAULT_POLICY, type StoredFinding, type TransitionPolicy } from '#shared/store/transitions.js';

export interface ContinuousDeps {
  store: FindingsStore;
  publisher: AlertPublisher;
  apis: ApiProvider;
  /** The enabled rules (ENABLED_RULES applied). */
  rules: readonly Rule[];
  /** Param overrides by rule id (RULE_PARAMS). */
  params?: Readonly<Record<string, unknown>>;
  messages: MessageContext;
  alertOnFixed?: boolean;
  errorAlertAfterSweeps?: number;
  /** Regions the deployment watches (SCAN_REGIONS): events from elsewhere only re-run global rules. */
  scanRegions?: readonly string[];
  /** Suppressions from the configuration parameter, applied by record() with the table's. */
  suppressions?: readonly Suppression[];
  now?: () => Date;
  /** A Publish failed for a reason that may pass: the alerts stay pending. */
  onPublishError?: (error: unknown) => void;
  /** SNS refused alerts for good, even shortened: they left the outbox unsent. */
  onUndeliverable?: (error: unknown, items: readonly AlertItem[]) => void;
  /** Optional (SECURITY_HUB=true): called with each record()'s transitions; a failed export is retried by the next call. */
  exporter?: FindingsExporter;
  onExportError?: (error: unknown) => void;
  /** Optional (FOLLOW_UP_QUEUE_URL): re-evaluations of changes AWS applies later, scheduled after events. */
  followUps?: FollowUps;
}

export interface SweepOptions {
  /**
   * Every region this account's sweep covers when it is split into work items (one region each): an
   * account's first sweep is announced once all of them reported. Default: the regions swept here.
   */
  plannedRegions?: readonly string[];
}

export interface SweepReport {
  accountId: string;
  regions: readonly string[];
  evaluation: EvaluateResult;
  record: RecordResult;
  /** firstSweep: some region (or the global rules) had its first sweep here. */
  baseline: { firstSweep: boolean; summarySent: boolean };
  drain: DrainResult;
  /** Present when an exporter is configured and did not throw. */
  export?: ExportReport;
}

export interface EventReport {
  route: Route;
  evaluation?: EvaluateResult;
  record?: RecordResult;
  drain: DrainResult;
  export?: ExportReport;
  /** Present when follow-ups are configured and the event was evaluated. */
  followUps?: FollowUpStartReport;
}

export interface ConfigItemReport {
  evaluation: EvaluateResult;
  record: RecordResult;
  drain: DrainResult;
  export?: ExportReport;
}

/** The deployment's alert policy; whether the finding's region is past its baseline is decided per finding. */
function policyOf(deps: ContinuousDeps): TransitionPolicy {
  return {
    baselined: true,
    alertOnFixed: deps.alertOnFixed ?? DEFAULT_POLICY.alertOnFixed,
    errorAlertAfterSweeps: deps.errorAlertAfterSweeps ?? DEFAULT_POLICY.errorAlertAfterSweeps,
  };
}

async function drain(deps: ContinuousDeps): Promise<DrainResult> {
  return drainOutbox({
    store: deps.store,
    publisher: deps.publisher,
    context: deps.messages,
    now: deps.now,
    onPublishError: deps.onPublishError,
    onUndeliverable: deps.onUndeliverable,
  });
}

/**
 * Exports the changes (and, for a sweep, the findings whose weekly refresh came due); never fails the
 * sweep or event: what did not make it stays behind the exporter's cursor.
 */
async function exportChanges(deps: ContinuousDeps, record: RecordResult, refresh?: RefreshInput): Promise<ExportReport | undefined> {
  if (!deps.exporter) return undefined;
  try {
    const report = await deps.exporter.exportChanges({ transitions: record.transitions, now: (deps.now ?? (() => new Date()))(), refresh });
    if (report.failed.length > 0) deps.onExportError?.(new ExportIncompleteError(report.failed));
    return report;
  } catch (error) {
    deps.onExportError?.(error);
    return undefined;
  }
}

/** What each region's first sweep found, from the state the store was left in. */
function regionBaselines(settled: readonly StoredFinding[], regions: readonly string[], at: Date): Record<string, RegionBaseline> {
  const baselines: Record<string, RegionBaseline> = Object.fromEntries(
    regions.map((r) => [r, { at: at.toISOString(), failing: 0, errors: 0, bySeverity: {}, byRule: {} }]),
  );
  for (const f of settled) {
    const baseline = baselines[f.region];
    if (!baseline) continue;
    if (f.status === 'ERROR') baseline.errors += 1;
    if (f.status !== 'FAIL') continue;
    baseline.failing += 1;
    baseline.bySeverity[f.severity] = (baseline.bySeverity[f.severity] ?? 0) + 1;
    baseline.byRule[f.ruleId] = (baseline.byRule[f.ruleId] ?? 0) + 1;
  }
  return baselines;
}

/** A full sweep of one account: evaluate, record, baseline the regions swept for the first time, publish pending alerts. */
export async function runSweep(deps: ContinuousDeps, accountId: string, regions: readonly string[], options: SweepOptions = {}): Promise<SweepReport> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const meta: AccountMeta | undefined = await deps.store.getAccount(accountId);
  // Params of rules not enabled here are the deployment's, not this sweep's: only the enabled ones are bound.
  const params = Object.fromEntries(Object.entries(deps.params ?? {}).filter(([id]) => deps.rules.some((r) => r.id === id)));
  const rules = selectRules({ params }, deps.rules);
  const evaluation = await evaluate({
    accountId,
    regions,
    rules,
    apis: deps.apis,
    // Findings are stamped with the sweep's start: a memoized listing read then may be judged minutes
    // later, and such facts must not overwrite a newer event's verdict (the store keeps the newest).
    now: () => startedAt,
  });
  const record = await deps.store.record(evaluation.findings, {
    mode: 'sweep',
    policy: policyOf(deps),
    regionBaselined: (region) => isBaselined(meta, region),
    complete: evaluation.complete,
    accountId,
    sweepStartedAt: startedAt.toISOString(),
    now,
    suppressions: deps.suppressions,
  });
  const byRegion = new Map<string, string[]>();
  for (const c of evaluation.complete) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c.ruleId]);
  await Promise.all([...byRegion].map(([region, ruleIds]) => deps.store.recordSweep(accountId, region, ruleIds, now())));

  // Only after the record: a sweep that dies before it stays a first sweep, and is recorded as one again.
  const covered = [...new Set([...regions, ...(rules.some((b) => b.rule.global) ? [GLOBAL_REGION] : [])])];
  const firstRegions = covered.filter((region) => !isBaselined(meta, region));
  if (firstRegions.length > 0) {
    const planned = [...new Set([...(options.plannedRegions ?? []), ...covered])];
    await deps.store.accounts.recordBaselines(accountId, planned, regionBaselines(record.settled, firstRegions, now()), now());
  }
  let summarySent = false;
  try {
    summarySent = await sendBaselineSummary({ store: deps.store, publisher: deps.publisher, context: deps.messages, accountId, now });
  } catch (error) {
    // Still due in the store: the next sweep sends it.
    deps.onPublishError?.(error);
  }
  const exported = await exportChanges(deps, record, { accountId, complete: evaluation.complete, findings: record.settled });
  return { accountId, regions, evaluation, record, baseline: { firstSweep: firstRegions.length > 0, summarySent }, drain: await drain(deps), export: exported };
}

/** Records what an event-like trigger (CloudTrail, Config) evaluated, exports it, publishes pending alerts. */
async function recordEvaluation(deps: ContinuousDeps, accountId: string, findings: readonly Finding[]) {
  const meta = await deps.store.getAccount(accountId);
  const record = await deps.store.record(findings, {
    mode: 'event',
    policy: policyOf(deps),
    regionBaselined: (region) => isBaselinedForEvent(meta, region),
    accountId,
    now: deps.now,
    suppressions: deps.suppressions,
  });
  const exported = await exportChanges(deps, record);
  return { record, drain: await drain(deps), export: exported };
}

/**
 * One CloudTrail record (parsed at the edge): route it, re-evaluate what it touched, record, publish pending alerts.
 * `readers`, when given, replaces deps.apis and is called only once the record routes to an
 * evaluation (a member account's role is assumed then, not for a record that is skipped).
 */
export async function handleCloudTrailDetail(
  deps: ContinuousDeps,
  detail: ParsedCloudTrailDetail,
  accountId: string,
  table: TriggerTable = buildTriggerTable(deps.rules),
  readers?: () => Promise<ApiProvider>,
): Promise<EventReport> {
  // ARNs are rebuilt in the account being evaluated, which the caller validated (older records lack recipientAccountId).
  const route = routeCloudTrailDetail(detail, table, { accountId });
  if (route.action === 'skip') return { route, drain: await drain(deps) };
  // Stamped with the time the evaluation started reading facts (a lower bound of their age), not ended.
  const startedAt = (deps.now ?? (() => new Date()))();
  const apis = readers ? await readers() : deps.apis;
  const evaluation = await evaluateRoute(route, { accountId, apis, params: deps.params, regions: deps.scanRegions, now: () => startedAt });
  const recorded = await recordEvaluation(deps, accountId, evaluation.findings);
  const settles = new Set(route.targets.filter((t) => t.settles).map((t) => t.rule.id));
  const followUps = await deps.followUps?.afterEvent({
    accountId,
    region: route.region,
    settles: (ruleId) => settles.has(ruleId),
    findings: evaluation.findings,
  });
  return { route, evaluation, ...recorded, ...(followUps ? { followUps } : {}) };
}

/**
 * One step of a follow-up: re-evaluates one rule on one resource, records, exports and publishes like
 * an event. A rule no longer enabled evaluates nothing (the chain then ends).
 */
export async function handleFollowUpTarget(deps: ContinuousDeps, target: ChainKey): Promise<ConfigItemReport> {
  const startedAt = (deps.now ?? (() => new Date()))();
  const rules = deps.rules.filter((r) => r.id === target.ruleId);
  const evaluation = await evaluate({
    accountId: target.accountId,
    regions: [target.region],
    rules: rules.map((r) => r.bind(deps.params?.[r.id])),
    apis: deps.apis,
    target: { region: target.region, resourceNames: [target.resourceName] },
    now: () => startedAt,
  });
  return { evaluation, ...(await recordEvaluation(deps, target.accountId, evaluation.findings)) };
}

export interface ConfigItemTarget {
  accountId: string;
  region: string;
  /** The resource the configuration item describes (its name, or its id). */
  resourceName: string;
  /** The Preflight rules the Config rule asks about (enabled ones; the handler picks them by resource type). */
  rules: readonly Rule[];
}

/** One AWS Config configuration item: evaluate its resource with the given rules, record, export, publish pending alerts. */
export async function handleConfigItem(deps: ContinuousDeps, target: ConfigItemTarget): Promise<ConfigItemReport> {
  // Stamped with the time it started reading facts: the store keeps the newest facts, not the last writer.
  const startedAt = (deps.now ?? (() => new Date()))();
  const evaluation = await evaluate({
    accountId: target.accountId,
    regions: [target.region],
    rules: target.rules.map((r) => r.bind(deps.params?.[r.id])),
    apis: deps.apis,
    target: { region: target.region, resourceNames: [target.resourceName] },
    now: () => startedAt,
  });
  return { evaluation, ...(await recordEvaluation(deps, target.accountId, evaluation.findings)) };
}

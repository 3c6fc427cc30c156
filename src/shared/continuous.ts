/**
 * Continuous mode, without Lambda: a sweep (schedule) and an event (CloudTrail) each evaluate, record
 * transitions in the store, and drain the alert outbox. Handlers and the demo are thin shells over this.
 */
import type { Rule } from '../rules/define-rule.js';
import { selectRules } from '../rules/index.js';
import type { ApiProvider } from './aws/readers.js';
import { buildTriggerTable, type Route, routeCloudTrailDetail, type TriggerTable } from './cloudtrail-router.js';
import { evaluate, type EvaluateResult } from './engine.js';
import { evaluateRoute } from './evaluate-route.js';
import type { MessageContext } from './notifier/messages.js';
import { type AlertPublisher, type DrainResult, drainOutbox, sendBaselineSummary } from './notifier/notifier.js';
import { type ExportReport, ExportIncompleteError, type FindingsExporter } from './securityhub/exporter.js';
import type { FindingsStore, RecordResult } from './store/findings-store.js';
import type { Suppression, TransitionPolicy } from './store/transitions.js';

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
  onPublishError?: (error: unknown) => void;
  // --- Security Hub export hook (issue 8) ---
  /** Optional (SECURITY_HUB=true): called with each record()'s transitions; a failed export is retried by the next call. */
  exporter?: FindingsExporter;
  onExportError?: (error: unknown) => void;
}

export interface SweepReport {
  accountId: string;
  regions: readonly string[];
  evaluation: EvaluateResult;
  record: RecordResult;
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
}

async function policyFor(deps: ContinuousDeps, accountId: string): Promise<TransitionPolicy> {
  const meta = await deps.store.getAccount(accountId);
  return {
    baselined: Boolean(meta?.baselinedAt),
    alertOnFixed: deps.alertOnFixed ?? false,
    errorAlertAfterSweeps: deps.errorAlertAfterSweeps ?? 3,
  };
}

async function drain(deps: ContinuousDeps): Promise<DrainResult> {
  return drainOutbox({
    store: deps.store,
    publisher: deps.publisher,
    context: deps.messages,
    now: deps.now,
    onPublishError: deps.onPublishError,
  });
}

// --- Security Hub export hook (issue 8) ---
/** Exports the changes; never fails the sweep or event: what did not make it stays behind the exporter's cursor. */
async function exportChanges(deps: ContinuousDeps, record: RecordResult): Promise<ExportReport | undefined> {
  if (!deps.exporter) return undefined;
  try {
    const report = await deps.exporter.exportChanges({ transitions: record.transitions, now: (deps.now ?? (() => new Date()))() });
    if (report.failed.length > 0) deps.onExportError?.(new ExportIncompleteError(report.failed));
    return report;
  } catch (error) {
    deps.onExportError?.(error);
    return undefined;
  }
}

/** A full sweep of one account: evaluate, record, baseline on the first sweep, publish pending alerts. */
export async function runSweep(deps: ContinuousDeps, accountId: string, regions: readonly string[]): Promise<SweepReport> {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const policy = await policyFor(deps, accountId);
  const evaluation = await evaluate({
    accountId,
    regions,
    rules: selectRules({ ruleIds: deps.rules.map((r) => r.id), params: deps.params }),
    apis: deps.apis,
    // Findings are stamped with the sweep's start: a memoized listing read then may be judged minutes
    // later, and such facts must not overwrite a newer event's verdict (the store keeps the newest).
    now: () => startedAt,
  });
  const record = await deps.store.record(evaluation.findings, {
    mode: 'sweep',
    policy,
    complete: evaluation.complete,
    accountId,
    sweepStartedAt: startedAt.toISOString(),
    now,
    suppressions: deps.suppressions,
  });
  const byRegion = new Map<string, string[]>();
  for (const c of evaluation.complete) byRegion.set(c.region, [...(byRegion.get(c.region) ?? []), c.ruleId]);
  await Promise.all([...byRegion].map(([region, ruleIds]) => deps.store.recordSweep(accountId, region, ruleIds, now())));

  const firstSweep = !policy.baselined;
  if (firstSweep) await deps.store.markBaselined(accountId, now());
  let summarySent = false;
  try {
    summarySent = await sendBaselineSummary({ store: deps.store, publisher: deps.publisher, context: deps.messages, accountId });
  } catch (error) {
    // Still pending in the store: the next sweep or event sends it.
    deps.onPublishError?.(error);
  }
  const exported = await exportChanges(deps, record);
  return { accountId, regions, evaluation, record, baseline: { firstSweep, summarySent }, drain: await drain(deps), export: exported };
}

/** One CloudTrail record: route it, re-evaluate what it touched, record, publish pending alerts. */
export async function handleCloudTrailDetail(
  deps: ContinuousDeps,
  detail: unknown,
  accountId: string,
  table: TriggerTable = buildTriggerTable(deps.rules),
): Promise<EventReport> {
  // ARNs are rebuilt in the account being evaluated, which the caller validated (older records lack recipientAccountId).
  const route = routeCloudTrailDetail(detail, table, { accountId });
  if (route.action === 'skip') return { route, drain: await drain(deps) };
  const policy = await policyFor(deps, accountId);
  // Stamped with the time the evaluation started reading facts (a lower bound of their age), not ended.
  const startedAt = (deps.now ?? (() => new Date()))();
  const evaluation = await evaluateRoute(route, { accountId, apis: deps.apis, params: deps.params, regions: deps.scanRegions, now: () => startedAt });
  const record = await deps.store.record(evaluation.findings, { mode: 'event', policy, accountId, now: deps.now, suppressions: deps.suppressions });
  const exported = await exportChanges(deps, record);
  return { route, evaluation, record, drain: await drain(deps), export: exported };
}

export {};

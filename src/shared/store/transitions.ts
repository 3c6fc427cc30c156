/**
 * The state machine of a stored finding, as a pure function: given what is stored and what the rule
 * just said, decide whether to write, what the new state is, and whether it is worth an alert.
 * The store makes the decision atomic (a conditional write on `version`); this file makes it right.
 */
import type { EvaluationStatus, Finding, FindingStatus, Suppression } from '#shared/core/model.js';
import { HISTORY_MAX_ENTRIES, HISTORY_RETENTION_DAYS, RESOLVED_TTL_DAYS } from './keys.js';

export const AlertKind = {
  /** Was PASS (seen through any ERROR in between), now FAIL. */
  REGRESSION: 'REGRESSION',
  /** First seen FAIL after the account's baseline (a new resource, or one re-created). */
  NEW_FAILURE: 'NEW_FAILURE',
  /** Was FAIL, now PASS: only when the deployment asks for it. */
  FIXED: 'FIXED',
  /** ERROR for several sweeps in a row: someone should look at permissions. */
  ERROR_PERSISTING: 'ERROR_PERSISTING',
} as const;
export type AlertKind = (typeof AlertKind)[keyof typeof AlertKind];

export interface PendingAlert {
  kind: AlertKind;
  /** The finding version whose transition this alert is about: the dedupe key with the finding key. */
  version: number;
  createdAt: string;
  from: FindingStatus | null;
  to: FindingStatus;
}

export interface HistoryEntry {
  at: string;
  from: FindingStatus | null;
  to: FindingStatus;
  reason: string;
}

/** A finding as stored: the engine's finding plus lifecycle, history and outbox state. */
/** What a stored finding keeps of the engine's finding as it is: who, where, and the verdict's words. */
type FindingIdentityAndVerdict = Pick<
  Finding,
  'ruleId' | 'resourceId' | 'resourceName' | 'resourceType' | 'accountId' | 'region' | 'severity' | 'reason' | 'evidence'
>;

export interface StoredFinding extends FindingIdentityAndVerdict {
  status: FindingStatus;
  /** What the rule said, also under a suppression. */
  evaluatedStatus: EvaluationStatus | 'RESOLVED';
  /** The last PASS or FAIL, seen through ERRORs: PASS→ERROR→FAIL is one regression, FAIL→ERROR→FAIL none. */
  lastDefinitive?: 'PASS' | 'FAIL';
  firstSeenAt: string;
  lastChangedAt: string;
  lastEvaluatedAt: string;
  /** Incremented on every write; writes are conditional on it. */
  version: number;
  /** Consecutive sweeps that ended in ERROR. */
  errorStreak: number;
  history: HistoryEntry[];
  /** The outbox: an alert decided but not yet published. */
  alert?: PendingAlert;
  suppression?: Pick<Suppression, 'reason' | 'expiresAt' | 'resourcePattern'>;
  /** Epoch seconds: RESOLVED findings expire (DynamoDB TTL). */
  expiresAt?: number;
}

export interface TransitionPolicy {
  /** Whether the account's first sweep (the baseline) is done: before it, new failures do not alert. */
  baselined: boolean;
  alertOnFixed: boolean;
  /** ERROR for this many consecutive sweeps sends one alert. */
  errorAlertAfterSweeps: number;
}

export const DEFAULT_POLICY: TransitionPolicy = { baselined: true, alertOnFixed: false, errorAlertAfterSweeps: 3 };

export interface DecideInput {
  current?: StoredFinding;
  finding: Finding;
  suppression?: Suppression;
  policy: TransitionPolicy;
  /** Sweeps count ERROR streaks; events do not. */
  mode: 'sweep' | 'event';
}

export type Decision =
  | { write: false; why: 'unchanged' | 'stale' | 'nothing-to-close' }
  | { write: true; next: StoredFinding; changed: boolean; alert?: PendingAlert };

const DAY_MS = 86_400_000;

export function decide({ current, finding, suppression, policy, mode }: DecideInput): Decision {
  const at = finding.evaluatedAt;
  const evaluated = finding.status;
  const status: FindingStatus = suppression && (evaluated === 'FAIL' || evaluated === 'ERROR') ? 'SUPPRESSED' : evaluated;

  if (!current) {
    if (evaluated === 'RESOLVED') return { write: false, why: 'nothing-to-close' };
    const next = build(undefined, finding, status, suppression, mode, at);
    const alert = status === 'FAIL' && policy.baselined ? pending('NEW_FAILURE', next, null) : undefined;
    return { write: true, next: alert ? { ...next, alert } : next, changed: true, alert };
  }

  // An evaluation older than what is stored (a late event, a slow sweep) must not roll the finding back.
  if (at < current.lastEvaluatedAt) return { write: false, why: 'stale' };

  const changed = current.status !== status;
  const errorStreak = status === 'ERROR' ? current.errorStreak + (mode === 'sweep' ? 1 : 0) : 0;
  const errorAlertDue = status === 'ERROR' && current.errorStreak < policy.errorAlertAfterSweeps && errorStreak >= policy.errorAlertAfterSweeps;
  const contentChanged =
    current.reason !== finding.reason || current.severity !== finding.severity || current.evaluatedStatus !== evaluated || current.errorStreak !== errorStreak;
  if (!changed && !contentChanged) return { write: false, why: 'unchanged' };

  const next = build(current, finding, status, suppression, mode, at);
  const kind = changed ? alertKindOf(current, status, policy) : undefined;
  const alertKind = kind ?? (errorAlertDue ? 'ERROR_PERSISTING' : undefined);
  const alert = alertKind ? pending(alertKind, next, current.status) : undefined;
  // A newer alert replaces an unsent one; otherwise an unsent alert stays in the outbox.
  return { write: true, next: { ...next, alert: alert ?? current.alert }, changed, alert };
}

function alertKindOf(current: StoredFinding, status: FindingStatus, policy: TransitionPolicy): AlertKind | undefined {
  if (status === 'FAIL') {
    if (current.status === 'SUPPRESSED') return 'REGRESSION'; // the accepted risk expired or was lifted
    if (current.status === 'RESOLVED') return policy.baselined ? 'NEW_FAILURE' : undefined;
    if (current.lastDefinitive === 'PASS') return 'REGRESSION';
    if (current.lastDefinitive === 'FAIL') return undefined; // FAIL→ERROR→FAIL is not news
    return policy.baselined ? 'NEW_FAILURE' : undefined;
  }
  if (status === 'PASS' && policy.alertOnFixed && current.lastDefinitive === 'FAIL') return 'FIXED';
  return undefined;
}

function build(
  current: StoredFinding | undefined,
  finding: Finding,
  status: FindingStatus,
  suppression: Suppression | undefined,
  mode: 'sweep' | 'event',
  at: string,
): StoredFinding {
  const changed = current?.status !== status;
  const lastDefinitive = finding.status === 'PASS' || finding.status === 'FAIL' ? finding.status : current?.lastDefinitive;
  const history = changed
    ? pruneHistory([...(current?.history ?? []), { at, from: current?.status ?? null, to: status, reason: finding.reason }], at)
    : (current?.history ?? []);
  const next: StoredFinding = {
    ruleId: finding.ruleId,
    resourceId: finding.resourceId,
    // A RESOLVED finding keeps the name and type people knew it by.
    resourceName: finding.status === 'RESOLVED' && current ? current.resourceName : finding.resourceName,
    resourceType: finding.status === 'RESOLVED' && current ? current.resourceType : finding.resourceType,
    accountId: finding.accountId,
    region: finding.region,
    status,
    evaluatedStatus: finding.status,
    severity: finding.severity,
    reason: finding.reason,
    evidence: finding.status === 'RESOLVED' && current ? current.evidence : finding.evidence,
    firstSeenAt: current?.firstSeenAt ?? at,
    lastChangedAt: changed ? at : (current?.lastChangedAt ?? at),
    lastEvaluatedAt: at,
    version: (current?.version ?? 0) + 1,
    errorStreak: status === 'ERROR' ? (current?.errorStreak ?? 0) + (mode === 'sweep' ? 1 : 0) : 0,
    history,
  };
  if (lastDefinitive) next.lastDefinitive = lastDefinitive;
  if (status === 'SUPPRESSED' && suppression) {
    next.suppression = { reason: suppression.reason, resourcePattern: suppression.resourcePattern, expiresAt: suppression.expiresAt };
  }
  if (status === 'RESOLVED') next.expiresAt = Math.floor(Date.parse(at) / 1000) + RESOLVED_TTL_DAYS * 86_400;
  return next;
}

function pending(kind: AlertKind, next: StoredFinding, from: FindingStatus | null): PendingAlert {
  return { kind, version: next.version, createdAt: next.lastEvaluatedAt, from, to: next.status };
}

function pruneHistory(history: HistoryEntry[], now: string): HistoryEntry[] {
  const cutoff = Date.parse(now) - HISTORY_RETENTION_DAYS * DAY_MS;
  return history.filter((entry) => Date.parse(entry.at) >= cutoff).slice(-HISTORY_MAX_ENTRIES);
}

/** The vocabulary every part of Preflight shares: severities, statuses, evaluations and findings. */

export const Severity = {
  CRITICAL: 'CRITICAL',
  HIGH: 'HIGH',
  MEDIUM: 'MEDIUM',
  LOW: 'LOW',
} as const;
export type Severity = (typeof Severity)[keyof typeof Severity];

/** Highest first; used for sorting and for `--fail-on` thresholds. */
export const SEVERITIES: readonly Severity[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];

/** Weight of a severity in the readiness score: a CRITICAL failure costs eight LOW ones. */
export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { CRITICAL: 8, HIGH: 4, MEDIUM: 2, LOW: 1 };

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

/** What a rule can say about one resource. */
export const EvaluationStatus = {
  PASS: 'PASS',
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  NOT_APPLICABLE: 'NOT_APPLICABLE',
} as const;
export type EvaluationStatus = (typeof EvaluationStatus)[keyof typeof EvaluationStatus];

/**
 * What a stored finding can be: an evaluation status, or RESOLVED (the resource is gone) or
 * SUPPRESSED (a person accepted the risk).
 */
export const FindingStatus = {
  ...EvaluationStatus,
  RESOLVED: 'RESOLVED',
  SUPPRESSED: 'SUPPRESSED',
} as const;
export type FindingStatus = (typeof FindingStatus)[keyof typeof FindingStatus];

export type Evidence = Record<string, unknown>;

/** The verdict of one rule on one resource, before the engine adds identity and time. */
export interface Evaluation {
  status: EvaluationStatus;
  /** One human sentence naming the resource, e.g. "versioning is Suspended on prod-data". */
  reason: string;
  evidence?: Evidence;
}

/** The resource types the rules speak of; an account-level check uses `AWS::::Account`. */
export type ResourceType = `AWS::${string}::${string}` | 'AWS::::Account';

/** A finding as the engine produces it: the evaluation plus who, where and when. */
export interface Finding {
  ruleId: string;
  /** Unique across accounts and regions: an ARN, or the account id (`account/region`) for account-level rules. */
  resourceId: string;
  /** Short name people read (bucket name, alarm name...). */
  resourceName: string;
  resourceType: ResourceType;
  accountId: string;
  /** AWS region of the resource, or `global` for account-wide services (Budgets, IAM). */
  region: string;
  /** RESOLVED when the resource no longer exists. */
  status: EvaluationStatus | typeof FindingStatus.RESOLVED;
  severity: Severity;
  reason: string;
  evidence: Evidence;
  evaluatedAt: string;
  /**
   * Targeted evaluations of rules that can tell whether AWS is still applying a change (`settling`):
   * the name the rule evaluated (to re-evaluate it later) and what is still pending (absent: settled).
   * Not stored: follow-ups read it from the evaluation.
   */
  settlement?: Settlement;
}

export interface Settlement {
  name: string;
  pending?: string;
}

export const GLOBAL_REGION = 'global';

/** A decision to accept a rule's FAIL or ERROR on some resources: their findings become SUPPRESSED. */
export interface Suppression {
  ruleId: string;
  /** Glob over the resource id or name (`*` wildcard). */
  resourcePattern: string;
  reason: string;
  /** ISO time after which the suppression no longer applies. */
  expiresAt?: string;
  createdAt?: string;
}

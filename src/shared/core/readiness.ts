/**
 * The readiness score: the share of applicable rules that pass, weighted by severity, so one failing
 * CRITICAL rule costs as much as eight failing LOW ones. The CLI, the demo and the findings API's
 * `/summary` all compute it here.
 */
import { type FindingStatus, SEVERITIES, SEVERITY_WEIGHT, type Severity } from './model.js';

/** What a rule says as a whole, over all its findings. */
export type RuleVerdict = 'PASS' | 'FAIL' | 'ERROR' | 'NOT_APPLICABLE';

/** The part of a finding the score needs (engine findings and stored findings both fit). */
export interface ScoredFinding {
  ruleId: string;
  severity: Severity;
  status: FindingStatus;
}

export interface RuleReadiness {
  ruleId: string;
  severity: Severity;
  verdict: RuleVerdict;
  /** Findings of this rule by status (statuses with no finding are absent). */
  counts: Partial<Record<FindingStatus, number>>;
}

export interface Readiness {
  /** 0..100, rounded down (100 only when every applicable rule passes); null when no rule applies. */
  score: number | null;
  /** Rules whose verdict is PASS / FAIL / ERROR. */
  passing: number;
  applicable: number;
  /** Ordered by severity (highest first), then rule id. */
  rules: RuleReadiness[];
}

/**
 * A rule's verdict: FAIL if any finding fails; else ERROR if any could not be evaluated (a rule that
 * cannot tell does not pass); else PASS if at least one finding passes; else (only NOT_APPLICABLE,
 * RESOLVED or SUPPRESSED findings, or none) NOT_APPLICABLE. SUPPRESSED counts as an accepted risk: it
 * neither fails nor passes a rule.
 */
export function ruleVerdict(counts: Partial<Record<FindingStatus, number>>): RuleVerdict {
  if (counts.FAIL) return 'FAIL';
  if (counts.ERROR) return 'ERROR';
  if (counts.PASS) return 'PASS';
  return 'NOT_APPLICABLE';
}

/**
 * Scores findings. `rules` lists the rules that ran (with their severity), so a rule with no finding
 * still shows as NOT_APPLICABLE; findings of rules not in `rules` are scored too.
 */
export function readiness(findings: readonly ScoredFinding[], rules: ReadonlyArray<{ id: string; severity: Severity }> = []): Readiness {
  const byRule = new Map<string, { severity: Severity; counts: Partial<Record<FindingStatus, number>> }>();
  for (const rule of rules) byRule.set(rule.id, { severity: rule.severity, counts: {} });
  for (const finding of findings) {
    let entry = byRule.get(finding.ruleId);
    if (!entry) {
      entry = { severity: finding.severity, counts: {} };
      byRule.set(finding.ruleId, entry);
    }
    entry.counts[finding.status] = (entry.counts[finding.status] ?? 0) + 1;
  }

  const perRule: RuleReadiness[] = [...byRule.entries()]
    .map(([ruleId, { severity, counts }]) => ({ ruleId, severity, verdict: ruleVerdict(counts), counts }))
    .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.ruleId.localeCompare(b.ruleId));

  let applicableWeight = 0;
  let passingWeight = 0;
  let passing = 0;
  let applicable = 0;
  for (const rule of perRule) {
    if (rule.verdict === 'NOT_APPLICABLE') continue;
    applicable += 1;
    applicableWeight += SEVERITY_WEIGHT[rule.severity];
    if (rule.verdict === 'PASS') {
      passing += 1;
      passingWeight += SEVERITY_WEIGHT[rule.severity];
    }
  }
  const score = applicableWeight === 0 ? null : Math.floor((100 * passingWeight) / applicableWeight);
  return { score, passing, applicable, rules: perRule };
}

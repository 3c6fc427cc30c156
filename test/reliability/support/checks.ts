/** Invariants every finding must keep, whatever the input: the fuzz properties assert them. */
import { RULES } from '../../../src/rules/index.js';
import type { Finding } from '#shared/core/model.js';

const STATUSES = new Set(['PASS', 'FAIL', 'ERROR', 'NOT_APPLICABLE', 'RESOLVED']);
const RULE_IDS = new Set(RULES.map((r) => r.id));
/** JavaScript's own errors: a rule or reader that throws one on valid input has a bug, whatever ERROR says. */
export const CRASH_CODES = new Set(['TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'URIError', 'EvalError', 'Error', 'UnknownError']);

export function crashOf(finding: Finding): string | undefined {
  if (finding.status !== 'ERROR') return undefined;
  const code = finding.evidence?.errorCode;
  return typeof code === 'string' && CRASH_CODES.has(code) ? `${finding.ruleId} ${finding.resourceName}: ${finding.reason}` : undefined;
}

/** Throws (with the finding) when a finding breaks the contract; returns nothing otherwise. */
export function assertWellFormed(finding: Finding, allowedErrorCodes: ReadonlySet<string> = new Set()): void {
  const problems: string[] = [];
  if (!STATUSES.has(finding.status)) problems.push(`status ${String(finding.status)}`);
  if (!RULE_IDS.has(finding.ruleId)) problems.push(`unknown rule ${finding.ruleId}`);
  if (typeof finding.reason !== 'string' || finding.reason.trim() === '') problems.push('empty reason');
  if (typeof finding.resourceId !== 'string' || finding.resourceId === '') problems.push('empty resourceId');
  if (Number.isNaN(Date.parse(finding.evaluatedAt))) problems.push(`evaluatedAt ${finding.evaluatedAt}`);
  const crash = crashOf(finding);
  if (crash) problems.push(`crashed: ${crash}`);
  if (finding.status === 'ERROR') {
    const code = String(finding.evidence?.errorCode ?? '');
    if (allowedErrorCodes.size > 0 && !allowedErrorCodes.has(code)) problems.push(`ERROR with unexpected code ${code}: ${finding.reason}`);
  }
  if (problems.length > 0) throw new Error(`malformed finding (${problems.join('; ')}): ${JSON.stringify(finding).slice(0, 600)}`);
}

/** Counts unhandled rejections while a suite runs (vitest reports them too; this makes the count an assertion). */
export function trackUnhandledRejections(): { count: () => number; stop: () => void } {
  let n = 0;
  const onRejection = () => {
    n += 1;
  };
  process.on('unhandledRejection', onRejection);
  return { count: () => n, stop: () => process.off('unhandledRejection', onRejection) };
}

import { describe, expect, it } from 'vitest';
import type { FindingStatus, Severity } from '#shared/core/model.js';
import { readiness, ruleVerdict } from '#shared/core/readiness.js';

function f(ruleId: string, severity: Severity, ...statuses: FindingStatus[]) {
  return statuses.map((status) => ({ ruleId, severity, status }));
}

describe('readiness', () => {
  describe('rule verdict', () => {
    it('fails when any finding fails, even among passes and errors', () => {
      expect(ruleVerdict({ PASS: 3, ERROR: 1, FAIL: 1 })).toBe('FAIL');
    });

    it('is ERROR, not PASS, when a finding could not be evaluated', () => {
      expect(ruleVerdict({ PASS: 3, ERROR: 1 })).toBe('ERROR');
    });

    it('passes with at least one PASS and no FAIL or ERROR', () => {
      expect(ruleVerdict({ PASS: 1, NOT_APPLICABLE: 2, RESOLVED: 1 })).toBe('PASS');
    });

    it('is not applicable with only NOT_APPLICABLE, RESOLVED or SUPPRESSED findings, or none', () => {
      expect(ruleVerdict({ NOT_APPLICABLE: 2, RESOLVED: 1 })).toBe('NOT_APPLICABLE');
      expect(ruleVerdict({ SUPPRESSED: 1 })).toBe('NOT_APPLICABLE');
      expect(ruleVerdict({})).toBe('NOT_APPLICABLE');
    });
  });

  describe('score', () => {
    it('is 100 when every applicable rule passes', () => {
      const result = readiness([...f('a', 'HIGH', 'PASS', 'PASS'), ...f('b', 'LOW', 'PASS', 'NOT_APPLICABLE')]);
      expect(result).toMatchObject({ score: 100, passing: 2, applicable: 2 });
    });

    it('weighs rules by severity: a failing CRITICAL costs eight LOW', () => {
      // Prepare: CRITICAL (8) fails, two LOW (1 each) and one HIGH (4) pass.
      const findings = [...f('crit', 'CRITICAL', 'PASS', 'FAIL'), ...f('low-1', 'LOW', 'PASS'), ...f('low-2', 'LOW', 'PASS'), ...f('high', 'HIGH', 'PASS')];
      // Act
      const result = readiness(findings);
      // Assess: (1 + 1 + 4) / (8 + 1 + 1 + 4) = 6/14 = 42.8 → 42
      expect(result).toMatchObject({ score: 42, passing: 3, applicable: 4 });
    });

    it('counts an ERROR rule as applicable and not passing', () => {
      const result = readiness([...f('a', 'MEDIUM', 'PASS', 'ERROR'), ...f('b', 'MEDIUM', 'PASS')]);
      expect(result).toMatchObject({ score: 50, passing: 1, applicable: 2 });
    });

    it('leaves not-applicable rules out of the score', () => {
      const result = readiness([...f('a', 'HIGH', 'PASS'), ...f('b', 'CRITICAL', 'NOT_APPLICABLE', 'RESOLVED')]);
      expect(result).toMatchObject({ score: 100, passing: 1, applicable: 1 });
    });

    it('rounds down, so only a fully passing account scores 100', () => {
      const findings = [...f('big', 'CRITICAL', 'PASS'), ...Array.from({ length: 3 }, (_, i) => f(`r${i}`, 'CRITICAL', 'PASS')).flat()];
      findings.push(...f('small', 'LOW', 'FAIL'));
      // 32 / 33 = 96.97 → 96
      expect(readiness(findings).score).toBe(96);
    });

    it('is null when no rule applies', () => {
      expect(readiness(f('a', 'HIGH', 'NOT_APPLICABLE'))).toMatchObject({ score: null, passing: 0, applicable: 0 });
      expect(readiness([])).toMatchObject({ score: null, rules: [] });
    });
  });

  describe('per rule', () => {
    it('lists rules that ran without findings as not applicable, highest severity first', () => {
      const result = readiness(f('b-rule', 'LOW', 'PASS', 'FAIL', 'FAIL'), [
        { id: 'b-rule', severity: 'LOW' },
        { id: 'a-rule', severity: 'CRITICAL' },
      ]);
      expect(result.rules).toEqual([
        { ruleId: 'a-rule', severity: 'CRITICAL', verdict: 'NOT_APPLICABLE', counts: {} },
        { ruleId: 'b-rule', severity: 'LOW', verdict: 'FAIL', counts: { PASS: 1, FAIL: 2 } },
      ]);
    });
  });
});

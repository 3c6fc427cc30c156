import { describe, expect, it } from 'vitest';
import type { Finding } from '#shared/core/model.js';
import { DEFAULT_POLICY, decide, type StoredFinding } from '#shared/store/transitions.js';

function finding(status: Finding['status'], at: string, reason = `reason ${status}`): Finding {
  return {
    ruleId: 'rule-a',
    resourceId: 'arn:aws:s3:::bucket',
    resourceName: 'bucket',
    resourceType: 'AWS::S3::Bucket',
    accountId: '123456789012',
    region: 'eu-west-1',
    status,
    severity: 'HIGH',
    reason,
    evidence: {},
    evaluatedAt: at,
  };
}

/** Applies evaluations in order, as the store would, and returns the alerts decided. */
function replay(statuses: Finding['status'][], policy = DEFAULT_POLICY, mode: 'sweep' | 'event' = 'sweep') {
  let current: StoredFinding | undefined;
  const alerts: string[] = [];
  statuses.forEach((status, i) => {
    const at = new Date(Date.UTC(2026, 0, 1, i)).toISOString();
    const decision = decide({ current, finding: finding(status, at), policy, mode });
    if (decision.write) {
      if (decision.alert) alerts.push(`${decision.alert.kind}@${i}`);
      current = decision.next;
    }
  });
  return { alerts, current };
}

describe('decide', () => {
  it('alerts once on PASS→FAIL and not while it stays FAIL', () => {
    expect(replay(['PASS', 'FAIL', 'FAIL', 'FAIL']).alerts).toEqual(['REGRESSION@1']);
  });

  it('sees through ERROR flapping: PASS→ERROR→FAIL alerts once, FAIL→ERROR→FAIL never', () => {
    expect(replay(['PASS', 'ERROR', 'FAIL']).alerts).toEqual(['REGRESSION@2']);
    expect(replay(['PASS', 'FAIL', 'ERROR', 'FAIL']).alerts).toEqual(['REGRESSION@1']);
  });

  it('alerts on a new resource first seen FAIL only after the baseline', () => {
    expect(replay(['FAIL'], { ...DEFAULT_POLICY, baselined: false }).alerts).toEqual([]);
    expect(replay(['FAIL'], { ...DEFAULT_POLICY, baselined: true }).alerts).toEqual(['NEW_FAILURE@0']);
  });

  it('alerts on FAIL→PASS only when asked to', () => {
    expect(replay(['FAIL', 'PASS']).alerts).toEqual(['NEW_FAILURE@0']);
    expect(replay(['FAIL', 'PASS'], { ...DEFAULT_POLICY, alertOnFixed: true }).alerts).toEqual(['NEW_FAILURE@0', 'FIXED@1']);
  });

  it('sends one alert when ERROR persists for N sweeps, and none from events', () => {
    const policy = { ...DEFAULT_POLICY, errorAlertAfterSweeps: 3 };
    expect(replay(['PASS', 'ERROR', 'ERROR', 'ERROR', 'ERROR', 'ERROR'], policy).alerts).toEqual(['ERROR_PERSISTING@3']);
    expect(replay(['PASS', 'ERROR', 'ERROR', 'ERROR', 'ERROR'], policy, 'event').alerts).toEqual([]);
  });

  it('writes nothing when nothing changed', () => {
    const { current } = replay(['FAIL']);
    const decision = decide({ current, finding: finding('FAIL', '2027-01-01T00:00:00.000Z'), policy: DEFAULT_POLICY, mode: 'sweep' });
    expect(decision).toEqual({ write: false, why: 'unchanged' });
  });

  it('ignores an evaluation older than the stored one (out-of-order events)', () => {
    const { current } = replay(['PASS', 'FAIL']);
    const decision = decide({ current, finding: finding('PASS', '2025-12-31T00:00:00.000Z'), policy: DEFAULT_POLICY, mode: 'event' });
    expect(decision).toEqual({ write: false, why: 'stale' });
  });

  it('closes a deleted resource (RESOLVED, expires) and alerts when it comes back failing', () => {
    const { alerts, current } = replay(['FAIL', 'RESOLVED']);
    expect(current?.status).toBe('RESOLVED');
    expect(current?.expiresAt).toBeGreaterThan(0);
    expect(alerts).toEqual(['NEW_FAILURE@0']);
    expect(replay(['PASS', 'RESOLVED', 'FAIL']).alerts).toEqual(['NEW_FAILURE@2']);
  });

  it('does not create a finding just to close it', () => {
    expect(decide({ finding: finding('RESOLVED', '2026-01-01T00:00:00.000Z'), policy: DEFAULT_POLICY, mode: 'sweep' })).toEqual({
      write: false,
      why: 'nothing-to-close',
    });
  });

  it('suppressed failures never alert, and alert when the suppression ends', () => {
    const suppression = { ruleId: 'rule-a', resourcePattern: '*', reason: 'accepted' };
    const first = decide({ finding: finding('FAIL', '2026-01-01T00:00:00.000Z'), suppression, policy: DEFAULT_POLICY, mode: 'sweep' });
    expect(first).toMatchObject({ write: true, next: { status: 'SUPPRESSED', evaluatedStatus: 'FAIL' } });
    expect(first.write && first.alert).toBeFalsy();
    const current = first.write ? first.next : undefined;
    const lifted = decide({ current, finding: finding('FAIL', '2026-01-02T00:00:00.000Z'), policy: DEFAULT_POLICY, mode: 'sweep' });
    expect(lifted.write && lifted.alert?.kind).toBe('REGRESSION');
  });

  it('keeps a history of status changes only', () => {
    const { current } = replay(['PASS', 'PASS', 'FAIL', 'FAIL', 'PASS']);
    expect(current?.history.map((h) => `${h.from}->${h.to}`)).toEqual(['null->PASS', 'PASS->FAIL', 'FAIL->PASS']);
    expect(current?.firstSeenAt).toBe('2026-01-01T00:00:00.000Z');
    expect(current?.lastChangedAt).toBe('2026-01-01T04:00:00.000Z');
  });
});

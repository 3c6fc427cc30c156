/** A small scan report as `preflight scan` builds it, for the renderer tests. */
import { RULES } from '../../../src/rules/index.js';
import type { ReportFinding, ScanReport } from '../../../src/cli/report/model.js';
import { readiness } from '#shared/core/readiness.js';

export function finding(overrides: Partial<ReportFinding> = {}): ReportFinding {
  return {
    ruleId: 's3-bucket-versioning-enabled',
    resourceId: 'arn:aws:s3:::prod-data',
    resourceName: 'prod-data',
    resourceType: 'AWS::S3::Bucket',
    accountId: '111122223333',
    region: 'eu-west-1',
    status: 'PASS',
    severity: 'HIGH',
    reason: 'versioning is Enabled on prod-data',
    evidence: { status: 'Enabled' },
    evaluatedAt: '2026-11-23T10:00:00.000Z',
    ...overrides,
  };
}

export const HOSTILE = '<script>alert("x")</script> & \'quotes\', =cmd|/c calc';

export function sampleReport(): ScanReport {
  const findings: ReportFinding[] = [
    finding(),
    finding({
      resourceId: 'arn:aws:s3:::old-logs',
      resourceName: 'old-logs',
      status: 'FAIL',
      reason: 'versioning is Suspended on old-logs',
      evidence: { status: 'Suspended' },
    }),
    finding({
      ruleId: 's3-bucket-mfa-delete-enabled',
      severity: 'MEDIUM',
      status: 'SUPPRESSED',
      evaluatedStatus: 'FAIL',
      reason: 'MFA delete is Disabled on prod-data',
      suppression: {
        ruleId: 's3-bucket-mfa-delete-enabled',
        resourcePattern: 'arn:aws:s3:::prod-*',
        reason: 'MFA device on order',
        expiresAt: '2027-01-01T00:00:00.000Z',
      },
    }),
    finding({
      ruleId: 'budget-cost-budget-exists',
      resourceId: '111122223333',
      resourceName: '111122223333',
      resourceType: 'AWS::::Account',
      region: 'global',
      status: 'ERROR',
      reason: 'AccessDenied: budgets:ViewBudget was denied',
      evidence: { errorCode: 'AccessDenied' },
    }),
    finding({
      ruleId: 'cloudwatch-alarm-action-configured',
      resourceId: 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:cpu',
      resourceName: HOSTILE,
      resourceType: 'AWS::CloudWatch::Alarm',
      status: 'FAIL',
      reason: `alarm ${HOSTILE} has no ALARM action`,
    }),
  ];
  const rules = RULES.filter((r) =>
    [
      's3-bucket-versioning-enabled',
      's3-bucket-mfa-delete-enabled',
      'budget-cost-budget-exists',
      'cloudwatch-alarm-action-configured',
      'elasticache-cache-available',
    ].includes(r.id),
  );
  return {
    version: '0.1.0',
    accountId: '111122223333',
    regions: ['eu-west-1'],
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:02.500Z',
    failOn: 'HIGH',
    readiness: readiness(findings, rules),
    findings,
  };
}

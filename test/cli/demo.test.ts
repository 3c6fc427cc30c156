import { describe, expect, it } from 'vitest';
import { demoScenario } from '../../src/cli/demo/run-demo.js';
import { findRegressions } from '../../src/cli/demo/regressions.js';
import { RULES } from '../../src/rules/index.js';
import { cloudTrailEventSchema } from '../../src/shared/cloudtrail-router.js';
import type { Finding } from '../../src/shared/model.js';
import { cli } from './helpers.js';

describe('preflight demo', () => {
  it('labels the sample data, prints the checklist and readiness, then exactly one regression', async () => {
    // Act
    const { code, stdout, stderr } = await cli(['demo'], { env: {} });

    // Assess
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('PREFLIGHT DEMO: SAMPLE DATA, NOT A REAL AWS ACCOUNT');
    expect(stdout).toContain('Account 123456789012 (eu-west-1, us-east-1) lives in memory.');
    expect(stdout).toMatch(/^RESULT\s+SEVERITY\s+RULE\s+CHECKLIST ITEM\s+PASS\s+FAIL\s+ERROR\s+N\/A$/m);
    for (const rule of RULES) expect(stdout).toMatch(new RegExp(`^(PASS|FAIL|ERROR|N/A)\\s+${rule.severity}\\s+${rule.id}\\s`, 'm'));
    expect(stdout).toMatch(/^FAIL\s+HIGH\s+s3-bucket-versioning-enabled\s+Enable S3 Bucket Versioning\s+2\s+2\s+0\s+0$/m);
    expect(stdout).toMatch(/^Readiness: \d+\/100 \(\d+ of \d+ applicable rules pass, weighted by severity\)$/m);
    expect(stdout).toContain('calls PutBucketVersioning Status=Suspended on prod-data.');
    expect(stdout).toContain('3. Regressions: 1 (each would be one alert)');
    expect(stdout).toContain(
      [
        '[HIGH] s3-bucket-versioning-enabled FAIL prod-data (eu-west-1)',
        '  transition:  PASS -> FAIL',
        '  resource:    arn:aws:s3:::prod-data',
        '  account:     123456789012',
        '  reason:      versioning is Suspended on prod-data',
        '  remediation: Enable versioning so that overwritten or deleted objects can be restored.',
        '               aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled',
      ].join('\n'),
    );
  });

  it('routes the drift event to the S3 rules for prod-data only, re-evaluating without a sweep', async () => {
    const demo = await demoScenario();

    expect(cloudTrailEventSchema.safeParse(demo.event).success).toBe(true);
    expect(demo.event.detail.requestParameters).toMatchObject({ bucketName: 'prod-data', VersioningConfiguration: { Status: 'Suspended' } });

    expect(demo.route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
      ['s3-bucket-versioning-enabled', ['prod-data']],
      ['s3-bucket-mfa-delete-enabled', ['prod-data']],
    ]);
    expect(demo.reevaluated.calls).not.toHaveProperty(['s3:ListBuckets']);
    expect(demo.regressions).toHaveLength(1);
    expect(demo.regressions[0]?.current).toMatchObject({
      ruleId: 's3-bucket-versioning-enabled',
      resourceName: 'prod-data',
      region: 'eu-west-1',
      status: 'FAIL',
      reason: 'versioning is Suspended on prod-data',
    });
    expect(demo.regressions[0]?.previous?.status).toBe('PASS');
  });

  it('sweeps the S3 sample as described: one bucket per case', async () => {
    const { sweep } = await demoScenario();
    const s3 = sweep.findings.filter((f) => f.resourceType === 'AWS::S3::Bucket').map((f) => `${f.ruleId} ${f.resourceName}@${f.region}: ${f.status}`);

    expect(s3.sort()).toEqual([
      's3-bucket-mfa-delete-enabled prod-data@eu-west-1: FAIL',
      's3-bucket-mfa-delete-enabled retainwise-backups-us@us-east-1: FAIL',
      's3-bucket-mfa-delete-enabled retainwise-logs@eu-west-1: FAIL',
      's3-bucket-mfa-delete-enabled retainwise-uploads@eu-west-1: PASS',
      's3-bucket-versioning-enabled prod-data@eu-west-1: PASS',
      's3-bucket-versioning-enabled retainwise-backups-us@us-east-1: FAIL',
      's3-bucket-versioning-enabled retainwise-logs@eu-west-1: FAIL',
      's3-bucket-versioning-enabled retainwise-uploads@eu-west-1: PASS',
    ]);
  });
});

describe('findRegressions', () => {
  const finding = (resourceId: string, status: Finding['status']): Finding => ({
    ruleId: 'r',
    resourceId,
    resourceName: resourceId,
    resourceType: 'AWS::S3::Bucket',
    accountId: '123456789012',
    region: 'eu-west-1',
    status,
    severity: 'HIGH',
    reason: `${resourceId} is ${status}`,
    evidence: {},
    evaluatedAt: '2026-11-23T10:00:00.000Z',
  });

  it('reports PASS→FAIL and first-seen FAIL, not FAIL→FAIL, ERROR→FAIL or anything→PASS', () => {
    const before = [finding('a', 'PASS'), finding('b', 'FAIL'), finding('c', 'ERROR'), finding('d', 'FAIL'), finding('e', 'NOT_APPLICABLE')];
    const after = [finding('a', 'FAIL'), finding('b', 'FAIL'), finding('c', 'FAIL'), finding('d', 'PASS'), finding('e', 'FAIL'), finding('new', 'FAIL')];

    const regressions = findRegressions(before, after);

    expect(regressions.map((r) => `${r.previous?.status ?? 'new'}→${r.current.resourceId}`)).toEqual(['PASS→a', 'NOT_APPLICABLE→e', 'new→new']);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';

const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
const S3_RULES = ['--rules', 's3-bucket-versioning-enabled,s3-bucket-mfa-delete-enabled'];

function withFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-scan-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('preflight scan: formats and configuration', () => {
  beforeEach(() => {
    sts.reset();
    s3.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/ci' });
    s3.on(ListBucketsCommand).resolves({
      Buckets: [
        { Name: 'good', BucketRegion: 'eu-west-1' },
        { Name: 'tmp-scratch', BucketRegion: 'eu-west-1' },
      ],
    });
    s3.on(GetBucketVersioningCommand, { Bucket: 'good' }).resolves({ Status: 'Enabled', MFADelete: 'Enabled' });
    s3.on(GetBucketVersioningCommand, { Bucket: 'tmp-scratch' }).resolves({ Status: 'Suspended' });
  });

  describe('--format', () => {
    it('writes JUnit XML for CI, the exit code still following --fail-on', async () => {
      const { code, stdout, cwd } = await cli(['scan', ...S3_RULES, '--format', 'junit', '--output', 'preflight.xml']);

      expect(code).toBe(1);
      expect(stdout).toBe('Report written to preflight.xml (readiness 0/100). Result: 1 finding(s) at or above HIGH fail or could not be checked (exit 1).\n');
      const xml = readFileSync(join(cwd, 'preflight.xml'), 'utf8');
      expect(xml).toContain('<testsuites name="preflight" tests="2" failures="2" errors="0" time=');
      expect(xml).toContain('<failure message="[HIGH] 1 resource(s) fail: tmp-scratch" type="HIGH">');
    });

    it('prints CSV, OCSF and HTML to stdout', async () => {
      const csv = await cli(['scan', ...S3_RULES, '--format', 'csv']);
      expect(csv.stdout.split('\r\n')[0]).toMatch(/^ACCOUNT_ID,REGION,FAMILY,RULE_ID,/);
      expect(csv.stdout.split('\r\n')).toHaveLength(6);

      const ocsf = JSON.parse((await cli(['scan', ...S3_RULES, '--format', 'ocsf'])).stdout) as Array<{ class_uid: number }>;
      expect(ocsf.map((e) => e.class_uid)).toEqual([2003, 2003, 2003, 2003]);

      const html = (await cli(['scan', ...S3_RULES, '--format', 'html'])).stdout;
      expect(html).toContain('<title>Preflight report: account 111122223333</title>');
      expect(html).toContain('<p>versioning is Suspended on tmp-scratch</p>');
    });

    it('writes CSV for a spreadsheet (UTF-8 BOM, ids as text) to a file, plain CSV to stdout, unless told otherwise', async () => {
      const file = await cli(['scan', ...S3_RULES, '--format', 'csv', '--output', 'findings.csv']);
      const toFile = readFileSync(join(file.cwd, 'findings.csv'), 'utf8');
      expect(toFile.startsWith('\uFEFFACCOUNT_ID,')).toBe(true);
      expect(toFile.split('\r\n')[1]).toMatch(/^"=""111122223333""",eu-west-1,/);

      const plainFile = await cli(['scan', ...S3_RULES, '--format', 'csv', '--output', 'plain.csv', '--no-spreadsheet']);
      expect(readFileSync(join(plainFile.cwd, 'plain.csv'), 'utf8').startsWith('ACCOUNT_ID,')).toBe(true);

      expect((await cli(['scan', ...S3_RULES, '--format', 'csv'])).stdout.startsWith('ACCOUNT_ID,')).toBe(true);
      expect((await cli(['scan', ...S3_RULES, '--format', 'csv', '--spreadsheet'])).stdout.startsWith('\uFEFFACCOUNT_ID,')).toBe(true);
    });

    it('refuses --spreadsheet with a format other than csv, before calling AWS', async () => {
      const { code, stderr } = await cli(['scan', ...S3_RULES, '--format', 'json', '--spreadsheet']);
      expect(code).toBe(2);
      expect(stderr).toBe('preflight: --spreadsheet applies to --format csv only\n');
      expect(sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    });

    it('rejects an unknown format with the choices', async () => {
      const { code, stderr } = await cli(['scan', '--format', 'xml']);
      expect(code).toBe(2);
      expect(stderr).toContain("argument 'xml' is invalid. Allowed choices are table, json, csv, ocsf, html, junit.");
    });
  });

  describe('configuration file', () => {
    const CONFIG = [
      'regions: [eu-west-1]',
      'enabledRules: [s3-bucket-versioning-enabled, s3-bucket-mfa-delete-enabled]',
      'suppressions:',
      '  - ruleId: "*"',
      '    resourcePattern: tmp-*',
      '    reason: scratch buckets, emptied nightly',
      '    expiresAt: 2027-06-30',
      '',
    ].join('\n');

    it('applies ./preflight.config.yaml: suppressed failures show as SUPPRESSED and do not fail --fail-on', async () => {
      // Prepare: no AWS_REGION; the regions and rules come from the file
      const cwd = withFiles({ 'preflight.config.yaml': CONFIG });

      // Act
      const { code, stdout, stderr } = await cli(['scan', '--fail-on', 'LOW'], { cwd, env: {} });

      // Assess
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toContain('Preflight scan of account 111122223333 in eu-west-1: 2 rules, 4 findings');
      expect(stdout).toContain('Configuration: preflight.config.yaml');
      expect(stdout).toMatch(/^RESULT\s+SEVERITY\s+RULE\s+CHECKLIST ITEM\s+PASS\s+FAIL\s+ERROR\s+N\/A\s+SUPPRESSED$/m);
      expect(stdout).toMatch(/^PASS\s+HIGH\s+s3-bucket-versioning-enabled\s+Enable S3 Bucket Versioning\s+1\s+0\s+0\s+0\s+1$/m);
      expect(stdout).toContain(
        [
          'Suppressed (2; they do not fail --fail-on):',
          'SUPPRESSED [HIGH] s3-bucket-versioning-enabled  tmp-scratch (eu-west-1): FAIL, versioning is Suspended on tmp-scratch',
          '      accepted until 2027-07-01T00:00:00.000Z: scratch buckets, emptied nightly',
        ].join('\n'),
      );
      expect(stdout).toContain('Result: nothing fails at or above LOW (exit 0).');
    });

    it('records the suppression in JSON: status SUPPRESSED, what the rule said, and why', async () => {
      const cwd = withFiles({
        'team.json': JSON.stringify({ suppressions: [{ ruleId: 's3-bucket-versioning-enabled', resourcePattern: 'arn:aws:s3:::tmp-*', reason: 'scratch' }] }),
      });

      const { code, stdout } = await cli(['scan', ...S3_RULES, '--config', 'team.json', '--format', 'json'], { cwd });

      expect(code).toBe(0);
      const report = JSON.parse(stdout) as { config: string; findings: Array<Record<string, unknown>> };
      expect(report.config).toBe('team.json');
      expect(report.findings.find((f) => f.resourceName === 'tmp-scratch' && f.ruleId === 's3-bucket-versioning-enabled')).toMatchObject({
        status: 'SUPPRESSED',
        evaluatedStatus: 'FAIL',
        suppression: { ruleId: 's3-bucket-versioning-enabled', resourcePattern: 'arn:aws:s3:::tmp-*', reason: 'scratch' },
      });
    });

    it('lets --region, --rules and --params override the file, and --no-config ignore it', async () => {
      const cwd = withFiles({ 'preflight.config.json': JSON.stringify({ regions: ['us-east-1'], enabledRules: ['s3-bucket-versioning-enabled'] }) });

      const overridden = await cli(['scan', '--region', 'eu-west-1', ...S3_RULES, '--format', 'json'], { cwd });
      const ignored = await cli(['scan', ...S3_RULES, '--no-config', '--format', 'json'], { cwd });

      const a = JSON.parse(overridden.stdout) as { regions: string[]; readiness: { rules: unknown[] }; config?: string };
      expect(a.regions).toEqual(['eu-west-1']);
      expect(a.readiness.rules).toHaveLength(2);
      expect(a.config).toBe('preflight.config.json');
      expect((JSON.parse(ignored.stdout) as { config?: string }).config).toBeUndefined();
    });

    it('ignores an expired suppression, and says so on stderr', async () => {
      const cwd = withFiles({
        'preflight.config.yaml': 'suppressions:\n  - ruleId: "*"\n    resourcePattern: tmp-*\n    reason: was temporary\n    expiresAt: 2026-01-31\n',
      });

      const { code, stderr } = await cli(['scan', ...S3_RULES], { cwd });

      expect(code).toBe(1);
      expect(stderr).toBe('preflight: warning: the suppression of * on tmp-* expired at 2026-02-01T00:00:00.000Z; it no longer applies\n');
    });

    it('exits 2 before any AWS call on an invalid file, naming the offending field', async () => {
      const cwd = withFiles({ 'preflight.config.yaml': 'suppressions:\n  - ruleId: s3-bucket-versioning-enabled\n    resource: tmp-*\n    reason: x\n' });

      const { code, stderr } = await cli(['scan', ...S3_RULES], { cwd });

      expect(code).toBe(2);
      expect(stderr).toBe(
        `preflight: ${join(cwd, 'preflight.config.yaml')}: suppressions.0.resourcePattern: Invalid input: expected string, received undefined; suppressions.0.resource: unknown key\n`,
      );
      expect(sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    });

    it('exits 2 when --config names a missing file', async () => {
      const { code, stderr } = await cli(['scan', '--config', 'nope.yaml']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^preflight: cannot read configuration .*nope\.yaml: ENOENT/);
    });
  });
});

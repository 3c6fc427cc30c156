import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetBucketTaggingCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { accessDenied, awsError } from '../helpers/aws.js';
import { cli } from './helpers.js';

const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);

// The S3 family only: other families' clients stay unmocked and must not be called.
const S3_RULES = ['--rules', 's3-bucket-versioning-enabled,s3-bucket-mfa-delete-enabled'];

function bucketsIn(region: string, ...names: string[]) {
  return { Buckets: names.map((Name) => ({ Name, BucketRegion: region })) };
}

function credentialsProviderError(message = 'Could not load credentials from any providers'): Error {
  return Object.assign(new Error(message), { name: 'CredentialsProviderError', tryNextLink: false });
}

describe('preflight scan', () => {
  beforeEach(() => {
    sts.reset();
    s3.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: 'arn:aws:iam::111122223333:user/ci' });
    s3.on(ListBucketsCommand).resolves(bucketsIn('eu-west-1', 'good', 'no-mfa'));
    s3.on(GetBucketVersioningCommand, { Bucket: 'good' }).resolves({ Status: 'Enabled', MFADelete: 'Enabled' });
    s3.on(GetBucketVersioningCommand, { Bucket: 'no-mfa' }).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
  });

  describe('exit codes', () => {
    it('exits 0 when everything passes, and prints the checklist', async () => {
      s3.on(ListBucketsCommand).resolves(bucketsIn('eu-west-1', 'good'));

      const { code, stdout, stderr } = await cli(['scan', ...S3_RULES]);

      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toContain('Preflight scan of account 111122223333 in eu-west-1: 2 rules, 2 findings');
      expect(stdout).toMatch(/PASS\s+HIGH\s+s3-bucket-versioning-enabled\s+Enable S3 Bucket Versioning\s+1\s+0\s+0\s+0/);
      expect(stdout).toContain('No failing or erroring resources.');
      expect(stdout).toContain('Readiness: 100/100 (2 of 2 applicable rules pass, weighted by severity)');
      expect(stdout).toContain('Result: nothing fails at or above HIGH (exit 0).');
    });

    it('exits 0 when only a MEDIUM rule fails and --fail-on is the default HIGH', async () => {
      const { code, stdout } = await cli(['scan', ...S3_RULES]);

      expect(code).toBe(0);
      expect(stdout).toMatch(/FAIL\s+MEDIUM\s+s3-bucket-mfa-delete-enabled/);
      expect(stdout).toContain('FAIL  [MEDIUM] s3-bucket-mfa-delete-enabled  no-mfa (eu-west-1)\n      MFA delete is Disabled on no-mfa');
    });

    it('exits 1 when a MEDIUM rule fails and --fail-on is MEDIUM (or lower, any case)', async () => {
      expect((await cli(['scan', ...S3_RULES, '--fail-on', 'MEDIUM'])).code).toBe(1);
      expect((await cli(['scan', ...S3_RULES, '--fail-on', 'low'])).code).toBe(1);
    });

    it('exits 1 when a HIGH rule fails, with the failing resource, its reason and the fix', async () => {
      s3.on(GetBucketVersioningCommand, { Bucket: 'no-mfa' }).resolves({ Status: 'Suspended' });

      const { code, stdout } = await cli(['scan', ...S3_RULES]);

      expect(code).toBe(1);
      expect(stdout).toContain(
        [
          'FAIL  [HIGH] s3-bucket-versioning-enabled  no-mfa (eu-west-1)',
          '      versioning is Suspended on no-mfa',
          '      fix: aws s3api put-bucket-versioning --bucket no-mfa --versioning-configuration Status=Enabled',
        ].join('\n'),
      );
      expect(stdout).toContain('Result: 1 finding(s) at or above HIGH fail or could not be checked (exit 1).');
    });

    it('exits 0 when a HIGH rule fails but --fail-on is CRITICAL', async () => {
      s3.on(GetBucketVersioningCommand, { Bucket: 'no-mfa' }).resolves({ Status: 'Suspended' });

      expect((await cli(['scan', ...S3_RULES, '--fail-on', 'CRITICAL'])).code).toBe(0);
    });

    it('exits 1 when a HIGH rule cannot tell (ERROR is not a pass)', async () => {
      s3.on(GetBucketVersioningCommand, { Bucket: 'no-mfa' }).rejects(accessDenied());

      const { code, stdout } = await cli(['scan', ...S3_RULES]);

      expect(code).toBe(1);
      expect(stdout).toMatch(/ERROR\s+HIGH\s+s3-bucket-versioning-enabled/);
      expect(stdout).toContain('ERROR [HIGH] s3-bucket-versioning-enabled  no-mfa (eu-west-1)\n      AccessDenied: User is not authorized');
    });
  });

  describe('credential and configuration errors exit 2 with one line', () => {
    it('says so when no AWS credentials are found', async () => {
      sts.on(GetCallerIdentityCommand).rejects(credentialsProviderError());

      const { code, stdout, stderr } = await cli(['scan', ...S3_RULES]);

      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toBe('preflight: no AWS credentials found (set AWS_PROFILE or run aws configure)\n');
      expect(s3).not.toHaveReceivedCommand(ListBucketsCommand);
    });

    it('says so when AWS rejects the credentials', async () => {
      sts.on(GetCallerIdentityCommand).rejects(awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403));

      const { code, stderr } = await cli(['scan', ...S3_RULES]);

      expect(code).toBe(2);
      expect(stderr).toBe('preflight: AWS rejected the credentials (InvalidClientTokenId): The security token included in the request is invalid.\n');
    });

    it('needs a region: --region, AWS_REGION or AWS_DEFAULT_REGION', async () => {
      const { code, stderr } = await cli(['scan', ...S3_RULES], { env: {} });

      expect(code).toBe(2);
      expect(stderr).toBe('preflight: no region: pass --region <region> (repeatable) or set AWS_REGION\n');
      expect(sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
      expect((await cli(['scan', ...S3_RULES], { env: { AWS_DEFAULT_REGION: 'eu-west-1' } })).code).toBe(0);
    });

    it('rejects a misspelt region or rule id before calling AWS', async () => {
      expect(await cli(['scan', '--region', 'eu-west'])).toMatchObject({ code: 2, stderr: 'preflight: not an AWS region: eu-west (e.g. eu-west-1)\n' });
      expect(await cli(['scan', '--rules', 's3-versioning'])).toMatchObject({ code: 2, stderr: 'preflight: unknown rule id: s3-versioning\n' });
      expect(sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    });

    it('rejects --params that is not JSON, not an object of objects, or invalid for the rule', async () => {
      expect((await cli(['scan', '--params', '{nope'])).stderr).toMatch(/^preflight: --params is not valid JSON: /);
      expect((await cli(['scan', '--params', '[1]'])).stderr).toMatch(/^preflight: --params must be a JSON object of rule ids/);
      const invalid = await cli(['scan', ...S3_RULES, '--params', '{"s3-bucket-mfa-delete-enabled":{"tagKey":""}}']);
      expect(invalid.code).toBe(2);
      expect(invalid.stderr).toMatch(/^preflight: invalid params: s3-bucket-mfa-delete-enabled\.tagKey: /);
      expect((await cli(['scan', '--params', '@missing.json'])).stderr).toMatch(/^preflight: cannot read --params file missing\.json: /);
    });
  });

  describe('options', () => {
    it('applies --params, inline or from @file', async () => {
      s3.on(GetBucketTaggingCommand, { Bucket: 'good' }).resolves({ TagSet: [{ Key: 'critical', Value: 'true' }] });
      s3.on(GetBucketTaggingCommand, { Bucket: 'no-mfa' }).rejects(awsError('NoSuchTagSet', 'The TagSet does not exist', 404));
      const params = '{"s3-bucket-mfa-delete-enabled":{"tagKey":"critical"}}';

      const inline = await cli(['scan', ...S3_RULES, '--params', params, '--format', 'json', '--fail-on', 'LOW']);
      const fromFile = await cli(['scan', ...S3_RULES, '--params', '@params.json', '--fail-on', 'LOW'], {
        cwd: ((dir) => {
          writeFileSync(join(dir, 'params.json'), params);
          return dir;
        })(inline.cwd),
      });

      expect(inline.code).toBe(0);
      const mfa = (JSON.parse(inline.stdout) as { findings: Array<{ ruleId: string; resourceName: string; status: string; reason: string }> }).findings.filter(
        (f) => f.ruleId === 's3-bucket-mfa-delete-enabled',
      );
      expect(mfa.map((f) => [f.resourceName, f.status, f.reason])).toEqual([
        ['good', 'PASS', 'MFA delete is Enabled on good'],
        ['no-mfa', 'NOT_APPLICABLE', 'no-mfa is not tagged critical'],
      ]);
      expect(fromFile.code).toBe(0);
    });

    it('scans every --region given (repeated or comma-separated), once each', async () => {
      s3.on(ListBucketsCommand).resolves({
        Buckets: [
          { Name: 'good', BucketRegion: 'eu-west-1' },
          { Name: 'us', BucketRegion: 'us-east-1' },
        ],
      });
      s3.on(GetBucketVersioningCommand, { Bucket: 'us' }).resolves({ Status: 'Enabled', MFADelete: 'Enabled' });

      const { code, stdout } = await cli(['scan', ...S3_RULES, '--region', 'eu-west-1', '--region', 'us-east-1,eu-west-1', '--format', 'json']);

      expect(code).toBe(0);
      const report = JSON.parse(stdout) as { regions: string[]; findings: Array<{ resourceName: string; region: string }> };
      expect(report.regions).toEqual(['eu-west-1', 'us-east-1']);
      expect(new Set(report.findings.map((f) => `${f.resourceName}@${f.region}`))).toEqual(new Set(['good@eu-west-1', 'us@us-east-1']));
    });

    it('prints JSON: account, regions, times, readiness and findings', async () => {
      const { code, stdout } = await cli(['scan', ...S3_RULES, '--format', 'json']);

      expect(code).toBe(0);
      const report = JSON.parse(stdout) as Record<string, unknown>;
      expect(Object.keys(report)).toEqual(['version', 'accountId', 'regions', 'startedAt', 'finishedAt', 'failOn', 'readiness', 'findings']);
      expect(report).toMatchObject({
        accountId: '111122223333',
        regions: ['eu-west-1'],
        startedAt: '2026-11-23T10:00:00.000Z',
        finishedAt: '2026-11-23T10:00:00.000Z',
        failOn: 'HIGH',
        readiness: { score: 66, passing: 1, applicable: 2 },
      });
      expect(report.findings).toHaveLength(4);
      expect((report.findings as unknown[])[0]).toMatchObject({
        ruleId: 's3-bucket-mfa-delete-enabled',
        resourceId: 'arn:aws:s3:::good',
        resourceName: 'good',
        resourceType: 'AWS::S3::Bucket',
        accountId: '111122223333',
        region: 'eu-west-1',
        status: 'PASS',
        severity: 'MEDIUM',
        reason: 'MFA delete is Enabled on good',
      });
    });

    it('writes the report to --output and a one-line summary to stdout', async () => {
      s3.on(GetBucketVersioningCommand, { Bucket: 'no-mfa' }).resolves({ Status: 'Suspended' });

      const { code, stdout, cwd } = await cli(['scan', ...S3_RULES, '--format', 'json', '--output', 'report.json']);

      expect(code).toBe(1);
      expect(stdout).toBe('Report written to report.json (readiness 0/100). Result: 1 finding(s) at or above HIGH fail or could not be checked (exit 1).\n');
      const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as { findings: unknown[] };
      expect(report.findings).toHaveLength(4);
    });

    it('exits 2 when --output cannot be written, before scanning', async () => {
      const { code, stderr } = await cli(['scan', ...S3_RULES, '--output', 'no/such/dir/report.txt']);

      expect(code).toBe(2);
      expect(stderr).toBe('preflight: cannot write --output no/such/dir/report.txt: the directory no/such/dir does not exist\n');
      expect(sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
    });
  });

  describe('progress', () => {
    it('is drawn on stderr when it is a terminal, and erased at the end', async () => {
      const { stdout, stderr } = await cli(['scan', ...S3_RULES], { tty: true });

      expect(stderr).toContain('Scanning… ');
      expect(stderr).toMatch(/Scanning… 4\/4 evaluations\r\x1b\[2K$/);
      expect(stdout).not.toContain('Scanning');
    });

    it('is absent when stderr is piped', async () => {
      expect((await cli(['scan', ...S3_RULES])).stderr).toBe('');
    });
  });
});

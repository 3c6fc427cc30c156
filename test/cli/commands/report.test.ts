import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { REPORT_FORMATS } from '../../../src/cli/report/model.js';
import { cli, tempDir } from '../helpers.js';

const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
const S3_RULES = ['--rules', 's3-bucket-versioning-enabled,s3-bucket-mfa-delete-enabled'];

describe('preflight report', () => {
  beforeEach(() => {
    sts.reset();
    s3.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
    s3.on(ListBucketsCommand).resolves({
      Buckets: [
        { Name: 'good', BucketRegion: 'eu-west-1' },
        { Name: 'old', BucketRegion: 'eu-west-1' },
      ],
    });
    s3.on(GetBucketVersioningCommand, { Bucket: 'good' }).resolves({ Status: 'Enabled', MFADelete: 'Enabled' });
    s3.on(GetBucketVersioningCommand, { Bucket: 'old' }).resolves({ Status: 'Suspended' });
  });

  it('renders a saved JSON scan in every format without calling AWS', async () => {
    // Prepare
    const saved = await cli(['scan', ...S3_RULES, '--format', 'json', '--output', 'findings.json']);
    sts.reset();
    s3.reset();

    for (const format of REPORT_FORMATS) {
      // Act
      const rendered = await cli(['report', '--from', 'findings.json', '--format', format], { cwd: saved.cwd });

      // Assess
      expect(rendered.code, format).toBe(0);
      expect(rendered.stdout.length, format).toBeGreaterThan(100);
      if (format === 'json') expect(JSON.parse(rendered.stdout)).toEqual(JSON.parse(readFileSync(join(saved.cwd, 'findings.json'), 'utf8')));
    }
    expect(sts).not.toHaveReceivedCommand(GetCallerIdentityCommand);
  });

  it('matches the live scan output byte for byte (html)', async () => {
    const live = await cli(['scan', ...S3_RULES, '--format', 'html']);
    const saved = await cli(['scan', ...S3_RULES, '--format', 'json', '--output', 'findings.json']);

    const rendered = await cli(['report', '--from', 'findings.json', '--format', 'html', '--output', 'report.html'], { cwd: saved.cwd });

    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toBe('Report written to report.html (html, 4 findings of account 111122223333).\n');
    expect(readFileSync(join(saved.cwd, 'report.html'), 'utf8')).toBe(live.stdout);
  });

  it('defaults to HTML', async () => {
    const saved = await cli(['scan', ...S3_RULES, '--format', 'json', '--output', 'findings.json']);
    expect((await cli(['report', '--from', 'findings.json'], { cwd: saved.cwd })).stdout).toMatch(/^<!doctype html>/);
  });

  it('exits 2 with one line for a missing, non-JSON or non-scan file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ version: '0.1.0', findings: [{ ruleId: 'x' }] }));

    const missing = await cli(['report', '--from', 'nope.json'], { cwd: dir });
    const text = await cli(['report', '--from', 'notes.txt'], { cwd: dir });
    const other = await cli(['report', '--from', 'other.json'], { cwd: dir });
    const noFrom = await cli(['report'], { cwd: dir });

    expect(missing).toMatchObject({ code: 2, stderr: expect.stringMatching(/^preflight: cannot read --from nope\.json: ENOENT/) });
    expect(text).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^preflight: notes\.txt is not JSON \(save a scan with --format json --output notes\.txt\): /),
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/^preflight: other\.json is not a saved preflight scan: accountId: .+; and \d+ more\n$/);
    expect(noFrom).toMatchObject({ code: 2, stderr: expect.stringContaining("required option '--from <file>' not specified") });
  });
});

/**
 * `preflight scan` given input that would scan nothing, hang or mislead: each is one line on stderr
 * naming the file and the field, exit 2, and not a single AWS call.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers.js';

const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);

function withFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-hostile-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Exit 2, exactly one line on stderr, nothing on stdout, no AWS call at all. */
async function refused(argv: string[], cwd?: string): Promise<string> {
  const { code, stdout, stderr } = await cli(argv, cwd ? { cwd } : {});
  expect(code).toBe(2);
  expect(stdout).toBe('');
  expect(stderr).toMatch(/^preflight: [^\n]+\n$/);
  expect(sts.calls()).toHaveLength(0);
  expect(s3.calls()).toHaveLength(0);
  return stderr;
}

describe('preflight scan refuses, before any AWS call', () => {
  beforeEach(() => {
    sts.reset();
    s3.reset();
  });

  describe('a selection of no rule (a gate that checks nothing must not pass)', () => {
    it.each([[','], [' , '], ['']])('--rules %j', async (value) => {
      expect(await refused(['scan', '--rules', value])).toBe(
        'preflight: --rules names no rule: a scan that checks nothing cannot pass (see preflight rules)\n',
      );
    });

    it('a configuration whose enabledRules is empty', async () => {
      const cwd = withFiles({ 'preflight.config.json': '{"enabledRules": []}' });
      expect(await refused(['scan'], cwd)).toBe(
        `preflight: ${join(cwd, 'preflight.config.json')}: enabledRules and disabledRules leave no rule to run: a scan that checks nothing cannot pass\n`,
      );
    });

    it('a configuration that disables every rule it enables', async () => {
      const cwd = withFiles({ 'team.yaml': 'enabledRules: [s3-bucket-versioning-enabled]\ndisabledRules: [s3-bucket-versioning-enabled]\n' });
      expect(await refused(['scan', '--config', 'team.yaml'], cwd)).toContain('team.yaml: enabledRules and disabledRules leave no rule to run');
    });
  });

  describe('a hostile configuration file', () => {
    it('a YAML alias bomb', async () => {
      const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]', ...'bcdefgh'.split('').map((n, i) => `${n}: &${n} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(',')}]`)];
      const cwd = withFiles({ 'preflight.config.yaml': `${levels.join('\n')}\nregions: *h\n` });
      expect(await refused(['scan'], cwd)).toMatch(new RegExp(`^preflight: ${join(cwd, 'preflight.config.yaml')}: not valid YAML: .*alias`, 'i'));
    });

    it('a file over 1 MiB', async () => {
      const cwd = withFiles({ 'preflight.config.json': JSON.stringify({ regions: ['eu-west-1'], pad: 'x'.repeat(2 * 1024 * 1024) }) });
      expect(await refused(['scan'], cwd)).toMatch(new RegExp(`^preflight: ${join(cwd, 'preflight.config.json')}: \\d+ bytes, larger than the 1 MiB`));
    });

    it('params with a __proto__ key, in the file or in --params', async () => {
      const cwd = withFiles({
        'preflight.config.json': '{"params": {"budget-alert-thresholds": {"__proto__": {"thresholds": [1]}}}}',
        'params.json': '{"__proto__": {"thresholds": [1]}}',
      });
      expect(await refused(['scan'], cwd)).toBe(
        `preflight: ${join(cwd, 'preflight.config.json')}: params.budget-alert-thresholds.__proto__: is a reserved name (__proto__, constructor, prototype)\n`,
      );
      expect(await refused(['scan', '--no-config', '--params', '{"budget-alert-thresholds": {"constructor": {}}}'], cwd)).toBe(
        'preflight: --params: budget-alert-thresholds.constructor: is a reserved name (__proto__, constructor, prototype)\n',
      );
      expect(await refused(['scan', '--no-config', '--params', '@params.json'], cwd)).toBe(
        'preflight: --params params.json: __proto__: is a reserved name (__proto__, constructor, prototype)\n',
      );
    });

    it('a --params file over 1 MiB', async () => {
      const cwd = withFiles({ 'params.json': JSON.stringify({ 'budget-alert-thresholds': { pad: 'x'.repeat(2 * 1024 * 1024) } }) });
      expect(await refused(['scan', '--params', '@params.json'], cwd)).toMatch(/^preflight: --params params\.json: \d+ bytes, larger than the 1 MiB/);
    });
  });

  describe('an --output that cannot be written', () => {
    it('in a directory that does not exist', async () => {
      expect(await refused(['scan', '--output', 'no/such/dir/report.txt'])).toBe(
        'preflight: cannot write --output no/such/dir/report.txt: the directory no/such/dir does not exist\n',
      );
    });

    it('that is a directory', async () => {
      const cwd = withFiles({});
      mkdirSync(join(cwd, 'reports'));
      expect(await refused(['scan', '--output', 'reports'], cwd)).toBe('preflight: cannot write --output reports: it is a directory\n');
    });

    it('under a path that is a file', async () => {
      const cwd = withFiles({ 'notes.txt': 'x' });
      expect(await refused(['scan', '--output', 'notes.txt/report.json'], cwd)).toBe(
        'preflight: cannot write --output notes.txt/report.json: notes.txt is not a directory\n',
      );
    });
  });
});

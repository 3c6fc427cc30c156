import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { RULES } from '../../src/rules/index.js';
import { cli } from './helpers.js';

describe('preflight CLI', () => {
  describe('help and version', () => {
    it.each([[['--help']], [['scan', '--help']], [['rules', '--help']], [['demo', '--help']]])('%j prints usage and exits 0', async (argv) => {
      const { code, stdout } = await cli(argv);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Usage: preflight/);
    });

    it.each([[['--version']], [['-V']], [['scan', '--version']], [['rules', '--version']], [['demo', '--version']]])(
      '%j prints the package version and exits 0',
      async (argv) => {
        const { code, stdout } = await cli(argv);
        expect(code).toBe(0);
        expect(stdout).toBe(`${pkg.version}\n`);
      },
    );

    it('documents the exit codes and --fail-on in scan --help', async () => {
      const { stdout } = await cli(['scan', '--help']);
      for (const flag of ['--region', '--rules', '--format', '--output', '--fail-on', '--params']) expect(stdout).toContain(flag);
      expect(stdout).toContain('default: "HIGH"');
      expect(stdout).toMatch(/Exit codes: 0 .*\n.*2 usage/);
    });
  });

  describe('usage errors exit 2', () => {
    it('without a command, prints the usage on stderr', async () => {
      const { code, stdout, stderr } = await cli([]);
      expect(code).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^Usage: preflight/);
    });

    it('on an unknown command', async () => {
      const { code, stderr } = await cli(['sacn']);
      expect(code).toBe(2);
      expect(stderr).toContain("preflight: unknown command 'sacn'");
      expect(stderr).toContain('Did you mean scan?');
    });

    it('on an unknown option, with one line and no stack', async () => {
      const { code, stderr } = await cli(['scan', '--bogus']);
      expect(code).toBe(2);
      expect(stderr.split('\n')[0]).toBe("preflight: unknown option '--bogus'");
      expect(stderr).not.toMatch(/\n\s+at /);
    });

    it('on a --format that is not table or json', async () => {
      const { code, stderr } = await cli(['rules', '--format', 'xml']);
      expect(code).toBe(2);
      expect(stderr).toContain("argument 'xml' is invalid. Allowed choices are table, json.");
    });

    it('on a --fail-on that is not a severity', async () => {
      const { code, stderr } = await cli(['scan', '--fail-on', 'urgent']);
      expect(code).toBe(2);
      expect(stderr).toContain('expected one of CRITICAL, HIGH, MEDIUM, LOW');
    });
  });

  describe('rules', () => {
    it('lists every registry rule as JSON with its metadata', async () => {
      const { code, stdout } = await cli(['rules', '--format', 'json']);
      expect(code).toBe(0);
      const listed = JSON.parse(stdout) as Array<Record<string, unknown>>;
      expect(listed.map((r) => r.id)).toEqual(RULES.map((r) => r.id));
      expect(listed[0]).toMatchObject({
        id: 's3-bucket-versioning-enabled',
        severity: 'HIGH',
        resourceType: 'AWS::S3::Bucket',
        checklist: { source: '000 §5', item: 'Enable S3 Bucket Versioning' },
        controls: { securityHub: ['S3.14'], awsConfig: 's3-bucket-versioning-enabled' },
        iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketVersioning'],
        triggers: [{ eventSource: 's3.amazonaws.com', eventNames: ['CreateBucket', 'PutBucketVersioning', 'DeleteBucket'], targetsResource: true }],
      });
    });

    it('prints a table with one line per rule', async () => {
      const { code, stdout } = await cli(['rules']);
      expect(code).toBe(0);
      const lines = stdout.split('\n');
      expect(lines[0]).toMatch(/^ID\s+SEVERITY\s+RESOURCE TYPE\s+CHECKLIST ITEM\s+CONTROLS$/);
      for (const rule of RULES) {
        expect(lines.find((l) => l.startsWith(`${rule.id} `))).toContain(rule.checklist.item);
      }
      expect(stdout).toContain(`${RULES.length} rules.`);
    });
  });
});

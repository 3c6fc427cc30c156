import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '#shared/core/errors.js';
import {
  CONFIG_MAX_BYTES,
  configuredRuleIds,
  expiredSuppressions,
  findDefaultConfigFile,
  loadParameterConfig,
  loadPreflightConfigFile,
  mergeParams,
  parsePreflightConfig,
} from '#shared/config/preflight-config.js';
import { RULES } from '../../../src/rules/index.js';

const YAML_CONFIG = `
# preflight.config.yaml
regions: [eu-west-1, us-east-1]
enabledRules:
  - s3-bucket-versioning-enabled
  - s3-bucket-mfa-delete-enabled
  - budget-alert-thresholds
disabledRules: [s3-bucket-mfa-delete-enabled]
params:
  budget-alert-thresholds:
    thresholds: [80, 100]
suppressions:
  - ruleId: s3-bucket-versioning-enabled
    resourcePattern: "arn:aws:s3:::tmp-*"
    reason: scratch buckets, emptied nightly
    expiresAt: 2026-12-31
  - ruleId: "*"
    resourcePattern: sandbox-*
    reason: the sandbox account's toys
accounts:
  - id: "111122223333"
    name: prod
    roleArn: arn:aws:iam::111122223333:role/PreflightReadOnly
`;

async function problems(text: string, format: 'json' | 'yaml' = 'yaml'): Promise<string> {
  try {
    await parsePreflightConfig(text, format, 'preflight.config.yaml', RULES);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parsePreflightConfig', () => {
  it('reads every setting from YAML, with a date-only expiry meaning the end of that day (UTC)', async () => {
    // Act
    const config = await parsePreflightConfig(YAML_CONFIG, 'yaml', 'preflight.config.yaml', RULES);

    // Assess
    expect(config).toEqual({
      source: 'preflight.config.yaml',
      regions: ['eu-west-1', 'us-east-1'],
      enabledRules: ['s3-bucket-versioning-enabled', 's3-bucket-mfa-delete-enabled', 'budget-alert-thresholds'],
      disabledRules: ['s3-bucket-mfa-delete-enabled'],
      params: { 'budget-alert-thresholds': { thresholds: [80, 100] } },
      suppressions: [
        {
          ruleId: 's3-bucket-versioning-enabled',
          resourcePattern: 'arn:aws:s3:::tmp-*',
          reason: 'scratch buckets, emptied nightly',
          expiresAt: '2027-01-01T00:00:00.000Z',
        },
        { ruleId: '*', resourcePattern: 'sandbox-*', reason: "the sandbox account's toys" },
      ],
      accounts: [{ id: '111122223333', name: 'prod', roleArn: 'arn:aws:iam::111122223333:role/PreflightReadOnly' }],
    });
    expect(configuredRuleIds(config, RULES)).toEqual(['s3-bucket-versioning-enabled', 'budget-alert-thresholds']);
  });

  it('reads the same settings from JSON, and an empty file as "all defaults"', async () => {
    const json = JSON.stringify({
      regions: ['eu-west-1'],
      suppressions: [{ ruleId: '*', resourcePattern: 'x', reason: 'y', expiresAt: '2026-12-31T18:00:00Z' }],
    });
    expect((await parsePreflightConfig(json, 'json', 'c.json', RULES)).suppressions[0]?.expiresAt).toBe('2026-12-31T18:00:00.000Z');
    const empty = await parsePreflightConfig('', 'yaml', 'c.yaml', RULES);
    expect(empty).toMatchObject({ disabledRules: [], params: {}, suppressions: [], accounts: [] });
    expect(configuredRuleIds(empty, RULES).length).toBeGreaterThan(10);
  });

  it('rejects unknown keys, naming each with its path', async () => {
    expect(await problems('region: eu-west-1\nsuppressions:\n  - ruleId: "*"\n    resourcePattern: x\n    reason: y\n    until: 2026-01-01\n')).toBe(
      'preflight.config.yaml: suppressions.0.until: unknown key; region: unknown key',
    );
  });

  it('rejects bad values with the path of the offending field', async () => {
    const message = await problems(
      [
        'regions: [eu-west]',
        'enabledRules: [s3-bucket-versioning-enabled, no-such-rule]',
        'suppressions:',
        '  - ruleId: s3-bucket-versioning-enabled',
        '    resourcePattern: "*"',
        '    reason: ""',
        '    expiresAt: next week',
        'accounts:',
        '  - id: "123"',
      ].join('\n'),
    );
    expect(message).toContain('regions.0: must be an AWS region such as eu-west-1');
    expect(message).toContain('enabledRules.1: is not a known rule id (see preflight rules)');
    expect(message).toContain('suppressions.0.reason: must say why the risk is accepted');
    expect(message).toContain('suppressions.0.expiresAt: must be a date (2026-12-31) or an ISO date-time (2026-12-31T18:00:00Z)');
    expect(message).toContain('accounts.0.id: must be a 12-digit AWS account id');
  });

  it('checks rule params with the rule’s own schema, down to the offending param', async () => {
    const message = await problems('params:\n  budget-alert-thresholds:\n    thresholds: high\n    colour: red\n');
    expect(message).toMatch(/^preflight\.config\.yaml: params\.budget-alert-thresholds\.thresholds: .+/);
    expect(message).toContain('params.budget-alert-thresholds');
    expect(message).toContain('colour');
    expect(await problems('params:\n  nope: {}\n')).toBe('preflight.config.yaml: params.nope: is not a known rule id (see preflight rules)');
  });

  it('says what is wrong with text that is not YAML or JSON, or not a mapping', async () => {
    expect(await problems('regions: [eu-west-1\n')).toMatch(/^preflight\.config\.yaml: not valid YAML: /);
    expect(await problems('{"regions": ', 'json')).toMatch(/^preflight\.config\.yaml: not valid JSON: /);
    expect(await problems('- a\n- b\n')).toBe('preflight.config.yaml: must be an object (a mapping of settings)');
    expect(await problems('regions: [eu-west-1]\nregions: [us-east-1]\n')).toMatch(/not valid YAML: .*[Mm]ap keys must be unique/);
  });

  it('merges params layer by layer, param by param, the later layer winning', () => {
    const envOrFile = { 'budget-alert-thresholds': { thresholds: [50], notify: 'ops' }, 'logs-retention-set': { minDays: 30 } };
    const override = { 'budget-alert-thresholds': { thresholds: [80, 100] } };
    expect(mergeParams(envOrFile, undefined, override)).toEqual({
      'budget-alert-thresholds': { thresholds: [80, 100], notify: 'ops' },
      'logs-retention-set': { minDays: 30 },
    });
    expect(mergeParams(undefined, undefined)).toBeUndefined();
  });

  it('lists suppressions that already expired', async () => {
    const config = await parsePreflightConfig(YAML_CONFIG, 'yaml', 'c.yaml', RULES);
    expect(expiredSuppressions(config, new Date('2026-12-31T23:59:59Z'))).toEqual([]);
    expect(expiredSuppressions(config, new Date('2027-01-01T00:00:00Z')).map((s) => s.resourcePattern)).toEqual(['arn:aws:s3:::tmp-*']);
  });
});

describe('configuration files', () => {
  it('finds preflight.config.json or .yaml in a directory, and refuses two of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-config-'));
    expect(await findDefaultConfigFile(dir)).toBeUndefined();
    writeFileSync(join(dir, 'preflight.config.yaml'), 'regions: [eu-west-1]\n');
    expect(await findDefaultConfigFile(dir)).toBe(join(dir, 'preflight.config.yaml'));
    expect((await loadPreflightConfigFile(join(dir, 'preflight.config.yaml'), RULES)).regions).toEqual(['eu-west-1']);
    writeFileSync(join(dir, 'preflight.config.json'), '{}');
    await expect(findDefaultConfigFile(dir)).rejects.toThrow('both preflight.config.json and preflight.config.yaml exist: keep one, or pass --config');
  });

  it('says so when a file cannot be read or has another extension', async () => {
    await expect(loadPreflightConfigFile('/nonexistent/preflight.config.json', RULES)).rejects.toThrow(
      /^cannot read configuration \/nonexistent\/preflight\.config\.json: /,
    );
    await expect(loadPreflightConfigFile('/tmp/preflight.toml', RULES)).rejects.toThrow('preflight.toml: a configuration file ends in .json, .yaml or .yml');
  });

  it('loads a deployment configuration from an SSM parameter through the injected fetcher (JSON or YAML)', async () => {
    const asked: string[] = [];
    const fetch = async (name: string) => {
      asked.push(name);
      return name.endsWith('json') ? '{"regions":["eu-west-1"]}' : 'regions: [us-east-1]\n';
    };
    expect((await loadParameterConfig('/preflight/json', fetch, RULES)).regions).toEqual(['eu-west-1']);
    expect(await loadParameterConfig('/preflight/yaml', fetch, RULES)).toMatchObject({ source: 'ssm:/preflight/yaml', regions: ['us-east-1'] });
    expect(asked).toEqual(['/preflight/json', '/preflight/yaml']);
    const denied = async () => Promise.reject(Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' }));
    await expect(loadParameterConfig('/preflight/config', denied, RULES)).rejects.toThrow(
      'cannot read configuration parameter /preflight/config: not authorized',
    );
  });
});

// Configuration text written to hurt: alias bombs, huge files, prototype keys. One line naming the file and field, fast.
/** "Billion laughs": each level repeats the previous one ten times; 9 levels expand to 10^9 strings. */
const ALIAS_BOMB = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...'bcdefghi'.split('').map((name, i) => {
    const previous = 'abcdefghi'[i];
    return `${name}: &${name} [${Array.from({ length: 10 }, () => `*${previous}`).join(',')}]`;
  }),
  'regions: *i',
].join('\n');

describe('hostile configuration text', () => {
  it('refuses a YAML alias bomb in one line naming the file, without expanding it', async () => {
    const started = performance.now();
    const message = await problems(ALIAS_BOMB);

    expect(message).toMatch(/^preflight\.config\.yaml: not valid YAML: .*alias/i);
    expect(message).not.toContain('\n');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses text over the size cap before parsing it', async () => {
    const huge = `regions: [eu-west-1]\n# ${'x'.repeat(CONFIG_MAX_BYTES)}\n`;

    expect(await problems(huge)).toBe(`preflight.config.yaml: ${huge.length} bytes, larger than the 1 MiB a configuration may have`);
    expect(await problems(JSON.stringify({ regions: ['eu-west-1'], pad: 'x'.repeat(CONFIG_MAX_BYTES) }), 'json')).toMatch(
      /^preflight\.config\.yaml: \d+ bytes, larger than the 1 MiB/,
    );
  });

  it('refuses an 11 MB file before reading it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-config-'));
    const path = join(dir, 'preflight.config.yaml');
    writeFileSync(path, `suppressions:\n${'  - {ruleId: "*", resourcePattern: "x-*", reason: "padding"}\n'.repeat(180_000)}`);
    const started = performance.now();

    await expect(loadPreflightConfigFile(path, RULES)).rejects.toThrow(new RegExp(`^${path}: \\d+ bytes, larger than the 1 MiB a configuration may have$`));
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['JSON', '{"params": {"__proto__": {"thresholds": [1]}}}', 'json', 'params.__proto__'],
    ['JSON', '{"params": {"budget-alert-thresholds": {"__proto__": {"thresholds": [1]}}}}', 'json', 'params.budget-alert-thresholds.__proto__'],
    ['JSON', '{"params": {"budget-alert-thresholds": {"constructor": {"prototype": {}}}}}', 'json', 'params.budget-alert-thresholds.constructor'],
    ['JSON', '{"__proto__": {"regions": ["eu-west-1"]}}', 'json', '__proto__'],
    ['YAML', 'params:\n  __proto__:\n    thresholds: [1]\n', 'yaml', 'params.__proto__'],
    ['YAML', 'params:\n  budget-alert-thresholds:\n    prototype: {}\n', 'yaml', 'params.budget-alert-thresholds.prototype'],
  ] as const)('refuses a prototype key in %s (%s), naming the field', async (_kind, text, format, field) => {
    const message = await problems(text, format);

    expect(message).toContain(`preflight.config.yaml: ${field}: is a reserved name (__proto__, constructor, prototype)`);
    expect(message).not.toContain('\n');
    expect(({} as Record<string, unknown>).thresholds).toBeUndefined();
  });
});

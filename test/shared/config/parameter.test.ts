import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_RETRY_MS, CONFIG_TTL_MS, effectiveSettings, ParameterCache } from '#shared/config/parameter.js';
import { ssmParameterFetcher } from '#shared/config/ssm-parameter.js';
import { ConfigError } from '#shared/core/errors.js';
import { logger } from '#shared/core/powertools.js';
import { loadParameterConfig, parsePreflightConfig, type PreflightConfig } from '#shared/config/preflight-config.js';
import { RULES } from '../../../src/rules/index.js';

const ssm = mockClient(SSMClient);
const NAME = '/preflight/config';
const T0 = new Date('2026-11-23T10:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const ENV = { enabledRules: [], ruleParams: {}, scanRegions: ['eu-west-1'] };
const yaml = (text: string): Promise<PreflightConfig> => parsePreflightConfig(text, 'yaml', `ssm:${NAME}`, RULES);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ssmParameterFetcher', () => {
  beforeEach(() => ssm.reset());

  it('reads the parameter with GetParameter WithDecryption (String or SecureString)', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: NAME, Type: 'SecureString', Value: 'regions: [us-east-1]\n' } });
    const config = await loadParameterConfig(NAME, ssmParameterFetcher(new SSMClient({ region: 'eu-west-1' })), RULES);
    expect(config).toMatchObject({ source: `ssm:${NAME}`, regions: ['us-east-1'] });
    expect(ssm).toHaveReceivedCommandExactlyOnceWith(GetParameterCommand, { Name: NAME, WithDecryption: true });
  });

  it('turns ParameterNotFound into a ConfigError that says how to create the parameter', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: '', $metadata: {} }));
    const load = loadParameterConfig(NAME, ssmParameterFetcher(new SSMClient({ region: 'eu-west-1' })), RULES);
    await expect(load).rejects.toBeInstanceOf(ConfigError);
    await expect(load).rejects.toThrow(
      `cannot read configuration parameter ${NAME}: it does not exist (create it: aws ssm put-parameter --name ${NAME} --type String --value file://preflight.config.yaml)`,
    );
  });

  it('reports other SDK errors (AccessDenied) as a ConfigError with the SDK message', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('not authorized to perform: ssm:GetParameter'), { name: 'AccessDeniedException' }));
    await expect(loadParameterConfig(NAME, ssmParameterFetcher(new SSMClient({ region: 'eu-west-1' })), RULES)).rejects.toThrow(
      new ConfigError(`cannot read configuration parameter ${NAME}: not authorized to perform: ssm:GetParameter`),
    );
  });
});

describe('effectiveSettings', () => {
  it('is the environment alone without a configuration', () => {
    const settings = effectiveSettings(
      { ...ENV, enabledRules: ['s3-bucket-versioning-enabled'], ruleParams: { 'logs-retention-set': { minDays: 7 } } },
      undefined,
      RULES,
    );
    expect(settings.rules.map((r) => r.id)).toEqual(['s3-bucket-versioning-enabled']);
    expect(settings).toMatchObject({ params: { 'logs-retention-set': { minDays: 7 } }, scanRegions: ['eu-west-1'], suppressions: [] });
  });

  it('intersects ENABLED_RULES with the configuration’s enabled minus disabled rules', async () => {
    const config = await yaml(
      'enabledRules: [s3-bucket-versioning-enabled, s3-bucket-mfa-delete-enabled, logs-retention-set]\ndisabledRules: [s3-bucket-mfa-delete-enabled]\n',
    );
    expect(effectiveSettings(ENV, config, RULES).rules.map((r) => r.id)).toEqual(['s3-bucket-versioning-enabled', 'logs-retention-set']);
    const env = { ...ENV, enabledRules: ['logs-retention-set', 's3-bucket-mfa-delete-enabled', 'dynamodb-pitr-enabled'] };
    expect(effectiveSettings(env, config, RULES).rules.map((r) => r.id)).toEqual(['logs-retention-set']);
    expect(() => effectiveSettings({ ...ENV, enabledRules: ['dynamodb-pitr-enabled'] }, config, RULES)).toThrow(
      new ConfigError(`ssm:${NAME} leaves no rule to run within ENABLED_RULES (dynamodb-pitr-enabled)`),
    );
  });

  it('puts the configuration’s params over RULE_PARAMS param by param, and its regions and suppressions in place', async () => {
    const config = await yaml(
      'regions: [us-east-1, eu-central-1]\nparams:\n  logs-retention-set: {maxDays: 90}\nsuppressions:\n  - {ruleId: "*", resourcePattern: "tmp-*", reason: scratch}\n',
    );
    const settings = effectiveSettings({ ...ENV, ruleParams: { 'logs-retention-set': { minDays: 7, maxDays: 400 } } }, config, RULES);
    expect(settings.params).toEqual({ 'logs-retention-set': { minDays: 7, maxDays: 90 } });
    expect(settings.scanRegions).toEqual(['us-east-1', 'eu-central-1']);
    expect(settings.suppressions).toEqual([{ ruleId: '*', resourcePattern: 'tmp-*', reason: 'scratch' }]);
    expect(effectiveSettings(ENV, await yaml('params: {}\n'), RULES).scanRegions).toEqual(['eu-west-1']);
  });

  it('rejects params the rule refuses once merged, and RULE_PARAMS entries that are not objects', async () => {
    const config = await yaml('params:\n  logs-retention-set: {maxDays: 90}\n');
    expect(() => effectiveSettings({ ...ENV, ruleParams: { 'logs-retention-set': { minDays: 100 } } }, config, RULES)).toThrow(
      /^RULE_PARAMS with ssm:\/preflight\/config params: invalid params: logs-retention-set\.minDays: minDays must not exceed maxDays/,
    );
    expect(() => effectiveSettings({ ...ENV, ruleParams: { 'logs-retention-set': 30 } }, config, RULES)).toThrow(
      new ConfigError('RULE_PARAMS.logs-retention-set: must be an object of params'),
    );
    expect(() => effectiveSettings({ ...ENV, enabledRules: ['no-such-rule'] }, undefined, RULES)).toThrow('ENABLED_RULES names unknown rules: no-such-rule');
  });
});

describe('ParameterCache', () => {
  /** A parameter whose text the test edits; `fail` makes the next reads throw. */
  function parameter(initial: string) {
    const state = { text: initial, fail: undefined as Error | undefined, reads: 0 };
    const fetch = async () => {
      state.reads += 1;
      if (state.fail) throw state.fail;
      return state.text;
    };
    return { state, cache: new ParameterCache({ name: NAME, fetch, build: (config) => config, rules: RULES }) };
  }

  it('reads once per TTL, and an edit takes effect after it', async () => {
    const { state, cache } = parameter('regions: [eu-west-1]\n');
    expect((await cache.get(T0)).regions).toEqual(['eu-west-1']);
    state.text = 'regions: [us-east-1]\n';
    expect((await cache.get(at(CONFIG_TTL_MS - 1))).regions).toEqual(['eu-west-1']);
    expect(state.reads).toBe(1);
    expect((await cache.get(at(CONFIG_TTL_MS))).regions).toEqual(['us-east-1']);
    expect(state.reads).toBe(2);
  });

  it('keeps the last good configuration when a refresh fails, logs why, and retries sooner than the TTL', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const { state, cache } = parameter('regions: [eu-west-1]\n');
    await cache.get(T0);
    state.fail = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });

    expect((await cache.get(at(CONFIG_TTL_MS))).regions).toEqual(['eu-west-1']);
    expect(errors).toHaveBeenCalledWith('configuration parameter refresh failed; keeping the last good configuration', {
      parameter: NAME,
      lastLoadedAt: T0.toISOString(),
      retryAt: at(CONFIG_TTL_MS + CONFIG_RETRY_MS).toISOString(),
      error: expect.objectContaining({ name: 'ConfigError', message: `cannot read configuration parameter ${NAME}: Rate exceeded` }),
    });
    await cache.get(at(CONFIG_TTL_MS + CONFIG_RETRY_MS - 1));
    expect(state.reads).toBe(2);

    // A text that does not validate is a failed refresh too: the last good configuration stays.
    state.fail = undefined;
    state.text = 'regions: [eu-west-1]\nsuppressions: [{ruleId: s3-bucket-versioning-enabled, resourcePattern: "*"}]\n';
    expect((await cache.get(at(CONFIG_TTL_MS + CONFIG_RETRY_MS))).suppressions).toEqual([]);
    expect(errors).toHaveBeenCalledTimes(2);
    state.text = 'regions: [us-west-2]\n';
    expect((await cache.get(at(CONFIG_TTL_MS + 2 * CONFIG_RETRY_MS))).regions).toEqual(['us-west-2']);
  });

  it('fails with a ConfigError when the first read fails: no configuration is not "every rule, no suppression"', async () => {
    const { state, cache } = parameter('');
    state.fail = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    await expect(cache.get(T0)).rejects.toThrow(new ConfigError(`cannot read configuration parameter ${NAME}: not authorized`));
    expect(cache.last).toBeUndefined();
    // Not cached as a failure: the next invocation tries again.
    state.fail = undefined;
    await expect(cache.get(at(1))).resolves.toMatchObject({ source: `ssm:${NAME}` });
  });

  it('rejects a malformed parameter with a ConfigError naming the field path', async () => {
    const { cache } = parameter(
      'regions: [eu-west-1]\nsuppressions:\n  - {ruleId: s3-bucket-versioning-enabled, resourcePattern: "tmp-*", reason: ""}\nparams:\n  logs-retention-set: {minDays: "30"}\n',
    );
    const load = cache.get(T0);
    await expect(load).rejects.toBeInstanceOf(ConfigError);
    await expect(load).rejects.toThrow(
      /^ssm:\/preflight\/config: suppressions\.0\.reason: must say why the risk is accepted; params\.logs-retention-set\.minDays: /,
    );
  });

  it('treats a configuration its consumer rejects as unreadable', async () => {
    const cache = new ParameterCache({
      name: NAME,
      fetch: async () => 'disabledRules: [s3-bucket-versioning-enabled]\n',
      build: (config) => effectiveSettings({ ...ENV, enabledRules: ['s3-bucket-versioning-enabled'] }, config, RULES),
      rules: RULES,
    });
    await expect(cache.get(T0)).rejects.toThrow(`ssm:${NAME} leaves no rule to run within ENABLED_RULES (s3-bucket-versioning-enabled)`);
  });

  it('warns about suppressions that have expired', async () => {
    const warnings = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const { cache } = parameter(
      'suppressions:\n  - {ruleId: s3-bucket-versioning-enabled, resourcePattern: "tmp-*", reason: scratch, expiresAt: 2026-11-01}\n',
    );
    await cache.get(T0);
    expect(warnings).toHaveBeenCalledWith('a suppression of the configuration parameter has expired; it no longer applies', {
      parameter: NAME,
      ruleId: 's3-bucket-versioning-enabled',
      resourcePattern: 'tmp-*',
      expiresAt: '2026-11-02T00:00:00.000Z',
    });
  });

  it('shares one read among concurrent callers', async () => {
    const { state, cache } = parameter('regions: [eu-west-1]\n');
    await Promise.all([cache.get(T0), cache.get(T0), cache.get(T0)]);
    expect(state.reads).toBe(1);
  });
});

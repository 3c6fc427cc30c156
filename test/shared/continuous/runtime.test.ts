import { GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG_TTL_MS } from '#shared/config/parameter.js';
import { runSweep } from '#shared/continuous/orchestration.js';
import { ConfigError } from '#shared/core/errors.js';
import { logger } from '#shared/core/powertools.js';
import { onFirstUse, resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';
import { useHandlerEnvironment } from '../../helpers/lambda.js';
import { RULES } from '../../../src/rules/index.js';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const ssm = mockClient(SSMClient);
const NAME = '/preflight/config';
const ACCOUNT = '123456789012';
const T0 = new Date('2026-11-23T10:00:00Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
let dynamo: LocalDynamo;

const CONFIG = `
regions: [eu-west-1, us-east-1]
disabledRules: [s3-bucket-mfa-delete-enabled]
params:
  logs-retention-set: {maxDays: 90}
suppressions:
  - {ruleId: s3-bucket-versioning-enabled, resourcePattern: "scratch-*", reason: throwaway data}
accounts:
  - {id: "210987654321", name: prod, roleArn: "arn:aws:iam::210987654321:role/PreflightAudit"}
`;

/** The parameter as SSM holds it; the test edits it or makes reads fail. */
const parameter = { text: CONFIG, fail: undefined as Error | undefined, reads: 0 };
async function fetchParameter(name: string): Promise<string> {
  expect(name).toBe(NAME);
  parameter.reads += 1;
  if (parameter.fail) throw parameter.fail;
  return parameter.text;
}

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
  delete process.env.PREFLIGHT_CONFIG_PARAMETER;
  resetRuntime();
});

beforeEach(async () => {
  s3.reset();
  sns.reset();
  ssm.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  s3.on(ListBucketsCommand).resolves({
    Buckets: [
      { Name: 'prod-data', BucketRegion: 'eu-west-1' },
      { Name: 'scratch-1', BucketRegion: 'eu-west-1' },
    ],
  });
  s3.on(GetBucketVersioningCommand, { Bucket: 'prod-data' }).resolves({ Status: 'Enabled' });
  s3.on(GetBucketVersioningCommand, { Bucket: 'scratch-1' }).resolves({ Status: 'Suspended' });
  Object.assign(parameter, { text: CONFIG, fail: undefined, reads: 0 });
  await useHandlerEnvironment(dynamo, {
    ENABLED_RULES: 's3-bucket-versioning-enabled,s3-bucket-mfa-delete-enabled,logs-retention-set',
    RULE_PARAMS: '{"logs-retention-set":{"minDays":14}}',
    PREFLIGHT_CONFIG_PARAMETER: NAME,
  });
  resetRuntime({ fetchParameter });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('runtime with a configuration parameter', () => {
  it('runs the rules, params and regions the parameter selects within the environment, and exposes its accounts', async () => {
    const runtime = await runtimeFor(RULES, T0);
    expect(runtime.deps.rules.map((r) => r.id)).toEqual(['s3-bucket-versioning-enabled', 'logs-retention-set']);
    expect(runtime.deps.params).toEqual({ 'logs-retention-set': { minDays: 14, maxDays: 90 } });
    expect(runtime.deps.scanRegions).toEqual(['eu-west-1', 'us-east-1']);
    expect([...runtime.triggers.values()].flat().map((t) => t.rule.id)).not.toContain('s3-bucket-mfa-delete-enabled');
    expect(runtime.preflightConfig?.accounts).toEqual([{ id: '210987654321', name: 'prod', roleArn: 'arn:aws:iam::210987654321:role/PreflightAudit' }]);
    // The environment stays readable as it was given.
    expect(runtime.config.scanRegions).toEqual(['eu-west-1']);
    expect(await runtimeFor(RULES, T0)).toBe(runtime);
  });

  it('suppresses a FAIL through the real store: SUPPRESSED, with the parameter’s reason, and no alert', async () => {
    const { deps } = await runtimeFor(RULES, T0);
    // Past the baseline, a new FAIL would alert at once.
    await deps.store.markBaselined(ACCOUNT, T0, ['eu-west-1', 'global']);
    const report = await runSweep(deps, ACCOUNT, ['eu-west-1']);
    expect(report.record.alerts).toBe(0);
    expect(report.evaluation.findings.find((f) => f.resourceName === 'scratch-1')?.status).toBe('FAIL');
    expect(await deps.store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::scratch-1')).toMatchObject({
      status: 'SUPPRESSED',
      evaluatedStatus: 'FAIL',
      suppression: { reason: 'throwaway data', resourcePattern: 'scratch-*' },
    });
    expect(await deps.store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::prod-data')).toMatchObject({ status: 'PASS' });
  });

  it('picks up an edited parameter after the TTL, reusing the container’s store and clients', async () => {
    const first = await runtimeFor(RULES, T0);
    parameter.text = 'regions: [us-west-2]\n';
    expect(await runtimeFor(RULES, later(CONFIG_TTL_MS - 1))).toBe(first);
    const second = await runtimeFor(RULES, later(CONFIG_TTL_MS));
    expect(second.deps.scanRegions).toEqual(['us-west-2']);
    expect(second.deps.rules.map((r) => r.id)).toEqual(['s3-bucket-versioning-enabled', 's3-bucket-mfa-delete-enabled', 'logs-retention-set']);
    expect(second.deps.suppressions).toEqual([]);
    expect(second.deps.store).toBe(first.deps.store);
    expect(second.deps.publisher).toBe(first.deps.publisher);
    expect(parameter.reads).toBe(2);
  });

  it('keeps the last good configuration when a refresh fails, and logs the error', async () => {
    const errors = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const first = await runtimeFor(RULES, T0);
    parameter.fail = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    expect(await runtimeFor(RULES, later(CONFIG_TTL_MS))).toBe(first);
    expect(errors).toHaveBeenCalledWith(
      'configuration parameter refresh failed; keeping the last good configuration',
      expect.objectContaining({ parameter: NAME, lastLoadedAt: T0.toISOString() }),
    );
  });

  it('fails with a ConfigError when the first read fails, every time until a read succeeds', async () => {
    parameter.fail = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    await expect(runtimeFor(RULES, T0)).rejects.toThrow(new ConfigError(`cannot read configuration parameter ${NAME}: not authorized`));
    await expect(runtimeFor(RULES, T0)).rejects.toBeInstanceOf(ConfigError);
  });

  it('fails with a ConfigError naming the field path when the parameter is malformed', async () => {
    parameter.text = 'regions: [eu-west-1]\nsuppressions:\n  - {ruleId: s3-bucket-versioning-enabled, pattern: "tmp-*", reason: scratch}\n';
    await expect(runtimeFor(RULES, T0)).rejects.toThrow(
      /^ssm:\/preflight\/config: suppressions\.0\.resourcePattern: .*; suppressions\.0\.pattern: unknown key$/,
    );
  });

  it('reads the parameter through SSM (GetParameter WithDecryption) when no fetcher is injected', async () => {
    resetRuntime();
    ssm.on(GetParameterCommand, { Name: NAME }).resolves({ Parameter: { Name: NAME, Value: '{"regions":["eu-central-1"]}' } });
    expect((await runtimeFor(RULES, T0)).deps.scanRegions).toEqual(['eu-central-1']);
    expect(ssm).toHaveReceivedCommandExactlyOnceWith(GetParameterCommand, { Name: NAME, WithDecryption: true });

    resetRuntime();
    ssm.on(GetParameterCommand, { Name: NAME }).rejects(new ParameterNotFound({ message: 'Parameter not found', $metadata: {} }));
    const load = runtimeFor(RULES, T0);
    await expect(load).rejects.toBeInstanceOf(ConfigError);
    await expect(load).rejects.toThrow(`cannot read configuration parameter ${NAME}: it does not exist`);
  });
});

describe('PREFLIGHT_CONFIG_PARAMETER', () => {
  it('refuses a parameter name without its leading /, which the IAM statement’s ARN needs', async () => {
    process.env.PREFLIGHT_CONFIG_PARAMETER = 'preflight-config';
    resetRuntime({ fetchParameter });
    await expect(runtimeFor(RULES, T0)).rejects.toThrow(
      new ConfigError('invalid environment: PREFLIGHT_CONFIG_PARAMETER: must be an SSM parameter name starting with / (e.g. /preflight/config)'),
    );
    expect(parameter.reads).toBe(0);
  });
});

describe('runtime without a configuration parameter', () => {
  it('is the environment alone, built once, and never reads SSM', async () => {
    delete process.env.PREFLIGHT_CONFIG_PARAMETER;
    resetRuntime({ fetchParameter });
    const runtime = await runtimeFor(RULES, T0);
    expect(runtime.deps.rules.map((r) => r.id)).toEqual(['s3-bucket-versioning-enabled', 's3-bucket-mfa-delete-enabled', 'logs-retention-set']);
    expect(runtime.deps).toMatchObject({ params: { 'logs-retention-set': { minDays: 14 } }, scanRegions: ['eu-west-1'], suppressions: [] });
    expect(runtime.preflightConfig).toBeUndefined();
    expect(await runtimeFor(RULES, later(CONFIG_TTL_MS))).toBe(runtime);
    expect(parameter.reads).toBe(0);
    expect(ssm).not.toHaveReceivedCommand(GetParameterCommand);
  });
});

describe('onFirstUse', () => {
  it('builds once, shares the build between concurrent callers, and tries a failed build again', async () => {
    let builds = 0;
    const get = onFirstUse(async () => {
      builds += 1;
      if (builds === 1) throw new Error('first build fails');
      return { client: builds };
    });
    await expect(get()).rejects.toThrow('first build fails');
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(builds).toBe(2);
  });
});

import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { GetBucketLocationCommand, GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/config-rule.js';
import { ConfigError } from '#shared/core/errors.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { RULES } from '../../src/rules/index.js';

const s3 = mockClient(S3Client);
const config = mockClient(ConfigServiceClient);
const sns = mockClient(SNSClient);
const sts = mockClient(STSClient);
const securityHub = mockClient(SecurityHubClient);
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

function configEvent(item: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify({
      configurationItem: {
        configurationItemCaptureTime: '2026-11-23T09:00:00.000Z',
        configurationItemStatus: 'OK',
        awsAccountId: '123456789012',
        awsRegion: 'eu-west-1',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'prod-data',
        resourceName: 'prod-data',
        ARN: 'arn:aws:s3:::prod-data',
        ...item,
      },
      messageType: 'ConfigurationItemChangeNotification',
      notificationCreationTime: '2026-11-23T09:00:01.000Z',
    }),
    ruleParameters: JSON.stringify({ ruleId: 's3-bucket-versioning-enabled' }),
    resultToken: 'token-123',
    eventLeftScope: false,
    executionRoleArn: 'arn:aws:iam::123456789012:role/config-role',
    configRuleArn: 'arn:aws:config:eu-west-1:123456789012:config-rule/config-rule-abc',
    configRuleName: 'preflight-s3-versioning',
    configRuleId: 'config-rule-abc',
    accountId: '123456789012',
    ...extra,
  };
}

beforeEach(async () => {
  s3.reset();
  config.reset();
  sns.reset();
  sts.reset();
  securityHub.reset();
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012' });
  securityHub.on(BatchImportFindingsCommand).callsFake((input: { Findings: unknown[] }) => ({ SuccessCount: input.Findings.length, FailedCount: 0 }));
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
  await useHandlerEnvironment(dynamo);
});

describe('config-rule handler', () => {
  it('reports NON_COMPLIANT with the reason for a failing bucket', async () => {
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    await expect(handler(configEvent({}), lambdaContext())).resolves.toEqual({
      status: 'reported',
      complianceType: 'NON_COMPLIANT',
      rules: ['s3-bucket-versioning-enabled'],
    });
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, {
      ResultToken: 'token-123',
      TestMode: false,
      Evaluations: [
        {
          ComplianceResourceType: 'AWS::S3::Bucket',
          ComplianceResourceId: 'prod-data',
          ComplianceType: 'NON_COMPLIANT',
          Annotation: 's3-bucket-versioning-enabled: versioning is Suspended on prod-data',
          OrderingTimestamp: new Date('2026-11-23T09:00:00.000Z'),
        },
      ],
    });
  });

  it('maps PASS to COMPLIANT and ERROR to INSUFFICIENT_DATA', async () => {
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    await expect(handler(configEvent({}), lambdaContext())).resolves.toMatchObject({ complianceType: 'COMPLIANT' });
    s3.on(GetBucketVersioningCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(handler(configEvent({ configurationItemCaptureTime: '2026-11-23T09:05:00.000Z' }), lambdaContext())).resolves.toMatchObject({
      complianceType: 'INSUFFICIENT_DATA',
    });
  });

  it('combines every rule of the resource type when no ruleId is given, worst first', async () => {
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
    await expect(handler(configEvent({}, { ruleParameters: '{}' }), lambdaContext())).resolves.toMatchObject({
      complianceType: 'NON_COMPLIANT',
      rules: ['s3-bucket-versioning-enabled', 's3-bucket-mfa-delete-enabled'],
    });
  });

  it('reports NOT_APPLICABLE for deleted resources without evaluating', async () => {
    await expect(handler(configEvent({ configurationItemStatus: 'ResourceDeleted' }), lambdaContext())).resolves.toMatchObject({
      complianceType: 'NOT_APPLICABLE',
    });
    expect(s3).not.toHaveReceivedCommand(GetBucketVersioningCommand);
  });

  it.each([
    ['no invokingEvent', { invokingEvent: undefined }],
    ['invokingEvent that is not JSON', { invokingEvent: '{"configurationItem": ' }],
    ['invokingEvent of the wrong shape', { invokingEvent: JSON.stringify({ configurationItem: { resourceType: 3 } }) }],
    ['no resultToken', { resultToken: '' }],
    ['ruleParameters that are not JSON', { ruleParameters: 'ruleId=x' }],
    [
      'an oversized item (no configurationItem)',
      { invokingEvent: JSON.stringify({ messageType: 'OversizedConfigurationItemChangeNotification', configurationItemSummary: {} }) },
    ],
  ])('rejects %s without calling AWS', async (_name, override) => {
    await expect(handler(configEvent({}, override), lambdaContext())).resolves.toMatchObject({ status: 'rejected' });
    expect(config).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});

describe('config-rule handler in continuous mode (the same path as sweeps and CloudTrail events)', () => {
  const published = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input.MessageAttributes?.kind?.StringValue);
  afterEach(() => {
    delete process.env.ALERT_ON_FIXED;
    delete process.env.SECURITY_HUB;
  });

  async function baselined() {
    const { deps } = await runtimeFor(RULES);
    await deps.store.markBaselined('123456789012', new Date('2026-11-23T08:00:00.000Z'), ['eu-west-1', 'global']);
  }

  it('publishes the regression it records, and any alert still pending', async () => {
    await baselined();
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    await handler(configEvent({}), lambdaContext());
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    await handler(configEvent({ configurationItemCaptureTime: '2026-11-23T09:05:00.000Z' }), lambdaContext());
    expect(published()).toEqual(['REGRESSION']);
    expect(await (await runtimeFor(RULES)).deps.store.pendingAlerts()).toEqual([]);
  });

  it('alerts with the deployment’s policy: FIXED when ALERT_ON_FIXED is on', async () => {
    await useHandlerEnvironment(dynamo, { ALERT_ON_FIXED: 'true' });
    await baselined();
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    await handler(configEvent({}), lambdaContext());
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
    await handler(configEvent({ configurationItemCaptureTime: '2026-11-23T09:05:00.000Z' }), lambdaContext());
    expect(published()).toEqual(['NEW_FAILURE', 'FIXED']);
  });

  it('exports what it records to Security Hub when the deployment does', async () => {
    await useHandlerEnvironment(dynamo, { SECURITY_HUB: 'true' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    await handler(configEvent({}), lambdaContext());
    const ids = securityHub.commandCalls(BatchImportFindingsCommand).flatMap((c) => (c.args[0].input.Findings ?? []).map((f) => f.Id));
    expect(ids).toContain('preflight/s3-bucket-versioning-enabled/arn:aws:s3:::prod-data');
  });
});

describe('config-rule handler with a configuration parameter', () => {
  const NAME = '/preflight/config';
  const parameter = { text: '' };
  beforeEach(async () => {
    await useHandlerEnvironment(dynamo, { PREFLIGHT_CONFIG_PARAMETER: NAME });
    resetRuntime({ fetchParameter: async () => parameter.text });
  });

  it('records the parameter’s suppressions with the finding, and skips the rules it disables', async () => {
    parameter.text =
      'suppressions:\n  - {ruleId: s3-bucket-versioning-enabled, resourcePattern: "prod-*", reason: migrating}\ndisabledRules: [s3-bucket-mfa-delete-enabled]\n';
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended', MFADelete: 'Disabled' });
    await expect(handler(configEvent({}, { ruleParameters: '{}' }), lambdaContext())).resolves.toMatchObject({
      complianceType: 'NON_COMPLIANT',
      rules: ['s3-bucket-versioning-enabled'],
    });
    expect(await (await runtimeFor(RULES)).deps.store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::prod-data')).toMatchObject({
      status: 'SUPPRESSED',
      suppression: { reason: 'migrating' },
    });
  });

  it('fails the invocation (Config retries it) when the parameter is malformed', async () => {
    parameter.text = 'disabledRules: [no-such-rule]\n';
    await expect(handler(configEvent({}), lambdaContext())).rejects.toThrow(
      new ConfigError(`ssm:${NAME}: disabledRules.0: is not a known rule id (see preflight rules)`),
    );
    expect(config).not.toHaveReceivedCommand(PutEvaluationsCommand);
  });
});

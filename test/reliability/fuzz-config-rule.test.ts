/**
 * Fuzz: the AWS Config custom-rule handler. Bad `invokingEvent` strings (not JSON, truncated JSON,
 * JSON of another shape, real-shaped items with hostile values), bad `ruleParameters`, tokens and
 * scope flags: the handler resolves to `rejected` (nothing sent to Config) or `reported` with one
 * PutEvaluations request that Config would accept — never a throw, which Config would retry forever
 * with the same bad input.
 */
import { type Evaluation, PutEvaluationsCommand, type PutEvaluationsCommandInput } from '@aws-sdk/client-config-service';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/config-rule.js';
import { RULES } from '../../src/rules/index.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { trackUnhandledRejections } from './support/checks.js';
import { fuzz, printRunCounts } from './support/fuzz.js';
import { hostileString, hostileValue, type JsonObject } from './support/hostile.js';
import { mockRuleClients } from './support/sdk-mocks.js';

const RESOURCE_TYPES = [...new Set(RULES.map((r) => r.resourceType))];
const COMPLIANCE = new Set(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);

/** What Config's PutEvaluations validates (API reference limits); a mock that rejects what Config would. */
function configRejects(input: PutEvaluationsCommandInput): string | undefined {
  const evaluations: Evaluation[] = input.Evaluations ?? [];
  if (!input.ResultToken) return 'ResultToken is required';
  for (const e of evaluations) {
    if (!e.ComplianceResourceType || e.ComplianceResourceType.length > 256) return 'ComplianceResourceType must be 1..256 characters';
    if (!e.ComplianceResourceId || e.ComplianceResourceId.length > 768) return 'ComplianceResourceId must be 1..768 characters';
    if (!e.ComplianceType || !COMPLIANCE.has(e.ComplianceType)) return `ComplianceType ${e.ComplianceType}`;
    if (e.Annotation !== undefined && (e.Annotation.length < 1 || e.Annotation.length > 256)) return 'Annotation must be 1..256 characters';
    if (!(e.OrderingTimestamp instanceof Date) || Number.isNaN(e.OrderingTimestamp.getTime())) return 'OrderingTimestamp must be a valid time';
  }
  return undefined;
}

const validItem: JsonObject = {
  configurationItemCaptureTime: '2026-11-23T09:00:00.000Z',
  configurationItemStatus: 'OK',
  awsAccountId: '123456789012',
  awsRegion: 'eu-west-1',
  resourceType: 'AWS::S3::Bucket',
  resourceId: 'prod-data',
  resourceName: 'prod-data',
  ARN: 'arn:aws:s3:::prod-data',
};
const ITEM_FIELDS = Object.keys(validItem);

const itemValue = (field: string): fc.Arbitrary<JsonValueLike> => {
  const realistic: Record<string, JsonValueLike[]> = {
    resourceType: RESOURCE_TYPES,
    configurationItemStatus: ['OK', 'ResourceDiscovered', 'ResourceDeleted', 'ResourceDeletedNotRecorded', 'ResourceNotRecorded', 'weird'],
    configurationItemCaptureTime: ['2026-11-23T09:00:00.000Z', '2026-02-30T25:61:00Z', 'yesterday', '0', ''],
    awsRegion: ['eu-west-1', 'us-east-1', 'cn-north-1', 'moon-1', '../..', ''],
  };
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...(realistic[field] ?? ['prod-data', 'arn:aws:s3:::prod-data', ''])) },
    { weight: 2, arbitrary: hostileString },
    { weight: 1, arbitrary: hostileValue },
  );
};
type JsonValueLike = ReturnType<typeof JSON.parse>;

const item = fc
  .array(
    fc
      .constantFrom(...ITEM_FIELDS)
      .chain((field) =>
        fc.oneof(
          { weight: 4, arbitrary: itemValue(field).map((value) => ({ field, value, drop: false })) },
          { weight: 1, arbitrary: fc.constant({ field, value: null, drop: true }) },
        ),
      ),
    { maxLength: 3 },
  )
  .map((changes) => {
    const copy: JsonObject = { ...validItem };
    for (const c of changes) {
      if (c.drop) delete copy[c.field];
      else copy[c.field] = c.value as JsonObject[string];
    }
    return copy;
  });

const invokingEvent = fc.oneof(
  { weight: 1, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
  {
    weight: 6,
    arbitrary: fc
      .record(
        {
          configurationItem: fc.oneof({ weight: 6, arbitrary: item as fc.Arbitrary<JsonValueLike> }, { weight: 1, arbitrary: hostileValue }),
          messageType: fc.oneof(
            {
              weight: 8,
              arbitrary: fc.constantFrom('ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'),
            },
            { weight: 1, arbitrary: hostileValue },
          ),
          notificationCreationTime: fc.oneof({ weight: 8, arbitrary: fc.constant('2026-11-23T09:00:01.000Z') }, { weight: 1, arbitrary: hostileValue }),
        },
        { requiredKeys: ['messageType'] },
      )
      .chain((event) =>
        fc.nat({ max: 9 }).map((cut) => {
          const text = JSON.stringify(event);
          // Sometimes truncated, as a corrupted or partial payload would be.
          return cut === 0 ? text.slice(0, Math.floor(text.length / 2)) : text;
        }),
      ),
  },
);

const configEvent = fc.record(
  {
    version: fc.constant('1.0'),
    invokingEvent,
    ruleParameters: fc.oneof(
      {
        weight: 8,
        arbitrary: fc.constantFrom(
          '{}',
          JSON.stringify({ ruleId: 's3-bucket-versioning-enabled' }),
          JSON.stringify({ ruleId: RULES[RULES.length - 1]!.id }),
          JSON.stringify({ ruleId: 'no-such-rule' }),
        ),
      },
      { weight: 1, arbitrary: fc.constantFrom('{"ruleId":5}', '[]', 'null', 'ruleId=x') },
      { weight: 1, arbitrary: hostileString },
    ),
    resultToken: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('token-123', 'TESTMODE') }, { weight: 1, arbitrary: hostileString }),
    eventLeftScope: fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: hostileValue }),
    accountId: fc.oneof({ weight: 8, arbitrary: fc.constant('123456789012') }, { weight: 1, arbitrary: hostileValue }),
    configRuleName: fc.constant('preflight-fuzz'),
  },
  { requiredKeys: ['invokingEvent', 'resultToken'] },
);

let dynamo: LocalDynamo;
const sdk = mockRuleClients();
const rejections = trackUnhandledRejections();
const refusals: string[] = [];

beforeAll(async () => {
  dynamo = await startDynalite();
  await useHandlerEnvironment(dynamo, { ENABLED_RULES: '' });
});
afterAll(async () => {
  rejections.stop();
  sdk.restore();
  printRunCounts('fuzz-config-rule');
  await dynamo.stop();
});

describe('config-rule handler under bad invocations', () => {
  it('is rejected without a call to Config, or reports one evaluation Config accepts; never throws', async () => {
    const outcomes: Record<string, number> = {};
    await fuzz('config-rule: invokingEvent / ruleParameters / token mutations (mocked SDK, dynalite store)', configEvent, async (event) => {
      sdk.config.reset();
      sdk.config.on(PutEvaluationsCommand).callsFake((input: PutEvaluationsCommandInput) => {
        const problem = configRejects(input);
        if (problem) {
          refusals.push(problem);
          throw Object.assign(new Error(problem), { name: 'ValidationException' });
        }
        return { FailedEvaluations: [] };
      });
      const outcome = await handler(event, lambdaContext('preflight-config-rule'));
      const key = outcome.status === 'reported' ? `reported:${outcome.complianceType}` : 'rejected';
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      const calls = sdk.config.commandCalls(PutEvaluationsCommand).length;
      expect(calls).toBe(outcome.status === 'reported' ? 1 : 0);
    });
    console.log('[fuzz] config-rule outcomes', outcomes);
    expect(refusals).toEqual([]);
    expect(rejections.count()).toBe(0);
    expect(Object.keys(outcomes).filter((k) => k.startsWith('reported')).length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});

/**
 * SNS's, SQS's and STS's SDKs load with their first use, not with the runtime (the cold start): building
 * the runtime and reading this account loads none; the first alert loads SNS once, the first message SQS
 * once, the first member account STS once, each client built once per container. The on-demand modules are the real ones,
 * wrapped to see when they load.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AlertMessage } from '#shared/alerts/messages.js';
import { memberAccessFor, resetMemberAccess } from '#shared/continuous/member-access.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { sqsFollowUpQueue } from '#shared/follow-ups/messages.js';
import { RULES } from '../../../src/rules/index.js';

const loads = vi.hoisted(() => ({ sns: 0, sqs: 0, sts: 0 }));

vi.mock('#shared/aws/on-demand/sns.js', async (importOriginal) => {
  loads.sns += 1;
  return importOriginal();
});
vi.mock('#shared/aws/on-demand/sqs.js', async (importOriginal) => {
  loads.sqs += 1;
  return importOriginal();
});
vi.mock('#shared/aws/on-demand/sts.js', async (importOriginal) => {
  loads.sts += 1;
  return importOriginal();
});

const sts = mockClient(STSClient);
const sqs = mockClient(SQSClient);
const sns = mockClient(SNSClient);
const OWN = '123456789012';
const MEMBER = '210987654321';
const saved = { ...process.env };

beforeAll(() => {
  sts
    .on(AssumeRoleCommand)
    .resolves({ Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
  sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  sns.on(PublishCommand).resolves({ MessageId: 'a-1' });
  Object.assign(process.env, {
    FINDINGS_TABLE: 'preflight-findings',
    ALERT_TOPIC_ARN: `arn:aws:sns:eu-west-1:${OWN}:preflight-alerts`,
    AWS_REGION: 'eu-west-1',
    SCAN_REGIONS: 'eu-west-1',
    ENABLED_RULES: '',
    RULE_PARAMS: '',
    PREFLIGHT_CONFIG_PARAMETER: '',
    MEMBER_ACCOUNTS: MEMBER,
    MEMBER_ROLE_NAME: 'PreflightAudit',
  });
  resetRuntime();
  resetMemberAccess();
});

afterAll(() => {
  process.env = saved;
  resetRuntime();
  resetMemberAccess();
  sts.restore();
  sqs.restore();
  sns.restore();
});

// In this order: a module loads at most once per test file.
describe('SNS, SQS and STS on first use', () => {
  it('are not loaded by building the runtime and reading this account', async () => {
    const runtime = await runtimeFor(RULES);
    const own = await memberAccessFor(runtime, OWN, { sessionPrefix: 'preflight-event' }).accessFor(OWN);
    expect(own.member).toBe(false);
    expect(loads).toEqual({ sns: 0, sqs: 0, sts: 0 });
  });

  it('loads SNS with the first alert published, and builds its client once', async () => {
    const runtime = await runtimeFor(RULES);
    const body = 'FAIL s3-bucket-versioning-enabled on b';
    const message = {
      subject: 'Preflight: 1 regression',
      message: { default: body, email: body, sms: body, https: body },
      attributes: { severity: 'HIGH', kind: 'REGRESSION', count: 1 },
    } satisfies AlertMessage;
    await runtime.deps.publisher.publish(message);
    await runtime.deps.publisher.publish(message);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: `arn:aws:sns:eu-west-1:${OWN}:preflight-alerts` });
    expect(loads.sns).toBe(1);
    expect(new Set(sns.calls().map((call) => call.thisValue)).size).toBe(1);
  });

  it('loads SQS with the first message, and builds its client once', async () => {
    const runtime = await runtimeFor(RULES);
    const client = await runtime.sqs();
    expect(loads.sqs).toBe(1);
    await sqsFollowUpQueue(client, 'https://sqs.eu-west-1.amazonaws.com/123456789012/follow-ups').send(
      {
        v: 1,
        accountId: OWN,
        region: 'eu-west-1',
        ruleId: 's3-bucket-versioning-enabled',
        resourceName: 'b',
        chainId: '8a2b6c1e-4f3d-4a5b-9c8d-7e6f5a4b3c2d',
        step: 0,
        dueAt: '2026-12-07T12:00:00.000Z',
      },
      120,
    );
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, { DelaySeconds: 120 });
    expect(await runtime.sqs()).toBe(client);
    expect(loads).toEqual({ sns: 1, sqs: 1, sts: 0 });
  });

  it('loads STS with the first member account, once for every later one', async () => {
    const runtime = await runtimeFor(RULES);
    for (const prefix of ['preflight-event', 'preflight-event']) {
      const member = await memberAccessFor(runtime, OWN, { sessionPrefix: prefix }).accessFor(MEMBER);
      expect(member.member).toBe(true);
    }
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(loads).toEqual({ sns: 1, sqs: 1, sts: 1 });
  });
});

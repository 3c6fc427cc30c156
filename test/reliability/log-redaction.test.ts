/**
 * No secrets or account ids in logs: the shared Powertools logger masks them in every string of every
 * log item (message, attributes, nested objects, errors and their stacks), and the real handlers,
 * run with logging on over events full of ARNs and access key ids, write none to stdout or stderr.
 */
import { GetBucketLocationCommand, GetBucketVersioningCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handler as cloudTrailEvent } from '../../src/handlers/cloudtrail-event.js';
import { handler as scheduledScan } from '../../src/handlers/scheduled-scan.js';
import { logger, REDACTED, redactText } from '../../src/shared/powertools.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { FIXTURES } from './support/hostile.js';
import { mockRuleClients } from './support/sdk-mocks.js';

// Logging on for this file's logger (the suite runs SILENT): the handlers reset the level to this at each invocation.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

const ACCOUNT_IDS = /(?<![0-9A-Za-z-])\d{12}(?![0-9A-Za-z-])/;
const ACCESS_KEYS = /(AKIA|ASIA)[A-Z0-9]{16}/;

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  const capture = (chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
});
afterEach(() => {
  vi.restoreAllMocks();
});

function logged(): Array<Record<string, unknown>> {
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('the Powertools logger redacts', () => {
  it('account ids (keeping the last four digits) and access key ids, in messages, attributes, nested objects and errors', () => {
    const error = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/deploy/x is not authorized'), { name: 'AccessDenied' });
    logger.error('finding arn:aws:s3:::prod-data of account 123456789012 failed', {
      resourceId: 'arn:aws:sns:eu-west-1:210987654321:ops-alerts',
      nested: { userIdentity: { accessKeyId: 'ASIAEXAMPLEKEY123456', arn: 'arn:aws:iam::123456789012:user/alice' } },
      accounts: ['123456789012', 'ACCOUNT#123456789012'],
      error,
    });
    const out = lines.join('');
    expect(out).not.toMatch(ACCOUNT_IDS);
    expect(out).not.toMatch(ACCESS_KEYS);
    const [item] = logged();
    expect(item?.message).toBe('finding arn:aws:s3:::prod-data of account ********9012 failed');
    expect(item?.resourceId).toBe('arn:aws:sns:eu-west-1:********4321:ops-alerts');
    expect(item?.nested).toEqual({ userIdentity: { accessKeyId: 'ASIA****************', arn: 'arn:aws:iam::********9012:user/alice' } });
    expect((item?.error as { message?: string }).message).toBe('User: arn:aws:sts::********9012:assumed-role/deploy/x is not authorized');
  });

  it('drops values under secret-looking keys whole', () => {
    logger.info('credentials', { secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'FwoGZXIvYXdzE...', headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/...' }, credentials: { accessKeyId: 'x' } });
    const [item] = logged();
    expect(item).toMatchObject({ secretAccessKey: REDACTED, sessionToken: REDACTED, headers: { Authorization: REDACTED }, credentials: REDACTED });
    expect(lines.join('')).not.toContain('wJalrXUtnFEMI');
  });

  it('leaves what only looks like an account id alone: UUID groups, trace ids, epoch milliseconds', () => {
    const kept = ['c6af9ac6-7b61-11e6-9a41-931344152345', '1-5759e988-bd862e3fe1be46a994272793', '1795000000000', 'v1234567890123'];
    for (const text of kept) expect(redactText(text)).toBe(text);
    expect(redactText('arn:aws:lambda:eu-west-1:123456789012:function:f')).toBe('arn:aws:lambda:eu-west-1:********9012:function:f');
  });
});

describe('handlers log no account id and no access key id', () => {
  const sdk = mockRuleClients();
  const { s3, sns } = sdk;
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    sdk.restore();
    await dynamo.stop();
  });

  it('over a sweep, every CloudTrail fixture, and a failing SNS', async () => {
    await useHandlerEnvironment(dynamo, { ENABLED_RULES: '' });
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'retainwise-archive' }, { Name: 'prod-data' }] });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    sns.on(PublishCommand).rejects(Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/preflight/x is not authorized to perform: SNS:Publish'), { name: 'AuthorizationError' }));

    await scheduledScan({}, lambdaContext('preflight-scheduled-scan'));
    for (const { event } of FIXTURES) {
      await cloudTrailEvent(event, lambdaContext('preflight-cloudtrail-event')).catch(() => undefined);
    }

    const items = logged();
    expect(items.length).toBeGreaterThan(FIXTURES.length);
    expect(items.some((i) => i.level === 'ERROR')).toBe(true);
    const leaks = lines.filter((l) => ACCOUNT_IDS.test(l) || ACCESS_KEYS.test(l));
    expect(leaks).toEqual([]);
  }, 60_000);
});

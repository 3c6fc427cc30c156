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
import { logger, REDACTED, redactText } from '#shared/core/powertools.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { FIXTURES } from './support/hostile.js';
import { mockRuleClients } from './support/sdk-mocks.js';

// Logging on for this file's logger (the suite runs SILENT): the handlers reset the level to this at each invocation.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

// Twelve digits not glued to letters or other digits, and not the last group of a UUID.
const ACCOUNT_IDS = /(?<![0-9A-Za-z])(?<![0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-)\d{12}(?![0-9A-Za-z])/;
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
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
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
    expect((item?.error as { message?: string } | undefined)?.message).toBe('User: arn:aws:sts::********9012:assumed-role/deploy/x is not authorized');
  });

  it('drops values under secret-looking keys whole', () => {
    logger.info('credentials', {
      secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      sessionToken: 'FwoGZXIvYXdzE...',
      headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/...' },
      credentials: { accessKeyId: 'x' },
    });
    const [item] = logged();
    expect(item).toMatchObject({ secretAccessKey: REDACTED, sessionToken: REDACTED, headers: { Authorization: REDACTED }, credentials: REDACTED });
    expect(lines.join('')).not.toContain('wJalrXUtnFEMI');
  });

  it('leaves what only looks like an account id alone: UUID groups, trace ids, epoch milliseconds', () => {
    const kept = ['c6af9ac6-7b61-11e6-9a41-931344152345', '1-5759e988-bd862e3fe1be46a994272793', '1795000000000', 'v1234567890123'];
    for (const text of kept) expect(redactText(text)).toBe(text);
    expect(redactText('arn:aws:lambda:eu-west-1:123456789012:function:f')).toBe('arn:aws:lambda:eu-west-1:********9012:function:f');
  });

  // Names that AWS, CDK, Control Tower and common tools generate with the account id inside, one or more per
  // service Preflight reads: the id sits between hyphens, dots, slashes or colons, never alone.
  const NAMED_AFTER_THE_ACCOUNT = [
    // S3 buckets
    'cdk-hnb659fds-assets-123456789012-eu-west-1',
    'aws-cloudtrail-logs-123456789012-3f9a1c2d',
    'elasticbeanstalk-eu-west-1-123456789012',
    'aws-controltower-logs-123456789012-eu-west-1',
    'aws-athena-query-results-123456789012-eu-west-1',
    'config-bucket-123456789012',
    'sagemaker-eu-west-1-123456789012',
    'arn:aws:s3:::cdk-hnb659fds-assets-123456789012-eu-west-1/assets/x.zip',
    // CloudWatch Logs groups and CloudWatch alarms
    '/aws/lambda/cdk-hnb659fds-lookup-role-123456789012-eu-west-1',
    'aws-controltower/CloudTrailLogs/123456789012_CloudTrail_eu-west-1',
    'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/vendedlogs/states/x:*',
    'billing-123456789012-estimated-charges',
    'arn:aws:cloudwatch:us-east-1:123456789012:alarm:billing-123456789012',
    // SNS topics, IAM roles
    'arn:aws:sns:eu-west-1:123456789012:aws-controltower-SecurityNotifications',
    'budget-alerts-123456789012',
    'cdk-hnb659fds-cfn-exec-role-123456789012-eu-west-1',
    'arn:aws:iam::123456789012:role/cdk-hnb659fds-deploy-role-123456789012-eu-west-1',
    // RDS, ElastiCache, DynamoDB
    'arn:aws:rds:eu-west-1:123456789012:db:prod-123456789012-db',
    'rds:prod-db-123456789012-2024-05-01-03-10',
    'arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:cache-123456789012',
    'arn:aws:dynamodb:eu-west-1:123456789012:table/terraform-state-123456789012',
    // Secrets Manager, CloudTrail, ACM, WAF, API Gateway, ELB, EC2, Budgets, SES
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-123456789012-AbCdEf',
    'arn:aws:cloudtrail:eu-west-1:123456789012:trail/aws-controltower-BaselineCloudTrail-123456789012',
    'arn:aws:acm:eu-west-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
    'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/waf-123456789012/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
    'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3d4e5/stages/prod-123456789012',
    'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/alb-123456789012/50dc6c495c0c9188',
    'sg-0123456789abcdef0 of vpc-123456789012-shared',
    'arn:aws:budgets::123456789012:budget/monthly-123456789012',
    'arn:aws:ses:eu-west-1:123456789012:identity/bounces-123456789012.example.com',
    '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  ];

  it.each(NAMED_AFTER_THE_ACCOUNT)('an account id inside a generated resource name: %s', (name) => {
    const masked = redactText(name);
    expect(masked).not.toContain('123456789012');
    expect(masked).toContain('********9012');
    expect(masked.replaceAll('********9012', '123456789012')).toBe(name);
  });

  // Near misses that carry no account id: kept as they are, so logs stay useful.
  const NOT_AN_ACCOUNT_ID = [
    // a UUID whose last group happens to be all digits: KMS keys, ACM certificates, request ids, auto-scaling alarms
    'arn:aws:acm:eu-west-1:********9012:certificate/c6af9ac6-7b61-11e6-9a41-931344152345',
    'TargetTracking-table/orders-AlarmHigh-6c7b8f3e-9a1d-4c2e-8f3a-123456789012',
    'C6AF9AC6-7B61-11E6-9A41-931344152345',
    // instance, volume, VPC and snapshot ids: 17 hex digits, longer than an account id
    'i-01234567890123456',
    'vpc-01234567890123456',
    'snap-01234567890123456',
    // X-Ray trace ids, epoch milliseconds, 13-digit and 11-digit runs
    'Root=1-5759e988-bd862e3fe1be46a994272793',
    'prod-1795000000000-export',
    'backup-12345678901-x',
    // digits glued to letters
    'logs-v123456789012',
    'db123456789012x',
  ];

  it.each(NOT_AN_ACCOUNT_ID)('no account id in: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('masks a 12-digit number between hyphens even when it is no account id (the accepted over-masking)', () => {
    expect(redactText('prod-db-final-202405011230')).toBe('prod-db-final-********1230');
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
    s3.on(ListBucketsCommand).resolves({
      Buckets: [{ Name: 'retainwise-archive' }, { Name: 'prod-data' }, { Name: 'cdk-hnb659fds-assets-123456789012-eu-west-1' }],
    });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'eu-west-1' });
    s3.on(GetBucketVersioningCommand).resolves({ Status: 'Suspended' });
    sns
      .on(PublishCommand)
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:sts::123456789012:assumed-role/preflight/x is not authorized to perform: SNS:Publish on resource: arn:aws:sns:eu-west-1:123456789012:budget-alerts-123456789012',
          ),
          { name: 'AuthorizationError' },
        ),
      );

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

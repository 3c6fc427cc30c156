import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findRule } from '../../src/rules/index.js';
import type { ApiProvider } from '../../src/shared/aws/readers.js';
import { runSweep } from '../../src/shared/continuous.js';
import { ConfigError } from '../../src/shared/errors.js';
import {
  assumeRoleCredentials,
  enqueueWorkItems,
  loadFanoutConfig,
  memberApis,
  parseWorkItem,
  planWorkItems,
  rulesFor,
  runWorkItem,
  WorkItemError,
} from '../../src/shared/fanout.js';
import { emptyAccount, memoryApiProvider } from '../../src/shared/memory-account/index.js';
import { continuousDeps } from '../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';

const sqs = mockClient(SQSClient);
const sts = mockClient(STSClient);
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/preflight-test-sweep-work';
const MEMBER = '210987654321';

beforeEach(() => {
  sqs.reset();
  sts.reset();
});

describe('loadFanoutConfig', () => {
  it('is off without member accounts', () => {
    expect(loadFanoutConfig({})).toBeUndefined();
    expect(loadFanoutConfig({ MEMBER_ACCOUNTS: ' , ' })).toBeUndefined();
  });

  it('reads accounts (deduplicated), role, external id and queue', () => {
    expect(
      loadFanoutConfig({ MEMBER_ACCOUNTS: `${MEMBER}, 111122223333,${MEMBER}`, MEMBER_ROLE_NAME: 'PreflightAudit', EXTERNAL_ID: 'org-7f3a', SWEEP_QUEUE_URL: QUEUE }),
    ).toEqual({
      memberAccounts: [MEMBER, '111122223333'],
      members: [{ id: MEMBER }, { id: '111122223333' }],
      memberRoleName: 'PreflightAudit',
      externalId: 'org-7f3a',
      queueUrl: QUEUE,
    });
  });

  it("adds the configuration's accounts, with their own regions, to MEMBER_ACCOUNTS", () => {
    const env = { MEMBER_ACCOUNTS: MEMBER, MEMBER_ROLE_NAME: 'PreflightAudit', SWEEP_QUEUE_URL: QUEUE };
    const config = loadFanoutConfig(env, [
      { id: '111122223333', name: 'staging', regions: ['eu-central-1'] },
      { id: MEMBER, roleArn: `arn:aws:iam::${MEMBER}:role/PreflightAudit` },
    ]);
    expect(config?.memberAccounts).toEqual([MEMBER, '111122223333']);
    expect(config?.members).toEqual([{ id: MEMBER }, { id: '111122223333', regions: ['eu-central-1'] }]);
    // Without MEMBER_ACCOUNTS, the configuration alone turns the fan-out on.
    expect(loadFanoutConfig({ MEMBER_ROLE_NAME: 'PreflightAudit' }, [{ id: MEMBER }])?.memberAccounts).toEqual([MEMBER]);
    expect(loadFanoutConfig({}, [])).toBeUndefined();
  });

  it('refuses a roleArn the worker may not assume, naming the field', () => {
    const env = { MEMBER_ROLE_NAME: 'PreflightAudit', SWEEP_QUEUE_URL: QUEUE };
    expect(() => loadFanoutConfig(env, [{ id: MEMBER }, { id: '111122223333', roleArn: 'arn:aws:iam::111122223333:role/Admin' }])).toThrow(
      /accounts\[1\]\.roleArn: must be the PreflightAudit role of account 111122223333/,
    );
    expect(() => loadFanoutConfig(env, [{ id: MEMBER, roleArn: 'arn:aws:iam::111122223333:role/PreflightAudit' }])).toThrow(ConfigError);
    expect(() => loadFanoutConfig({}, [{ id: MEMBER }])).toThrow(/MEMBER_ROLE_NAME must name the role/);
  });

  it.each([
    [{ MEMBER_ACCOUNTS: '12345', MEMBER_ROLE_NAME: 'R', SWEEP_QUEUE_URL: QUEUE }, /MEMBER_ACCOUNTS.*must be 12-digit account ids/],
    [{ MEMBER_ACCOUNTS: MEMBER, SWEEP_QUEUE_URL: QUEUE }, /MEMBER_ROLE_NAME must name the role/],
    [{ MEMBER_ACCOUNTS: MEMBER, MEMBER_ROLE_NAME: 'role/with/path', SWEEP_QUEUE_URL: QUEUE }, /MEMBER_ROLE_NAME: must be an IAM role name/],
    [{ MEMBER_ACCOUNTS: MEMBER, MEMBER_ROLE_NAME: 'R', SWEEP_QUEUE_URL: QUEUE, EXTERNAL_ID: 'x' }, /EXTERNAL_ID/],
  ])('fails fast on %j', (env, message) => {
    expect(() => loadFanoutConfig(env)).toThrow(ConfigError);
    expect(() => loadFanoutConfig(env)).toThrow(message);
  });
});

describe('work items', () => {
  it('plans one item per (account, region); global rules in the first region of each account', () => {
    const items = planWorkItems(['111122223333', MEMBER], ['eu-west-1', 'us-east-1', 'eu-west-1'], 'sweep-1');
    expect(items).toEqual([
      { accountId: '111122223333', region: 'eu-west-1', includeGlobal: true, sweepId: 'sweep-1' },
      { accountId: '111122223333', region: 'us-east-1', includeGlobal: false, sweepId: 'sweep-1' },
      { accountId: MEMBER, region: 'eu-west-1', includeGlobal: true, sweepId: 'sweep-1' },
      { accountId: MEMBER, region: 'us-east-1', includeGlobal: false, sweepId: 'sweep-1' },
    ]);
  });

  it("plans an account in its own regions when the configuration gives some", () => {
    const items = planWorkItems([{ id: MEMBER, regions: ['ap-south-1'] }, '111122223333'], ['eu-west-1', 'us-east-1'], 's');
    expect(items.map((i) => [i.accountId, i.region, i.includeGlobal])).toEqual([
      [MEMBER, 'ap-south-1', true],
      ['111122223333', 'eu-west-1', true],
      ['111122223333', 'us-east-1', false],
    ]);
  });

  it('runs global rules only where the item says so', () => {
    const rules = ['s3-bucket-versioning-enabled', 'budget-cost-budget-exists'].map((id) => findRule(id)!);
    expect(rulesFor({ includeGlobal: true }, rules).map((r) => r.id)).toEqual(['s3-bucket-versioning-enabled', 'budget-cost-budget-exists']);
    expect(rulesFor({ includeGlobal: false }, rules).map((r) => r.id)).toEqual(['s3-bucket-versioning-enabled']);
  });

  it('parses a message body, refusing anything else', () => {
    const item = { accountId: MEMBER, region: 'eu-west-1', includeGlobal: false, sweepId: 's' };
    expect(parseWorkItem(JSON.stringify(item))).toEqual(item);
    expect(() => parseWorkItem('{not json')).toThrow(WorkItemError);
    expect(() => parseWorkItem(JSON.stringify({ ...item, accountId: 'x' }))).toThrow(/accountId/);
    expect(() => parseWorkItem(JSON.stringify({ ...item, extra: 1 }))).toThrow(WorkItemError);
  });

  it('enqueues in batches of 10 and resends the entries SQS reports failed', async () => {
    const items = planWorkItems(Array.from({ length: 25 }, (_, i) => String(100000000000 + i)), ['eu-west-1'], 's');
    let first = true;
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => {
      if (first) {
        first = false;
        return { Successful: input.Entries.slice(1).map((e) => ({ Id: e.Id })), Failed: [{ Id: input.Entries[0]!.Id, Code: 'InternalError', SenderFault: false }] };
      }
      return { Successful: input.Entries.map((e) => ({ Id: e.Id })), Failed: [] };
    });
    await expect(enqueueWorkItems(new SQSClient({}), QUEUE, items)).resolves.toBe(25);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 4);
    expect(sqs.commandCalls(SendMessageBatchCommand)[0]!.args[0].input.Entries).toHaveLength(10);
    const resent = sqs.commandCalls(SendMessageBatchCommand)[3]!.args[0].input.Entries ?? [];
    expect(resent.map((e) => JSON.parse(e.MessageBody ?? '{}').accountId)).toEqual(['100000000000']);
  });

  it('throws, naming the items, when SQS keeps refusing them', async () => {
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => ({
      Successful: [],
      Failed: input.Entries.map((e) => ({ Id: e.Id, Code: 'KMS.ThrottlingException', SenderFault: false })),
    }));
    const items = planWorkItems([MEMBER], ['eu-west-1'], 's');
    await expect(enqueueWorkItems(new SQSClient({}), QUEUE, items)).rejects.toThrow(/could not enqueue 1 of 1 work items: .*210987654321/);
    expect(sqs).toHaveReceivedCommandTimes(SendMessageBatchCommand, 3);
  });
});

describe('member credentials', () => {
  const expiresIn = (ms: number) => new Date(Date.now() + ms);
  const credentials = (expiration: Date) => ({ AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's', SessionToken: 't', Expiration: expiration });

  it('assumes the member role once (session name, external id) and reuses it until near expiry', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials(expiresIn(3_600_000)) });
    let now = Date.now();
    const provider = assumeRoleCredentials(new STSClient({}), { accountId: MEMBER, roleName: 'PreflightAudit', externalId: 'org-7f3a', region: 'eu-west-1', now: () => now });
    const [a, b] = await Promise.all([provider(), provider()]);
    expect(a).toEqual({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 't', expiration: expect.any(Date) });
    expect(b).toBe(a);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws:iam::${MEMBER}:role/PreflightAudit`,
      RoleSessionName: `preflight-sweep-${MEMBER}`,
      ExternalId: 'org-7f3a',
      DurationSeconds: 3600,
    });
    now += 56 * 60_000; // within 5 minutes of expiry
    await provider();
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 2);
  });

  it('uses the partition of the worker’s region in the role ARN', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials(expiresIn(3_600_000)) });
    await assumeRoleCredentials(new STSClient({}), { accountId: MEMBER, roleName: 'R', region: 'cn-north-1' })();
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: `arn:aws-cn:iam::${MEMBER}:role/R` });
  });

  it('hands out one provider per member account, its own account without AssumeRole, and refuses others', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials(expiresIn(3_600_000)) });
    const own: ApiProvider = memoryApiProvider(emptyAccount('123456789012'));
    const built: unknown[] = [];
    const apisOf = memberApis({
      sts: new STSClient({}),
      config: { memberRoleName: 'PreflightAudit' },
      region: 'eu-west-1',
      ownAccountId: '123456789012',
      ownApis: own,
      apiProviderFor: (c) => {
        built.push(c);
        return own;
      },
    });
    const members = [MEMBER, '123456789012'];
    await expect(apisOf('123456789012', members)).resolves.toBe(own);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    await apisOf(MEMBER, members);
    await apisOf(MEMBER, members);
    expect(built).toHaveLength(1);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    await expect(apisOf('999999999999', members)).rejects.toThrow(/999999999999 is not a member account/);
    const unconfigured = memberApis({ sts: new STSClient({}), config: undefined, region: 'eu-west-1', ownAccountId: '123456789012', ownApis: own });
    await expect(unconfigured(MEMBER, [MEMBER])).rejects.toThrow(ConfigError);
  });

  it('fails the account (not its rules) when AssumeRole is denied', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' }));
    const own = memoryApiProvider(emptyAccount('123456789012'));
    const apisOf = memberApis({ sts: new STSClient({}), config: { memberRoleName: 'R' }, region: 'eu-west-1', ownAccountId: '123456789012', ownApis: own });
    await expect(apisOf(MEMBER, [MEMBER])).rejects.toMatchObject({ name: 'AccessDenied' });
  });
});

describe('runWorkItem on dynalite', () => {
  let dynamo: LocalDynamo;
  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  it('records a region swept for the first time as a baseline, even after another region baselined the account', async () => {
    const account = emptyAccount(MEMBER, ['eu-west-1', 'us-west-2']);
    account.s3.buckets.push({ name: 'eu-data', region: 'eu-west-1' }, { name: 'us-data', region: 'us-west-2' });
    const deps = await continuousDeps(dynamo, account, ['s3-bucket-versioning-enabled', 'budget-cost-budget-exists']);

    const eu = await runWorkItem(deps, { accountId: MEMBER, region: 'eu-west-1', includeGlobal: true, sweepId: 's1' }, deps.apis);
    expect(eu.evaluation.findings.map((f) => `${f.ruleId} ${f.region} ${f.status}`)).toEqual([
      'budget-cost-budget-exists global FAIL',
      's3-bucket-versioning-enabled eu-west-1 FAIL',
    ]);
    expect(eu.baseline.firstSweep).toBe(true);

    // us-west-2's first sweep comes after the account was baselined: still no alert for what it finds.
    const us = await runWorkItem(deps, { accountId: MEMBER, region: 'us-west-2', includeGlobal: false, sweepId: 's1' }, deps.apis);
    expect(us.evaluation.findings.map((f) => `${f.ruleId} ${f.region} ${f.status}`)).toEqual(['s3-bucket-versioning-enabled us-west-2 FAIL']);
    expect(us.record.alerts).toBe(0);
    expect(deps.publisher.sent.map((m) => m.attributes.kind)).toEqual(['BASELINE']);

    // From its second sweep on, the region alerts like any other.
    account.s3.buckets.push({ name: 'us-new', region: 'us-west-2' });
    const again = await runWorkItem(deps, { accountId: MEMBER, region: 'us-west-2', includeGlobal: false, sweepId: 's2' }, deps.apis);
    expect(again.record.alerts).toBe(1);
    expect(deps.publisher.sent.map((m) => m.attributes.kind)).toEqual(['BASELINE', 'NEW_FAILURE']);
  });

  it('runs the same sweep as a single-account deployment', async () => {
    const account = emptyAccount(MEMBER, ['eu-west-1']);
    account.s3.buckets.push({ name: 'a', region: 'eu-west-1', versioning: 'Enabled' }, { name: 'b', region: 'eu-west-1' });
    const deps = await continuousDeps(dynamo, account, ['s3-bucket-versioning-enabled', 'budget-cost-budget-exists']);
    const viaItem = await runWorkItem(deps, { accountId: MEMBER, region: 'eu-west-1', includeGlobal: true, sweepId: 's' }, deps.apis);
    const direct = await runSweep(deps, MEMBER, ['eu-west-1']);
    const strip = (r: typeof direct) => r.evaluation.findings.map(({ evaluatedAt: _, ...f }) => f);
    expect(strip(viaItem)).toEqual(strip(direct));
    expect(direct.record.writes).toBe(0);
  });
});

import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findRule } from '../../../src/rules/index.js';
import type { ApiProvider } from '#shared/aws/readers.js';
import { runSweep } from '#shared/continuous/orchestration.js';
import { ConfigError } from '#shared/core/errors.js';
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
} from '#shared/continuous/fanout.js';
import { emptyAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';
import { BASELINE_WAIT_MS } from '#shared/store/account-meta.js';
import { continuousDeps } from '../../helpers/continuous.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';

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
      loadFanoutConfig({
        MEMBER_ACCOUNTS: `${MEMBER}, 111122223333,${MEMBER}`,
        MEMBER_ROLE_NAME: 'PreflightAudit',
        EXTERNAL_ID: 'org-7f3a',
        SWEEP_QUEUE_URL: QUEUE,
      }),
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
    const regions = ['eu-west-1', 'us-east-1'];
    expect(items).toEqual([
      { accountId: '111122223333', region: 'eu-west-1', includeGlobal: true, regions, sweepId: 'sweep-1' },
      { accountId: '111122223333', region: 'us-east-1', includeGlobal: false, regions, sweepId: 'sweep-1' },
      { accountId: MEMBER, region: 'eu-west-1', includeGlobal: true, regions, sweepId: 'sweep-1' },
      { accountId: MEMBER, region: 'us-east-1', includeGlobal: false, regions, sweepId: 'sweep-1' },
    ]);
  });

  it('plans an account in its own regions when the configuration gives some', () => {
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
    expect(parseWorkItem(JSON.stringify({ ...item, regions: ['eu-west-1', 'us-east-1'] }))).toEqual({ ...item, regions: ['eu-west-1', 'us-east-1'] });
    expect(() => parseWorkItem(JSON.stringify({ ...item, regions: ['not a region'] }))).toThrow(/regions/);
    expect(() => parseWorkItem('{not json')).toThrow(WorkItemError);
    expect(() => parseWorkItem(JSON.stringify({ ...item, accountId: 'x' }))).toThrow(/accountId/);
    expect(() => parseWorkItem(JSON.stringify({ ...item, extra: 1 }))).toThrow(WorkItemError);
  });

  it('enqueues in batches of 10 and resends the entries SQS reports failed', async () => {
    const items = planWorkItems(
      Array.from({ length: 25 }, (_, i) => String(100000000000 + i)),
      ['eu-west-1'],
      's',
    );
    let first = true;
    sqs.on(SendMessageBatchCommand).callsFake((input: { Entries: Array<{ Id: string }> }) => {
      if (first) {
        first = false;
        return {
          Successful: input.Entries.slice(1).map((e) => ({ Id: e.Id })),
          Failed: [{ Id: input.Entries[0]!.Id, Code: 'InternalError', SenderFault: false }],
        };
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
    const provider = assumeRoleCredentials(new STSClient({}), {
      accountId: MEMBER,
      roleName: 'PreflightAudit',
      externalId: 'org-7f3a',
      region: 'eu-west-1',
      now: () => now,
    });
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

  const REGIONS = ['eu-west-1', 'us-west-2', 'ap-south-1'];
  const itemIn = (region: string, sweepId = 's1') => ({ accountId: MEMBER, region, includeGlobal: region === REGIONS[0], regions: REGIONS, sweepId });

  async function threeRegionAccount() {
    const account = emptyAccount(MEMBER, REGIONS);
    for (const region of REGIONS) account.s3.buckets.push({ name: `data-${region}`, region }, { name: `ok-${region}`, region, versioning: 'Enabled' });
    const deps = await continuousDeps(dynamo, account, ['s3-bucket-versioning-enabled', 'budget-cost-budget-exists']);
    return { account, deps };
  }

  it('sends exactly one baseline summary when three workers sweep one account’s three regions at once (8 trials)', async () => {
    for (let trial = 0; trial < 8; trial += 1) {
      const { deps } = await threeRegionAccount();

      const reports = await Promise.all(REGIONS.map((region) => runWorkItem(deps, itemIn(region), deps.apis)));

      expect(
        deps.publisher.sent.map((m) => m.attributes.kind),
        `trial ${trial}`,
      ).toEqual(['BASELINE']);
      expect(reports.filter((r) => r.baseline.summarySent)).toHaveLength(1);
      expect(reports.every((r) => r.record.alerts === 0)).toBe(true);
      // It covers every region of that first sweep, and the global rules run by one of them.
      expect(deps.publisher.sent[0]?.message.default).toBe(
        `Preflight baseline for account ${MEMBER}: 4 failing findings (4 HIGH) across 2 rules in ap-south-1, eu-west-1, global, us-west-2.`,
      );
    }
  });

  it('waits for every region of the first sweep, whichever finishes first, before announcing it', async () => {
    const { deps } = await threeRegionAccount();
    await runWorkItem(deps, itemIn('us-west-2'), deps.apis);
    await runWorkItem(deps, itemIn('eu-west-1'), deps.apis);
    expect(deps.publisher.sent).toEqual([]);
    const last = await runWorkItem(deps, itemIn('ap-south-1'), deps.apis);
    expect(last.baseline).toEqual({ firstSweep: true, summarySent: true });
    expect(deps.publisher.sent.map((m) => m.attributes)).toEqual([{ severity: 'HIGH', kind: 'BASELINE', count: 4 }]);
  });

  it('announces the regions that reported when one never does (a dead-lettered item), naming the missing one; that one gets its own summary later', async () => {
    const { account, deps } = await threeRegionAccount();
    let clock = Date.parse('2026-11-23T10:00:00.000Z');
    const timed = { ...deps, now: () => new Date(clock) };
    await runWorkItem(timed, itemIn('eu-west-1'), deps.apis);
    await runWorkItem(timed, itemIn('us-west-2'), deps.apis);
    clock += BASELINE_WAIT_MS - 60_000;
    await runWorkItem(timed, itemIn('eu-west-1', 's2'), deps.apis);
    expect(deps.publisher.sent).toEqual([]);

    clock += 60_000; // the next sweep, an hour after the first region reported
    await runWorkItem(timed, itemIn('eu-west-1', 's3'), deps.apis);
    expect(deps.publisher.sent.map((m) => m.attributes.kind)).toEqual(['BASELINE']);
    expect(deps.publisher.sent[0]?.message.email).toContain('Not yet swept: ap-south-1.');
    expect(deps.publisher.sent[0]?.message.default).toContain('3 failing findings (3 HIGH) across 2 rules in eu-west-1, global, us-west-2.');

    // The straggler's failures are announced too: by a summary of its own, not one alert each.
    account.s3.buckets.push({ name: 'late-ap', region: 'ap-south-1' });
    const late = await runWorkItem(timed, itemIn('ap-south-1', 's3'), deps.apis);
    expect(late.record.alerts).toBe(0);
    expect(deps.publisher.sent.map((m) => m.message.default)).toEqual([
      expect.any(String),
      `Preflight baseline for account ${MEMBER}: 2 failing findings (2 HIGH) across 1 rule in ap-south-1.`,
    ]);
  });

  it('alerts one by one in a region from its second sweep on', async () => {
    const { account, deps } = await threeRegionAccount();
    await Promise.all(REGIONS.map((region) => runWorkItem(deps, itemIn(region), deps.apis)));
    account.s3.buckets.push({ name: 'us-new', region: 'us-west-2' });
    const again = await runWorkItem(deps, itemIn('us-west-2', 's2'), deps.apis);
    expect(again.record.alerts).toBe(1);
    expect(deps.publisher.sent.map((m) => m.attributes.kind)).toEqual(['BASELINE', 'NEW_FAILURE']);
  });

  it('keeps the summary due when SNS refuses it, and sends it once with the next sweep', async () => {
    const { deps } = await threeRegionAccount();
    deps.publisher.failNext = 1;
    const first = await Promise.all(REGIONS.map((region) => runWorkItem(deps, itemIn(region), deps.apis)));
    expect(first.some((r) => r.baseline.summarySent)).toBe(false);
    await runWorkItem(deps, itemIn('eu-west-1', 's2'), deps.apis);
    await runWorkItem(deps, itemIn('us-west-2', 's2'), deps.apis);
    expect(deps.publisher.sent.map((m) => m.attributes.kind)).toEqual(['BASELINE']);
  });

  it('runs the same sweep as a single-account deployment', async () => {
    const account = emptyAccount(MEMBER, ['eu-west-1']);
    account.s3.buckets.push({ name: 'a', region: 'eu-west-1', versioning: 'Enabled' }, { name: 'b', region: 'eu-west-1' });
    const deps = await continuousDeps(dynamo, account, ['s3-bucket-versioning-enabled', 'budget-cost-budget-exists']);
    const viaItem = await runWorkItem(deps, { accountId: MEMBER, region: 'eu-west-1', includeGlobal: true, regions: ['eu-west-1'], sweepId: 's' }, deps.apis);
    const direct = await runSweep(deps, MEMBER, ['eu-west-1']);
    const strip = (r: typeof direct) => r.evaluation.findings.map(({ evaluatedAt: _, ...f }) => f);
    expect(strip(viaItem)).toEqual(strip(direct));
    expect(direct.record.writes).toBe(0);
  });
});

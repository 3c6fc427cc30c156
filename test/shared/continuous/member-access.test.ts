import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { eventOrigin, MemberAccessError, memberAccessFor, resetMemberAccess, UnknownAccountError } from '#shared/continuous/member-access.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { forwardedEvent } from '../../helpers/forwarded-events.js';
import { RULES } from '../../../src/rules/index.js';

const sts = mockClient(STSClient);
const OWN = '123456789012';
const MEMBER = '210987654321';
const CONFIGURED = '333344445555';
const saved = { ...process.env };

beforeEach(() => {
  sts.reset();
  sts
    .on(AssumeRoleCommand)
    .resolves({ Credentials: { AccessKeyId: 'ASIAMEMBER', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
  Object.assign(process.env, {
    FINDINGS_TABLE: 'preflight-findings',
    ALERT_TOPIC_ARN: `arn:aws:sns:eu-west-1:${OWN}:preflight-alerts`,
    AWS_REGION: 'eu-west-1',
    SCAN_REGIONS: 'eu-west-1,us-west-2',
    ENABLED_RULES: '',
    RULE_PARAMS: '',
    PREFLIGHT_CONFIG_PARAMETER: '/preflight/config',
    MEMBER_ACCOUNTS: MEMBER,
    MEMBER_ROLE_NAME: 'PreflightAudit',
    EXTERNAL_ID: 'org-7f3a',
  });
  // The configuration parameter adds a member with regions of its own.
  resetRuntime({ fetchParameter: async () => JSON.stringify({ accounts: [{ id: CONFIGURED, name: 'staging', regions: ['ap-southeast-2'] }] }) });
  resetMemberAccess();
});

afterAll(() => {
  process.env = saved;
  resetRuntime();
  resetMemberAccess();
});

const access = async (sessionPrefix = 'preflight-event') => memberAccessFor(await runtimeFor(RULES), OWN, { sessionPrefix });

describe('member access', () => {
  it('knows this account and the members of both lists, each with its regions', async () => {
    const accounts = await access();
    expect([OWN, MEMBER, CONFIGURED, '999999999999'].map((a) => accounts.knows(a))).toEqual([true, true, true, false]);
    expect(accounts.regionsOf(OWN)).toEqual(['eu-west-1', 'us-west-2']);
    expect(accounts.regionsOf(MEMBER)).toEqual(['eu-west-1', 'us-west-2']);
    expect(accounts.regionsOf(CONFIGURED)).toEqual(['ap-southeast-2']);
  });

  it('reads this account with its own readers and never assumes a role for it', async () => {
    const runtime = await runtimeFor(RULES);
    const own = await memberAccessFor(runtime, OWN, { sessionPrefix: 'preflight-event' }).accessFor(OWN);
    expect(own).toMatchObject({ accountId: OWN, member: false });
    expect(own.apis).toBe(runtime.deps.apis);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
  });

  it('assumes a member role once per container and session name, whatever the calls and regions', async () => {
    await (await access()).readersFor(MEMBER, 'us-west-2');
    await (await access()).readersFor(MEMBER, 'eu-west-1');
    await (await access('preflight-sweep')).accessFor(MEMBER);
    expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.RoleSessionName)).toEqual([`preflight-event-${MEMBER}`, `preflight-sweep-${MEMBER}`]);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, { RoleArn: `arn:aws:iam::${MEMBER}:role/PreflightAudit`, ExternalId: 'org-7f3a' });
  });

  it('refuses an unknown account before any AssumeRole, and wraps a denied one in MemberAccessError', async () => {
    await expect((await access()).accessFor('999999999999')).rejects.toThrow(UnknownAccountError);
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const denied = (await access()).accessFor(CONFIGURED);
    await expect(denied).rejects.toThrow(MemberAccessError);
    await expect(denied).rejects.toMatchObject({
      accountId: CONFIGURED,
      message: `cannot assume the member role in account ${CONFIGURED}: not authorized to perform: sts:AssumeRole`,
    });
  });
});

describe('eventOrigin', () => {
  const event = (edit: (detail: Record<string, unknown>) => void = () => undefined, account = MEMBER) =>
    cloudTrailEventSchema.parse(forwardedEvent('s3-PutBucketVersioning.json', { account, region: 'us-west-2' }, edit));

  it("is the record's account and region, as CloudTrail logged them", () => {
    expect(eventOrigin(event(), OWN)).toEqual({ accountId: MEMBER, region: 'us-west-2' });
    // A record that names another account than its envelope is judged by the record.
    expect(
      eventOrigin(
        event((d) => (d.recipientAccountId = CONFIGURED)),
        OWN,
      ),
    ).toEqual({ accountId: CONFIGURED, region: 'us-west-2' });
  });

  it('falls back to the envelope, then to this account, for records without recipientAccountId', () => {
    expect(
      eventOrigin(
        event((d) => delete d.recipientAccountId),
        OWN,
      ).accountId,
    ).toBe(MEMBER);
    const bare = event((d) => delete d.recipientAccountId);
    delete bare.account;
    expect(eventOrigin(bare, OWN).accountId).toBe(OWN);
  });
});

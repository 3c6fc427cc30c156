/**
 * Events forwarded to the central bus from other regions and member accounts: each is evaluated where
 * the call happened, a member's with its read-only role (assumed once per container), and one of an
 * account that is not configured is never read.
 */
import { GetBucketLocationCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity, Provider } from '@smithy/types';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/cloudtrail-event.js';
import { handler as sweepWorker, resetSweepWorker } from '../../src/handlers/sweep-worker.js';
import { MemberAccessError } from '#shared/continuous/member-access.js';
import { runtimeFor } from '#shared/continuous/runtime.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { forwardedEvent } from '../helpers/forwarded-events.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { RULES } from '../../src/rules/index.js';

const s3 = mockClient(S3Client);
const sns = mockClient(SNSClient);
const sts = mockClient(STSClient);
const OWN = '123456789012';
const MEMBER = '210987654321';
const STRANGER = '999999999999';
const HOME = 'eu-west-1';
const OTHER = 'us-west-2';
const RULE = 's3-bucket-versioning-enabled';
const MEMBER_KEY = 'ASIAMEMBEREXAMPLE';
let dynamo: LocalDynamo;

beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
  for (const name of ['MEMBER_ACCOUNTS', 'MEMBER_ROLE_NAME', 'EXTERNAL_ID']) delete process.env[name];
});

const granted = () => ({ Credentials: { AccessKeyId: MEMBER_KEY, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });

/** What the member's bucket really is: events only say which bucket to re-read. */
let versioning: 'Enabled' | 'Suspended';

beforeEach(async () => {
  for (const mock of [s3, sns, sts]) mock.reset();
  versioning = 'Enabled';
  sns.on(PublishCommand).resolves({ MessageId: 'm' });
  s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'prod-data', BucketRegion: OTHER }] });
  s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: OTHER });
  s3.on(GetBucketVersioningCommand).callsFake(() => ({ Status: versioning }));
  sts.on(AssumeRoleCommand).resolves(granted());
  await useHandlerEnvironment(dynamo, {
    ENABLED_RULES: RULE,
    SCAN_REGIONS: `${HOME},${OTHER}`,
    MEMBER_ACCOUNTS: MEMBER,
    MEMBER_ROLE_NAME: 'PreflightAudit',
    EXTERNAL_ID: 'org-7f3a',
  });
  resetSweepWorker();
});

const memberEvent = (status: 'Enabled' | 'Suspended', account = MEMBER, region = OTHER) =>
  forwardedEvent('s3-PutBucketVersioning.json', { account, region }, (detail) => {
    (detail.requestParameters as { VersioningConfiguration: { Status: string } }).VersioningConfiguration.Status = status;
  });

/** The member's first sweep of the region: its baseline, after which regressions alert. */
async function baselineMember(): Promise<void> {
  const body = JSON.stringify({ accountId: MEMBER, region: OTHER, includeGlobal: true, sweepId: 'baseline' });
  const record = {
    messageId: 'w1',
    receiptHandle: 'rh',
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 'A', ApproximateFirstReceiveTimestamp: '1' },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${HOME}:${OWN}:work`,
    awsRegion: HOME,
  };
  await expect(sweepWorker({ Records: [record] }, lambdaContext('worker'))).resolves.toEqual({ batchItemFailures: [] });
  sns.resetHistory();
  sts.resetHistory();
  s3.resetHistory();
}

/** The credentials and region of the S3 clients that read the bucket's versioning. */
async function versioningReaders(): Promise<string[]> {
  return Promise.all(
    s3.commandCalls(GetBucketVersioningCommand).map(async (call) => {
      const config = (call.thisValue as S3Client).config;
      const credentials = await (config.credentials as Provider<AwsCredentialIdentity>)();
      return `${credentials.accessKeyId} ${await config.region()}`;
    }),
  );
}

const regressions = () => sns.commandCalls(PublishCommand).filter((c) => c.args[0].input.MessageAttributes?.kind?.StringValue === 'REGRESSION');

describe('cloudtrail-event handler, events forwarded from other regions and member accounts', () => {
  it("evaluates a member account's event in the event's region with the member's role, and alerts once under duplicate delivery", async () => {
    await baselineMember();
    versioning = 'Suspended';
    const event = memberEvent('Suspended');

    await expect(handler(event, lambdaContext())).resolves.toEqual({ action: 'evaluated', findings: 1, transitions: 1 });
    await expect(handler(event, lambdaContext())).resolves.toEqual({ action: 'evaluated', findings: 1, transitions: 0 });

    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1); // cached for the container's life
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws:iam::${MEMBER}:role/PreflightAudit`,
      RoleSessionName: `preflight-event-${MEMBER}`,
      ExternalId: 'org-7f3a',
    });
    expect(await versioningReaders()).toEqual([`${MEMBER_KEY} ${OTHER}`, `${MEMBER_KEY} ${OTHER}`]);
    const stored = await (await runtimeFor(RULES)).deps.store.get(RULE, 'arn:aws:s3:::prod-data');
    expect(stored).toMatchObject({ accountId: MEMBER, region: OTHER, status: 'FAIL' });
    expect(regressions()).toHaveLength(1);
    expect(JSON.parse(regressions()[0]!.args[0].input.Message ?? '{}')).toMatchObject({
      sms: `[HIGH] ${RULE} FAIL prod-data (${OTHER}): versioning is Suspended on prod-data`,
    });
  });

  it("evaluates an event of this account's other scanned region with its own credentials in that region", async () => {
    versioning = 'Suspended';
    await expect(handler(memberEvent('Suspended', OWN, OTHER), lambdaContext())).resolves.toMatchObject({ action: 'evaluated', findings: 1 });
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    const regions = await Promise.all(s3.commandCalls(GetBucketVersioningCommand).map((call) => (call.thisValue as S3Client).config.region()));
    expect(regions).toEqual([OTHER]);
    expect(await (await runtimeFor(RULES)).deps.store.get(RULE, 'arn:aws:s3:::prod-data')).toMatchObject({ accountId: OWN, region: OTHER, status: 'FAIL' });
  });

  it('skips an event of an account that is not a member: no AssumeRole, no read, no finding', async () => {
    await expect(handler(memberEvent('Suspended', STRANGER), lambdaContext())).resolves.toEqual({ action: 'skipped', reason: 'unknown-account' });
    // The envelope of a configured account does not vouch for a record of another one.
    const smuggled = { ...memberEvent('Suspended'), detail: { ...memberEvent('Suspended').detail, recipientAccountId: STRANGER } };
    await expect(handler(smuggled, lambdaContext())).resolves.toEqual({ action: 'skipped', reason: 'unknown-account' });
    expect(sts).not.toHaveReceivedCommand(AssumeRoleCommand);
    expect(s3).not.toHaveReceivedCommand(GetBucketVersioningCommand);
    expect(await (await runtimeFor(RULES)).deps.store.get(RULE, 'arn:aws:s3:::prod-data')).toBeUndefined();
  });

  it('a forged event can at most cause a read-only re-check, never a verdict', async () => {
    await baselineMember();
    // The forged record claims versioning was suspended; the member's bucket says Enabled.
    await expect(handler(memberEvent('Suspended'), lambdaContext())).resolves.toEqual({ action: 'evaluated', findings: 1, transitions: 0 });
    expect(await (await runtimeFor(RULES)).deps.store.get(RULE, 'arn:aws:s3:::prod-data')).toMatchObject({ accountId: MEMBER, status: 'PASS' });
    expect(regressions()).toEqual([]);
    // What it cost: one read in the member's read-only role.
    expect(
      s3
        .calls()
        .map((call) => call.args[0].constructor.name)
        .filter((name) => !/^(Get|List|Head)/.test(name)),
    ).toEqual([]);
  });

  it('fails the invocation when the member role cannot be assumed (retried, then kept in the failure queue), and records nothing until the retry reads', async () => {
    await baselineMember();
    versioning = 'Suspended';
    sts
      .on(AssumeRoleCommand)
      .rejectsOnce(
        Object.assign(new Error(`User is not authorized to perform: sts:AssumeRole on arn:aws:iam::${MEMBER}:role/PreflightAudit`), { name: 'AccessDenied' }),
      )
      .resolves(granted());
    const event = memberEvent('Suspended');

    const failure = handler(event, lambdaContext());
    await expect(failure).rejects.toThrow(MemberAccessError);
    await expect(failure).rejects.toThrow(`cannot assume the member role in account ${MEMBER}: User is not authorized`);
    expect(s3).not.toHaveReceivedCommand(GetBucketVersioningCommand);
    expect(await (await runtimeFor(RULES)).deps.store.get(RULE, 'arn:aws:s3:::prod-data')).toMatchObject({ status: 'PASS' }); // the baseline's, untouched

    await expect(handler(event, lambdaContext())).resolves.toEqual({ action: 'evaluated', findings: 1, transitions: 1 });
    expect(regressions()).toHaveLength(1);
  });

  it('ends in ERROR, never PASS, when the member credentials cannot be renewed in the middle of an evaluation', async () => {
    await baselineMember();
    resetSweepWorker(); // a new container: the role is assumed again
    // Credentials about to expire (inside the renewal margin): the first read renews them, and STS is down by then.
    sts
      .on(AssumeRoleCommand)
      .resolvesOnce({ Credentials: { ...granted().Credentials, Expiration: new Date(Date.now() + 60_000) } })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }));
    // The mock answers before the SDK's signer would ask for credentials: ask as the signer does, per request.
    s3.on(GetBucketVersioningCommand).callsFake(async (_input: unknown, getClient: () => S3Client) => {
      await (getClient().config.credentials as Provider<AwsCredentialIdentity>)();
      return { Status: versioning };
    });

    await expect(handler(memberEvent('Suspended'), lambdaContext())).resolves.toMatchObject({ action: 'evaluated', findings: 1 });
    expect(await (await runtimeFor(RULES)).deps.store.get(RULE, 'arn:aws:s3:::prod-data')).toMatchObject({ accountId: MEMBER, status: 'ERROR' });
    expect(regressions()).toEqual([]);
  });
});

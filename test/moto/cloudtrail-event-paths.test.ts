/**
 * The three paths of a CloudTrail event over the wire (moto): the home region, another scanned region
 * of this account, and a member account in another region (moto answers sts:AssumeRole into any
 * account id with credentials that act in that account). Each drift is made in "AWS" first, then its
 * forwarded event is handed to the real handler; the alert is read from the topic's subscriber queue.
 * The time from the handler's invocation to the alert in the queue is printed per path: the figures of
 * docs/deploy.md's latency table (moto answers SNS → SQS synchronously, so the alert is in the queue
 * when the handler returns).
 */
import { CreateLogGroupCommand, DeleteRetentionPolicyCommand, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handler as cloudtrailEvent } from '../../src/handlers/cloudtrail-event.js';
import { handler as scheduledScan } from '../../src/handlers/scheduled-scan.js';
import { handler as sweepWorker, resetSweepWorker } from '../../src/handlers/sweep-worker.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { forwardedEvent } from '../helpers/forwarded-events.js';
import { lambdaContext } from '../helpers/lambda.js';
import { describeWithMoto, MOTO_ACCOUNT, type MotoServer, startMoto } from '../helpers/moto.js';
import { alertTopicWithQueue, createFindingsTable, kindOf, receiveAll } from './alerts.js';
import { motoClients, type RegionClients } from './seed/clients.js';
import { sqsEventOf, useMotoForHandlers } from './support.js';
import { RULES } from '../../src/rules/index.js';

const HOME = 'eu-west-1';
const OTHER = 'us-west-2';
const ROLE = 'PreflightAudit';
const MEMBER = '111111111111';
const RULE = 's3-bucket-versioning-enabled';
const MEMBER_LOG_GROUP = '/member/app';

interface Path {
  name: string;
  account: string;
  region: string;
  bucket: string;
}
const PATHS: Path[] = [
  { name: 'home region', account: MOTO_ACCOUNT, region: HOME, bucket: 'home-data' },
  { name: 'other region', account: MOTO_ACCOUNT, region: OTHER, bucket: 'west-data' },
  // Twice: the first event assumes the member role, the second finds it cached.
  { name: 'member account, other region (role assumed)', account: MEMBER, region: OTHER, bucket: 'member-west-a' },
  { name: 'member account, other region (role cached)', account: MEMBER, region: OTHER, bucket: 'member-west-b' },
];

let moto: MotoServer | undefined;
let home: RegionClients;
let member: (region: string) => RegionClients;
let alertQueue: string;
let workQueue: string;
const saved = { ...process.env };
const latencies: Array<{ path: string; ms: number }> = [];

async function memberCredentials(): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(moto!.clientConfig(HOME));
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${MEMBER}:role/${ROLE}`, RoleSessionName: 'seed' }));
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('moto gave no member credentials');
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

const clientsOf = (path: Path) => (path.account === MEMBER ? member : motoClients(moto!))(path.region);

const setVersioning = (path: Path, Status: 'Enabled' | 'Suspended') =>
  clientsOf(path).s3.send(new PutBucketVersioningCommand({ Bucket: path.bucket, VersioningConfiguration: { Status } }));

/** The recorded PutBucketVersioning, as the central bus delivers it from the path's account and region. */
const eventOf = (path: Path) =>
  forwardedEvent('s3-PutBucketVersioning.json', { account: path.account, region: path.region }, (detail) => {
    const request = detail.requestParameters as { bucketName: string; Host: string; VersioningConfiguration: { Status: string } };
    Object.assign(request, { bucketName: path.bucket, Host: `${path.bucket}.s3.${path.region}.amazonaws.com` });
    request.VersioningConfiguration.Status = 'Suspended';
    detail.eventID = `drift-${path.bucket}`;
  });

describeWithMoto('a CloudTrail event on each path: home region, other region, member account (moto)', () => {
  beforeAll(async () => {
    moto = await startMoto();
    home = motoClients(moto)(HOME);
    member = motoClients(moto, await memberCredentials());
    for (const path of PATHS) {
      await clientsOf(path).s3.send(new CreateBucketCommand({ Bucket: path.bucket, CreateBucketConfiguration: { LocationConstraint: path.region } as never }));
      await setVersioning(path, 'Enabled');
    }
    await member(OTHER).logs.send(new CreateLogGroupCommand({ logGroupName: MEMBER_LOG_GROUP }));
    await member(OTHER).logs.send(new PutRetentionPolicyCommand({ logGroupName: MEMBER_LOG_GROUP, retentionInDays: 30 }));
    const table = await createFindingsTable(home.dynamodb, 'preflight-findings');
    const alerts = await alertTopicWithQueue(home.sns, home.sqs, 'preflight-alerts');
    alertQueue = alerts.queueUrl;
    ({ QueueUrl: workQueue = '' } = await home.sqs.send(new CreateQueueCommand({ QueueName: 'preflight-sweep-work' })));
    useMotoForHandlers(moto.endpoint, HOME, {
      FINDINGS_TABLE: table,
      ALERT_TOPIC_ARN: alerts.topicArn,
      ENABLED_RULES: `${RULE},logs-retention-set`,
      SCAN_REGIONS: `${HOME},${OTHER}`,
      // This account is listed too: the sweep covers it and the member alike (the baseline of every path).
      MEMBER_ACCOUNTS: `${MOTO_ACCOUNT},${MEMBER}`,
      MEMBER_ROLE_NAME: ROLE,
      SWEEP_QUEUE_URL: workQueue,
    });
    resetSweepWorker();

    // The first sweep of both accounts in both regions: their baselines, after which a drift alerts.
    await scheduledScan({ time: '2026-12-07T10:00:00Z' }, lambdaContext('scheduled', MOTO_ACCOUNT));
    const { Messages = [] } = await home.sqs.send(new ReceiveMessageCommand({ QueueUrl: workQueue, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(4);
    const work = sqsEventOf(Messages, `arn:aws:sqs:${HOME}:${MOTO_ACCOUNT}:preflight-sweep-work`);
    await expect(sweepWorker(work, lambdaContext('worker', MOTO_ACCOUNT))).resolves.toEqual({ batchItemFailures: [] });
    const baselines = (await receiveAll(home.sqs, alertQueue)).map(kindOf);
    expect(baselines.length).toBeGreaterThan(0);
    expect(new Set(baselines)).toEqual(new Set(['BASELINE']));
    // A new container: the event handler assumes the member role itself.
    resetSweepWorker();
  }, 180_000);

  afterAll(async () => {
    process.env = saved;
    resetRuntime();
    resetSweepWorker();
    await moto?.stop();
    if (latencies.length > 0) console.info(`[moto] event → alert in the subscriber queue: ${latencies.map((l) => `${l.path} ${l.ms} ms`).join('; ')}`);
  });

  it.each(PATHS)('$name: one alert for the drift, in the account and region it happened, none for the duplicate', async (path) => {
    await setVersioning(path, 'Suspended');
    const event = eventOf(path);

    const started = performance.now();
    await expect(cloudtrailEvent(event, lambdaContext('event', MOTO_ACCOUNT))).resolves.toEqual({ action: 'evaluated', findings: 1, transitions: 1 });
    const delivered = await receiveAll(home.sqs, alertQueue);
    latencies.push({ path: path.name, ms: Math.round(performance.now() - started) });

    expect(delivered.map(kindOf)).toEqual(['REGRESSION']);
    expect(delivered[0]?.envelope.Message).toContain(`versioning is Suspended on ${path.bucket}`);
    const stored = await (await runtimeFor(RULES)).deps.store.get(RULE, `arn:aws:s3:::${path.bucket}`);
    expect(stored).toMatchObject({ accountId: path.account, region: path.region, status: 'FAIL' });

    // EventBridge delivers at least once: the same event again changes nothing and sends nothing.
    await expect(cloudtrailEvent(event, lambdaContext('event', MOTO_ACCOUNT))).resolves.toMatchObject({ transitions: 0 });
    expect(await receiveAll(home.sqs, alertQueue)).toEqual([]);
  });

  it("reads a member's resources with the member's credentials: a log group only the member has", async () => {
    // moto keeps S3 bucket names global, but log groups per account: read with this account's
    // credentials, the member's log group would not exist and its finding would be closed, not failed.
    const logs = member(OTHER).logs;
    await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: MEMBER_LOG_GROUP }));
    const event = forwardedEvent('logs-DeleteRetentionPolicy.json', { account: MEMBER, region: OTHER }, (detail) => {
      (detail.requestParameters as { logGroupName: string }).logGroupName = MEMBER_LOG_GROUP;
    });
    await expect(cloudtrailEvent(event, lambdaContext('event', MOTO_ACCOUNT))).resolves.toEqual({ action: 'evaluated', findings: 1, transitions: 1 });
    const [stored] = await (await runtimeFor(RULES)).deps.store.scopeFindings(MEMBER, OTHER, 'logs-retention-set');
    expect(stored).toMatchObject({ accountId: MEMBER, region: OTHER, resourceName: MEMBER_LOG_GROUP, status: 'FAIL' });
    expect(stored?.resourceId).toContain(`:${MEMBER}:`);
    expect((await receiveAll(home.sqs, alertQueue)).map(kindOf)).toEqual(['REGRESSION']);
  });
});

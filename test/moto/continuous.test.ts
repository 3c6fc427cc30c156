/**
 * Continuous mode over the wire: the real Lambda handlers (middy, Powertools, the container runtime)
 * with every AWS call going to moto through AWS_ENDPOINT_URL: the findings table created from
 * table.json, the alert topic with an SQS queue subscribed (raw delivery off), so alerts are read
 * exactly as a subscriber receives them.
 */
import { CreateBucketCommand, PutBucketVersioningCommand } from '@aws-sdk/client-s3';
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handler as cloudtrailEvent } from '../../src/handlers/cloudtrail-event.js';
import { handler as scheduledScan } from '../../src/handlers/scheduled-scan.js';
import { MAX_ALERTS_PER_MESSAGE, SNS_MESSAGE_MAX_BYTES } from '#shared/alerts/notifier.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import { putBucketVersioningEvent } from '../helpers/continuous.js';
import { lambdaContext } from '../helpers/lambda.js';
import { describeWithMoto, MOTO_ACCOUNT, type MotoServer, startMoto } from '../helpers/moto.js';
import { alertTopicWithQueue, createFindingsTable, type Delivered, kindOf, receiveAll, seedPendingAlerts } from './alerts.js';
import { motoClients, type RegionClients } from './seed/clients.js';
import { useMotoForHandlers } from './support.js';

const REGION = 'eu-west-1';
const scheduledEvent = {
  version: '0',
  id: 'a7f1c1e4-5b0e-4a55-9d43-1f0e7a3c2b10',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: MOTO_ACCOUNT,
  time: '2026-11-23T10:00:00Z',
  region: REGION,
  resources: [`arn:aws:events:${REGION}:${MOTO_ACCOUNT}:rule/preflight-sweep`],
  detail: {},
};

let moto: MotoServer | undefined;
let aws: RegionClients;
let queueUrl: string;
const saved = { ...process.env };

describeWithMoto('continuous mode over the wire (moto)', () => {
  beforeAll(async () => {
    moto = await startMoto();
    aws = motoClients(moto)(REGION);
    const table = await createFindingsTable(aws.dynamodb, 'preflight-findings');
    const alerts = await alertTopicWithQueue(aws.sns, aws.sqs, 'preflight-alerts');
    queueUrl = alerts.queueUrl;
    for (const bucket of ['prod-data', 'scratch']) {
      await aws.s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: REGION } }));
    }
    await aws.s3.send(new PutBucketVersioningCommand({ Bucket: 'prod-data', VersioningConfiguration: { Status: 'Enabled' } }));
    useMotoForHandlers(moto.endpoint, REGION, {
      FINDINGS_TABLE: table,
      ALERT_TOPIC_ARN: alerts.topicArn,
      ENABLED_RULES: 's3-bucket-versioning-enabled,s3-bucket-lifecycle-configured',
    });
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    resetRuntime();
    await moto?.stop();
  });

  const regressions = (messages: readonly Delivered[]) => messages.filter((m) => kindOf(m) !== 'BASELINE');

  it('sends one baseline summary on the first sweep, then stays quiet on the next', async () => {
    const first = await scheduledScan(scheduledEvent, lambdaContext());
    expect(first).toMatchObject({ status: 'swept', accountId: MOTO_ACCOUNT, byStatus: { PASS: 1, FAIL: 3 } });
    const baseline = await receiveAll(aws.sqs, queueUrl);
    expect(baseline.map(kindOf)).toEqual(['BASELINE']);
    expect(baseline[0]?.envelope).toMatchObject({ Type: 'Notification', TopicArn: process.env.ALERT_TOPIC_ARN });
    expect(baseline[0]?.envelope.Message).toContain('3 failing');

    await expect(scheduledScan(scheduledEvent, lambdaContext())).resolves.toMatchObject({ status: 'swept', transitions: 0, writes: 0 });
    expect(await receiveAll(aws.sqs, queueUrl)).toEqual([]);
  });

  it('turns the CloudTrail event of a drift into exactly one regression alert in the queue', async () => {
    // The drift happens in "AWS" first; the event only says where to look.
    await aws.s3.send(new PutBucketVersioningCommand({ Bucket: 'prod-data', VersioningConfiguration: { Status: 'Suspended' } }));
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString());

    await expect(cloudtrailEvent(event, lambdaContext())).resolves.toMatchObject({ action: 'evaluated', transitions: 1 });
    const delivered = await receiveAll(aws.sqs, queueUrl);

    expect(regressions(delivered)).toHaveLength(1);
    const [alert] = delivered;
    expect(alert?.envelope.MessageAttributes).toMatchObject({
      kind: { Type: 'String', Value: 'REGRESSION' },
      severity: { Type: 'String', Value: 'HIGH' },
      count: { Type: 'Number', Value: '1' },
    });
    expect(alert?.envelope.Subject).toContain('s3-bucket-versioning-enabled on prod-data');
    // The SQS subscriber gets the message's `default` body: readable text naming the resource and why.
    expect(alert?.envelope.Message).toContain('versioning is Suspended on prod-data');
    expect(alert?.bytes).toBeLessThanOrEqual(256 * 1024);
  });

  it('never alerts twice: the event delivered again, and the next sweep, send nothing', async () => {
    const event = putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString());
    await expect(cloudtrailEvent(event, lambdaContext())).resolves.toMatchObject({ action: 'evaluated', transitions: 0 });
    await expect(scheduledScan(scheduledEvent, lambdaContext())).resolves.toMatchObject({ status: 'swept', transitions: 0 });
    expect(await receiveAll(aws.sqs, queueUrl)).toEqual([]);
    const { deps } = await runtimeFor();
    expect(await deps.store.pendingAlerts()).toEqual([]);
  });

  it('publishes what waits in the outbox on any invocation, one message per severity (what a burst test builds on)', async () => {
    const { deps } = await runtimeFor();
    await seedPendingAlerts(deps.store, 3, { accountId: MOTO_ACCOUNT, prefix: 'batch' });
    // A read-only call is skipped, but the invocation still drains the outbox.
    const readOnly = { ...putBucketVersioningEvent('prod-data', 'Enabled', new Date().toISOString()) };
    readOnly.detail = { ...readOnly.detail, eventName: 'GetBucketVersioning', readOnly: true };
    await expect(cloudtrailEvent(readOnly, lambdaContext())).resolves.toMatchObject({ action: 'skipped' });

    const delivered = await receiveAll(aws.sqs, queueUrl);
    expect(delivered.map((m) => m.envelope.MessageAttributes?.count?.Value)).toEqual(['3']);
    expect(delivered[0]?.envelope.Message).toContain('batch-00002');
    expect(await deps.store.pendingAlerts()).toEqual([]);
  });

  it('refuses a message over 256 KiB, as SNS does (what makes the burst case below a real check)', async () => {
    const tooLong = new PublishCommand({ TopicArn: process.env.ALERT_TOPIC_ARN, Message: 'x'.repeat(SNS_MESSAGE_MAX_BYTES + 1) });
    await expect(aws.sns.send(tooLong)).rejects.toMatchObject({ name: expect.stringMatching(/^InvalidParameter/) });
  });

  it('drains a burst that once jammed the topic (320 regressions with 300-character names) in messages moto accepts, each alert once', async () => {
    // One message of 320 such alerts is over SNS's 256 KiB: it used to be refused, released and rebuilt forever.
    const burst = 320;
    const { deps } = await runtimeFor();
    const prefix = `burst-${'n'.repeat(288)}`;
    await seedPendingAlerts(deps.store, burst, { accountId: MOTO_ACCOUNT, prefix });
    const readOnly = { ...putBucketVersioningEvent('prod-data', 'Suspended', new Date().toISOString()) };
    readOnly.detail = { ...readOnly.detail, eventName: 'GetBucketVersioning', readOnly: true };
    // moto answers each store write of the drain far slower than DynamoDB: more time than the default.
    const patient = { ...lambdaContext(), getRemainingTimeInMillis: () => 300_000 };
    await expect(cloudtrailEvent(readOnly, patient)).resolves.toMatchObject({ action: 'skipped' });

    const delivered = await receiveAll(aws.sqs, queueUrl);
    expect(delivered).toHaveLength(Math.ceil(burst / MAX_ALERTS_PER_MESSAGE));
    expect(delivered.every((m) => kindOf(m) === 'REGRESSION')).toBe(true);
    const counts = delivered.map((m) => Number(m.envelope.MessageAttributes?.count?.Value));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(burst);
    expect(await deps.store.pendingAlerts()).toEqual([]);
    // A second invocation finds nothing left to send: no alert goes out twice.
    await expect(cloudtrailEvent(readOnly, patient)).resolves.toMatchObject({ action: 'skipped' });
    expect(await receiveAll(aws.sqs, queueUrl)).toEqual([]);
  }, 240_000);
});

/**
 * Multi-account over the wire: moto answers sts:AssumeRole into any account id with credentials that
 * act in that account. Two member accounts are seeded differently (through their own assumed
 * credentials); the real scheduled handler enqueues their work items on a moto queue, the real sweep
 * worker takes them, assumes the member role and sweeps: every finding must carry the account it was
 * read in.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { AwsCredentialIdentity } from '@smithy/types';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { handler as scheduledScan } from '../../src/handlers/scheduled-scan.js';
import { handler as sweepWorker, resetSweepWorker } from '../../src/handlers/sweep-worker.js';
import { emptyAccount } from '../../src/cli/demo/memory-account/index.js';
import { resetRuntime, runtimeFor } from '#shared/continuous/runtime.js';
import type { StoredFinding } from '#shared/store/transitions.js';
import { lambdaContext } from '../helpers/lambda.js';
import { describeWithMoto, MOTO_ACCOUNT, type MotoServer, startMoto } from '../helpers/moto.js';
import { alertTopicWithQueue, createFindingsTable } from './alerts.js';
import { motoClients, type RegionClients } from './seed/clients.js';
import { mirrorAccount } from './seed/mirror.js';
import { sqsEventOf, useMotoForHandlers } from './support.js';
import { RULES as REGISTRY } from '../../src/rules/index.js';

const REGION = 'eu-west-1';
const ROLE = 'PreflightAudit';
const ALPHA = '111111111111';
const BRAVO = '222222222222';
const RULES = ['s3-bucket-versioning-enabled', 'logs-retention-set', 'iam-root-mfa'];

let moto: MotoServer | undefined;
let home: RegionClients;
let workQueueUrl: string;
const saved = { ...process.env };

/** The member role's credentials, as moto's STS gives them to anyone: they act in that account. */
async function memberCredentials(accountId: string): Promise<AwsCredentialIdentity> {
  const sts = new STSClient(moto!.clientConfig(REGION));
  const { Credentials: c } = await sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/${ROLE}`, RoleSessionName: 'seed' }));
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`moto gave no credentials for ${accountId}`);
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
}

/** Findings of every rule in the store, for one account. */
async function storedFindings(accountId: string): Promise<StoredFinding[]> {
  const { deps } = await runtimeFor(REGISTRY);
  const byRule = await Promise.all(RULES.flatMap((ruleId) => [REGION, 'global'].map((region) => deps.store.scopeFindings(accountId, region, ruleId))));
  return byRule.flat();
}

describeWithMoto('multi-account fan-out over the wire (moto)', () => {
  beforeAll(async () => {
    moto = await startMoto();
    home = motoClients(moto)(REGION);
    // Two members, seeded differently, each through its own assumed credentials.
    const alpha = emptyAccount(ALPHA, [REGION]);
    alpha.s3.buckets.push({ name: 'alpha-data', region: REGION, versioning: 'Enabled' });
    alpha.regions[REGION]!.logs.logGroups.push({ name: '/alpha/app', retentionInDays: 30 });
    const bravo = emptyAccount(BRAVO, [REGION]);
    bravo.s3.buckets.push({ name: 'bravo-data', region: REGION, versioning: 'Suspended' }, { name: 'bravo-archive', region: REGION });
    bravo.regions[REGION]!.logs.logGroups.push({ name: '/bravo/app' });
    await Promise.all([
      memberCredentials(ALPHA).then((credentials) => mirrorAccount(moto!, alpha, { credentials })),
      memberCredentials(BRAVO).then((credentials) => mirrorAccount(moto!, bravo, { credentials })),
    ]);

    const table = await createFindingsTable(home.dynamodb, 'preflight-findings');
    const alerts = await alertTopicWithQueue(home.sns, home.sqs, 'preflight-alerts');
    ({ QueueUrl: workQueueUrl = '' } = await home.sqs.send(new CreateQueueCommand({ QueueName: 'preflight-sweep-work' })));
    useMotoForHandlers(moto.endpoint, REGION, {
      FINDINGS_TABLE: table,
      ALERT_TOPIC_ARN: alerts.topicArn,
      ENABLED_RULES: RULES.join(','),
      MEMBER_ACCOUNTS: `${ALPHA},${BRAVO}`,
      MEMBER_ROLE_NAME: ROLE,
      SWEEP_QUEUE_URL: workQueueUrl,
    });
    resetSweepWorker();
  }, 120_000);

  afterAll(async () => {
    process.env = saved;
    resetRuntime();
    resetSweepWorker();
    await moto?.stop();
  });

  it('enqueues one work item per member account, sweeps each in its own account, and keeps their findings apart', async () => {
    // The schedule: work items on the moto queue, nothing swept by the home account itself.
    await expect(scheduledScan({ time: '2026-11-23T10:00:00Z' }, lambdaContext('scheduled', MOTO_ACCOUNT))).resolves.toMatchObject({
      status: 'enqueued',
      accounts: [ALPHA, BRAVO],
      workItems: 2,
    });
    const { Messages = [] } = await home.sqs.send(new ReceiveMessageCommand({ QueueUrl: workQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect(Messages).toHaveLength(2);

    // The workers: the queue's messages as the SQS event source delivers them.
    const event = sqsEventOf(Messages, `arn:aws:sqs:${REGION}:${MOTO_ACCOUNT}:preflight-sweep-work`);
    await expect(sweepWorker(event, lambdaContext('worker', MOTO_ACCOUNT))).resolves.toEqual({ batchItemFailures: [] });

    const verdicts = async (accountId: string) =>
      Object.fromEntries((await storedFindings(accountId)).map((f) => [`${f.ruleId} ${f.resourceName}`, `${f.accountId} ${f.status}`]));
    expect(await verdicts(ALPHA)).toEqual({
      's3-bucket-versioning-enabled alpha-data': `${ALPHA} PASS`,
      'logs-retention-set /alpha/app': `${ALPHA} PASS`,
      [`iam-root-mfa ${ALPHA}`]: `${ALPHA} FAIL`,
    });
    expect(await verdicts(BRAVO)).toEqual({
      's3-bucket-versioning-enabled bravo-data': `${BRAVO} FAIL`,
      's3-bucket-versioning-enabled bravo-archive': `${BRAVO} FAIL`,
      'logs-retention-set /bravo/app': `${BRAVO} FAIL`,
      [`iam-root-mfa ${BRAVO}`]: `${BRAVO} FAIL`,
    });
    // The home account was not swept: its credentials never read the members' resources as its own.
    expect(await storedFindings(MOTO_ACCOUNT)).toEqual([]);
    // Resource ids name the account they live in where the ARN has one.
    for (const f of [...(await storedFindings(ALPHA)), ...(await storedFindings(BRAVO))]) {
      if (f.resourceId.startsWith('arn:aws:logs:')) expect(f.resourceId).toContain(`:${f.accountId}:`);
    }
  });
});

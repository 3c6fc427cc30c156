/**
 * The outbox drain on dynalite against an SNS stand-in that enforces the Publish limits: bursts split
 * into messages that fit, one kind per message, and a message SNS refuses for good never blocks the
 * others nor stays in the outbox forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRule } from '../../../src/rules/index.js';
import type { Finding } from '#shared/core/model.js';
import type { AlertMessage } from '#shared/alerts/messages.js';
import { drainOutbox, MAX_ALERTS_PER_MESSAGE, MESSAGE_BYTE_BUDGET, publishInput } from '#shared/alerts/notifier.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { DEFAULT_POLICY } from '#shared/store/transitions.js';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.js';
import { seedPendingAlerts } from '../../helpers/outbox.js';
import { snsMessageBytes, StrictSnsPublisher } from '../../helpers/sns.js';
import { alertKeys, duplicates } from '../../reliability/support/ledger.js';

const ACCOUNT = '123456789012';
const CONTEXT = { describeRule: (id: string) => findRule(id), apiUrl: 'https://api.example.test' };
const T0 = Date.parse('2026-11-23T10:00:00.000Z');

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

function finding(i: number, overrides: Partial<Finding> = {}, at = T0): Finding {
  const name = `bucket-${String(i).padStart(4, '0')}`;
  return {
    ruleId: 's3-bucket-versioning-enabled',
    resourceId: `arn:aws:s3:::${name}`,
    resourceName: name,
    resourceType: 'AWS::S3::Bucket',
    accountId: ACCOUNT,
    region: 'eu-west-1',
    status: 'FAIL',
    severity: 'HIGH',
    reason: `versioning is Suspended on ${name}`,
    evidence: { status: 'Suspended' },
    evaluatedAt: new Date(at).toISOString(),
    ...overrides,
  };
}

async function storeWith(findings: Finding[], policy = DEFAULT_POLICY): Promise<FindingsStore> {
  const store = new FindingsStore(dynamo.client, await dynamo.createTable());
  await store.record(findings, { mode: 'event', policy, accountId: ACCOUNT });
  return store;
}

const bytesOf = (m: AlertMessage) => snsMessageBytes(publishInput('arn:aws:sns:eu-west-1:123456789012:alerts', m));

describe('drainOutbox: bursts', () => {
  it('drains 1,000 pending alerts of one severity in ceil(N/k) messages SNS accepts, none lost or repeated', async () => {
    // Prepare: a first sweep of a new member account past the baseline, or a lost permission.
    const store = new FindingsStore(dynamo.client, await dynamo.createTable());
    await seedPendingAlerts(
      store,
      Array.from({ length: 1_000 }, (_, i) => finding(i)),
    );
    expect(await store.pendingAlerts()).toHaveLength(1_000);
    const sns = new StrictSnsPublisher();

    // Act
    const result = await drainOutbox({ store, publisher: sns, context: CONTEXT });

    // Assess
    expect(sns.refused).toEqual([]);
    expect(sns.delivered).toHaveLength(Math.ceil(1_000 / MAX_ALERTS_PER_MESSAGE));
    expect(result).toMatchObject({ published: 1_000, messages: sns.delivered.length, failed: 0, undeliverable: 0 });
    const keys = sns.delivered.flatMap(alertKeys);
    expect(keys).toHaveLength(1_000);
    expect(duplicates(keys)).toEqual([]);
    for (const message of sns.delivered) expect(bytesOf(message)).toBeLessThanOrEqual(MESSAGE_BYTE_BUDGET);
    expect(await store.pendingAlerts()).toEqual([]);
    console.log(
      `[burst] 1,000 alerts → ${sns.delivered.length} messages of ≤ ${MAX_ALERTS_PER_MESSAGE}; largest ${Math.max(...sns.delivered.map(bytesOf))} bytes`,
    );
  }, 120_000);

  it('splits by bytes too: alerts with the longest fields still go out in messages under the budget', async () => {
    const long = 'x'.repeat(5_000);
    const store = await storeWith(Array.from({ length: 40 }, (_, i) => finding(i, { reason: `${long} ${i}`, evidence: { blob: long } })));
    const sns = new StrictSnsPublisher();
    const budget = 40_000;

    const result = await drainOutbox({ store, publisher: sns, context: CONTEXT, maxMessageBytes: budget });

    expect(result).toMatchObject({ published: 40, failed: 0, undeliverable: 0 });
    expect(sns.delivered.length).toBeGreaterThan(1);
    for (const message of sns.delivered) expect(bytesOf(message)).toBeLessThanOrEqual(budget);
    expect(duplicates(sns.delivered.flatMap(alertKeys))).toEqual([]);
    expect(sns.delivered.flatMap(alertKeys)).toHaveLength(40);
  }, 60_000);
});

describe('drainOutbox: one kind per message', () => {
  it('sends FIXED, REGRESSION and ERROR_PERSISTING of one severity as three messages whose kind is true of every alert', async () => {
    // Prepare: three findings PASS, two FAIL, three ERROR; then each moves, with FIXED alerts on.
    const policy = { ...DEFAULT_POLICY, alertOnFixed: true, errorAlertAfterSweeps: 1 };
    const store = await storeWith([finding(1, { status: 'PASS' }), finding(2, { status: 'FAIL' }), finding(3, { status: 'PASS' })], {
      ...policy,
      baselined: false,
    });
    await store.record([finding(1, {}, T0 + 1), finding(2, { status: 'PASS' }, T0 + 1), finding(3, { status: 'ERROR' }, T0 + 1)], {
      mode: 'sweep',
      policy,
      accountId: ACCOUNT,
      complete: [],
    });
    const kindOf = new Map((await store.pendingAlerts()).map((f) => [f.resourceId, f.alert?.kind]));
    expect([...kindOf.values()].sort()).toEqual(['ERROR_PERSISTING', 'FIXED', 'REGRESSION']);
    const sns = new StrictSnsPublisher();

    await drainOutbox({ store, publisher: sns, context: CONTEXT });

    expect(sns.delivered.map((m) => m.attributes.kind).sort()).toEqual(['ERROR_PERSISTING', 'FIXED', 'REGRESSION']);
    for (const message of sns.delivered) {
      const resources = alertKeys(message).map((k) => k.split('|')[1]);
      expect(resources.map((r) => kindOf.get(r ?? ''))).toEqual([message.attributes.kind]);
    }
    expect(sns.delivered.map((m) => m.subject).sort()).toEqual([
      '[Preflight] HIGH cannot be checked: s3-bucket-versioning-enabled on bucket-0003',
      '[Preflight] HIGH fixed: s3-bucket-versioning-enabled on bucket-0002',
      '[Preflight] HIGH regression: s3-bucket-versioning-enabled on bucket-0001',
    ]);
  });
});

describe('drainOutbox: a message SNS refuses for good', () => {
  it('does not block the others: the batch is sent one alert at a time, the refused one shortened', async () => {
    const store = await storeWith(Array.from({ length: 30 }, (_, i) => finding(i, i === 7 ? { resourceName: 'bucket-0007-☃' } : {})));
    // A character this SNS will not take in a full body; the shortened message is ASCII.
    const sns = new StrictSnsPublisher((m) => (m.message.email.includes('☃') ? 'Invalid parameter: Message contains invalid characters' : undefined));
    const refusedAlone: unknown[] = [];

    const result = await drainOutbox({ store, publisher: sns, context: CONTEXT, onUndeliverable: (error) => void refusedAlone.push(error) });

    expect(result).toMatchObject({ published: 30, failed: 0, undeliverable: 0, shortened: 1 });
    expect(sns.refused).toHaveLength(2); // the batch of 30, then bucket-0007's full message
    const singles = sns.delivered.filter((m) => m.attributes.count === 1);
    expect(singles).toHaveLength(30);
    expect(sns.delivered.find((m) => m.message.email.includes('shortened message'))?.message.default).toContain('FAIL bucket-0007-? (eu-west-1)');
    expect(refusedAlone).toEqual([]);
    expect(await store.pendingAlerts()).toEqual([]);
  });

  it('takes an alert SNS refuses even shortened out of the outbox, says so, and keeps sending the rest', async () => {
    const store = await storeWith(Array.from({ length: 5 }, (_, i) => finding(i)));
    const sns = new StrictSnsPublisher((m) => (m.message.default.includes('bucket-0002') ? 'Invalid parameter: refused' : undefined));
    const lost: Array<{ error: unknown; resource: string }> = [];
    const onUndeliverable = (error: unknown, items: readonly { finding: { resourceId: string } }[]) =>
      void lost.push(...items.map((i) => ({ error, resource: i.finding.resourceId })));

    const first = await drainOutbox({ store, publisher: sns, context: CONTEXT, onUndeliverable });
    const second = await drainOutbox({ store, publisher: sns, context: CONTEXT, onUndeliverable });

    expect(first).toMatchObject({ published: 4, failed: 0, undeliverable: 1 });
    expect(lost.map((l) => l.resource)).toEqual(['arn:aws:s3:::bucket-0002']);
    expect(second).toMatchObject({ published: 0, messages: 0, failed: 0, undeliverable: 0 });
    expect(await store.pendingAlerts()).toEqual([]);
    expect(await store.get('s3-bucket-versioning-enabled', 'arn:aws:s3:::bucket-0002')).toMatchObject({
      undeliverableAlert: { kind: 'NEW_FAILURE', reason: 'InvalidParameter: Invalid parameter: refused' },
    });
  });

  it('keeps alerts pending when SNS fails for a reason that may pass (throttling, outage)', async () => {
    const store = await storeWith(Array.from({ length: 3 }, (_, i) => finding(i)));
    const down = {
      async publish(): Promise<void> {
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException', $fault: 'client' });
      },
    };

    const result = await drainOutbox({ store, publisher: down, context: CONTEXT });

    expect(result).toMatchObject({ published: 0, failed: 3, undeliverable: 0 });
    expect(await store.pendingAlerts()).toHaveLength(3);
  });
});

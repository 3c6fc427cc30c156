import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySecretsManagerSample } from '../../../src/cli/demo/sample/secretsmanager.js';
import type { CloudTrailDetail } from '../../../src/rules/define-rule.js';
import { secretsmanagerRules } from '../../../src/rules/secretsmanager/index.js';
import { secretArnFromEvent, secretArnFromRotationEvent } from '../../../src/rules/secretsmanager/rotation-enabled.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { evaluate } from '#shared/engine/engine.js';
import { evaluateRoute } from '#shared/engine/evaluate-route.js';
import { emptyAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';
import { ACCOUNT, REGION } from '../../helpers/aws.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): CloudTrailDetail {
  const url = new URL(`../../fixtures/cloudtrail/secretsmanager-${eventName}.json`, import.meta.url);
  const { detail } = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { ...detail, requestParameters: detail.requestParameters ?? null, responseElements: detail.responseElements ?? null };
}

const arn = (name: string, suffix: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-${suffix}`;
const DATABASE = arn('retainwise/prod/database', 'yZmxUc');
const STRIPE = arn('retainwise/prod/stripe-api-key', '7T1gIc');
const WEBHOOK = arn('retainwise/prod/webhook-signing-key', 'CGDdca');

/** Every eventName the rotation rule listens to, and the secret ARN each fixture names. */
const EXPECTED: ReadonlyArray<[eventName: string, secretArn: string]> = [
  ['CreateSecret', WEBHOOK],
  ['RotateSecret', DATABASE],
  ['CancelRotateSecret', DATABASE],
  ['DeleteSecret', STRIPE],
  ['RestoreSecret', STRIPE],
  // Logged by Secrets Manager itself, delivered as "AWS Service Event via CloudTrail".
  ['RotationStarted', DATABASE],
  ['RotationSucceeded', DATABASE],
  ['RotationFailed', DATABASE],
];
/** Service events no fixture shows: logged when a new version abandons a rotation in progress. */
const UNRECORDED = ['RotationAbandoned'];

describe('Secrets Manager CloudTrail triggers', () => {
  it('cover exactly the events listed here, all from secretsmanager.amazonaws.com', () => {
    const declared = secretsmanagerRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(
      [...EXPECTED.map(([name]) => name), ...UNRECORDED].map((name) => `secretsmanager-rotation-enabled secretsmanager.amazonaws.com ${name}`).sort(),
    );
  });

  it('reads rotations as service events, and names the secret from additionalEventData or serviceEventDetails only by full ARN', () => {
    const rule = secretsmanagerRules[0]!;
    const rotations = rule.triggers.find((t) => t.eventNames.includes('RotationSucceeded'));
    const event = cloudTrailEventSchema.parse(
      JSON.parse(readFileSync(new URL('../../fixtures/cloudtrail/secretsmanager-RotationSucceeded.json', import.meta.url), 'utf8')),
    );
    const { additionalEventData: _dropped, ...bare } = fixture('RotationSucceeded');

    expect(event['detail-type']).toBe('AWS Service Event via CloudTrail');
    expect(rotations?.serviceEvent).toBe(true);
    expect(rule.triggers.filter((t) => t !== rotations).every((t) => t.serviceEvent === undefined)).toBe(true);
    expect(secretArnFromRotationEvent({ ...bare, serviceEventDetails: { secretId: DATABASE } })).toEqual([DATABASE]);
    expect(secretArnFromRotationEvent({ ...bare, additionalEventData: { SecretId: 'retainwise/prod/database' } })).toEqual([]);
    expect(secretArnFromRotationEvent({ ...bare, additionalEventData: { SecretId: DATABASE.slice(0, -7) } })).toEqual([]);
    expect(secretArnFromRotationEvent(bare)).toEqual([]);
  });

  it('clears a "not rotated recently" FAIL when the rotation it was waiting for succeeds', async () => {
    const account = emptyAccount(ACCOUNT);
    applySecretsManagerSample(account);
    const database = account.regions['eu-west-1']?.secretsmanager.secrets.find((s) => s.name === 'retainwise/prod/database');
    if (!database) throw new Error('no database secret in the sample');
    database.lastRotatedAt = new Date(Date.now() - 120 * 86_400_000);
    const apis = memoryApiProvider(account);
    const route = routeRecord(fixture('RotationSucceeded'), buildTriggerTable(secretsmanagerRules));
    if (route.action !== 'evaluate') throw new Error(route.message);
    const finding = async () => (await evaluateRoute(route, { accountId: ACCOUNT, apis })).findings.map((f) => `${f.resourceId} ${f.status}`);

    expect(await finding()).toEqual([`${DATABASE} FAIL`]);
    // The rotation the event reports, applied to the account.
    database.lastRotatedAt = new Date();
    expect(await finding()).toEqual([`${DATABASE} PASS`]);
  });

  it.each(EXPECTED)('%s names the secret by its full ARN', (eventName, secretArn) => {
    const route = routeRecord(fixture(eventName), buildTriggerTable(secretsmanagerRules));

    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([['secretsmanager-rotation-enabled', [secretArn]]]);
  });

  it('takes the ARN from the response (also as `aRN`, before February 2024), else from a full-ARN secretId, never from a name', () => {
    const rotate = fixture('RotateSecret');
    const withoutResponse = { ...rotate, responseElements: null };

    expect(secretArnFromEvent({ ...rotate, responseElements: { aRN: DATABASE, name: 'retainwise/prod/database' } })).toEqual([DATABASE]);
    // RotateSecret by name: without the response nothing can rebuild the ARN's random suffix.
    expect(secretArnFromEvent(withoutResponse)).toEqual([]);
    expect(secretArnFromEvent({ ...withoutResponse, requestParameters: { secretId: DATABASE } })).toEqual([DATABASE]);
    // A partial ARN (no suffix) is not the id the sweep lists.
    expect(secretArnFromEvent({ ...withoutResponse, requestParameters: { secretId: DATABASE.slice(0, -7) } })).toEqual([]);
  });

  it('gives an event the same finding id a sweep gives, and closes it once the secret waits for deletion', async () => {
    const account = emptyAccount(ACCOUNT);
    applySecretsManagerSample(account);
    const apis = memoryApiProvider(account);
    const rules = secretsmanagerRules.map((r) => r.bind());
    const named = [...new Set(['RotateSecret', 'CancelRotateSecret', 'RestoreSecret'].flatMap((name) => secretArnFromEvent(fixture(name))))];

    const sweep = await evaluate({ accountId: ACCOUNT, regions: ['eu-west-1'], rules, apis });
    const targeted = await evaluate({ accountId: ACCOUNT, regions: ['eu-west-1'], rules, apis, target: { region: 'eu-west-1', resourceNames: named } });

    expect(sweep.findings.map((f) => f.resourceId).sort()).toEqual([DATABASE, STRIPE]);
    expect(targeted.findings.map((f) => `${f.resourceId} ${f.status}`).sort()).toEqual([`${DATABASE} PASS`, `${STRIPE} FAIL`]);

    // The DeleteSecret of the fixture, applied to the account.
    const stripe = account.regions['eu-west-1']?.secretsmanager.secrets.find((s) => s.name === 'retainwise/prod/stripe-api-key');
    if (stripe) stripe.deletedAt = new Date();
    const deleted = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules,
      apis,
      target: { region: 'eu-west-1', resourceNames: secretArnFromEvent(fixture('DeleteSecret')) },
    });

    expect(deleted.findings).toMatchObject([
      { resourceId: STRIPE, status: 'RESOLVED', reason: 'secret retainwise/prod/stripe-api-key is scheduled for deletion' },
    ]);
  });
});

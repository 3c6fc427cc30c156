import { DescribeSecretCommand, ListSecretsCommand, type SecretListEntry, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secretsmanagerRotationEnabled as rule } from '../../../src/rules/secretsmanager/rotation-enabled.js';
import type { Finding } from '#shared/core/model.js';
import { accessDenied, ACCOUNT, awsError, REGION, runRule, throttled } from '../../helpers/aws.js';

const secretsmanager = mockClient(SecretsManagerClient);

const NOW = new Date('2026-03-05T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const arnOf = (name: string) => `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:${name}-Ab12Cd`;

/** A secret as ListSecrets returns it: created 400 days ago, rotation off unless overridden. */
function secret(name: string, overrides: Partial<SecretListEntry> = {}): SecretListEntry {
  return { ARN: arnOf(name), Name: name, CreatedDate: daysAgo(400), RotationEnabled: false, ...overrides };
}

/** Rotation on, every 30 days, through a rotation function. */
const rotating = (lastRotatedDays?: number): Partial<SecretListEntry> => ({
  RotationEnabled: true,
  RotationLambdaARN: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:SecretsManagerRotation`,
  RotationRules: { AutomaticallyAfterDays: 30 },
  LastRotatedDate: lastRotatedDays === undefined ? undefined : daysAgo(lastRotatedDays),
});

/** `ARN → status: reason` (secret names contain `/`: the ARN says which secret unambiguously). */
function verdicts(findings: readonly Finding[]): Record<string, string> {
  return Object.fromEntries(findings.map((f) => [f.resourceId, `${f.status}: ${f.reason}`]));
}

function secrets(...list: SecretListEntry[]) {
  secretsmanager.on(ListSecretsCommand).resolves({ SecretList: list });
}

describe('secretsmanager-rotation-enabled', () => {
  beforeEach(() => {
    secretsmanager.reset();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterEach(() => vi.useRealTimers());

  it('passes a secret that rotates and was rotated recently, or is younger than the limit', async () => {
    // Prepare
    secrets(
      secret('prod/database', rotating(12)),
      secret('prod/new-key', { ...rotating(), CreatedDate: daysAgo(5), RotationRules: { ScheduleExpression: 'rate(10 days)' } }),
    );
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({
      [arnOf('prod/database')]: 'PASS: secret prod/database rotates automatically (every 30 days) and was last rotated 12 days ago (allowed 90)',
      [arnOf('prod/new-key')]: 'PASS: secret prod/new-key rotates automatically (schedule rate(10 days)); created 5 days ago, not rotated yet (allowed 90)',
    });
    expect(findings.find((f) => f.resourceId === arnOf('prod/database'))).toMatchObject({
      resourceType: 'AWS::SecretsManager::Secret',
      region: 'eu-west-1',
      severity: 'MEDIUM',
      evidence: { rotationEnabled: true, rotationSchedule: 'every 30 days', lastRotatedAt: daysAgo(12).toISOString() },
    });
  });

  it('fails a secret without automatic rotation, saying when it last changed', async () => {
    secrets(
      secret('prod/stripe-api-key', { CreatedDate: daysAgo(200) }),
      secret('prod/once-rotated', { RotationEnabled: false, LastRotatedDate: daysAgo(40) }),
    );

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [arnOf('prod/stripe-api-key')]: 'FAIL: automatic rotation is not enabled on secret prod/stripe-api-key (never rotated since it was created 200 days ago)',
      [arnOf('prod/once-rotated')]: 'FAIL: automatic rotation is not enabled on secret prod/once-rotated (last rotated 40 days ago)',
    });
  });

  it('fails a rotating secret whose last rotation (or creation) is older than the limit', async () => {
    secrets(secret('prod/stuck', rotating(120)), secret('prod/never', { ...rotating(), CreatedDate: daysAgo(100) }));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [arnOf('prod/stuck')]:
        'FAIL: secret prod/stuck was last rotated 120 days ago, more than the allowed 90, although rotation is enabled (every 30 days): check its rotation function',
      [arnOf('prod/never')]:
        'FAIL: secret prod/never has rotation enabled (every 30 days) but was never rotated in the 100 days since it was created, more than the allowed 90',
    });
  });

  it('follows the maxDaysSinceRotation param', async () => {
    secrets(secret('prod/database', rotating(45)));

    const { findings } = await runRule(rule, { params: { maxDaysSinceRotation: 30 } });

    expect(findings.map((f) => f.status)).toEqual(['FAIL']);
    expect(() => rule.bind({ maxDaysSinceRotation: 0 })).toThrow(/maxDaysSinceRotation/);
  });

  it('is NOT_APPLICABLE for a replica: its primary rotates it', async () => {
    secrets(secret('prod/database', { PrimaryRegion: 'us-east-1' }));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [arnOf('prod/database')]: 'NOT_APPLICABLE: secret prod/database is a replica; its primary in us-east-1 rotates it',
    });
  });

  it('is NOT_APPLICABLE when the region has no secret', async () => {
    secrets();

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::SecretsManager::Secret in eu-west-1' });
  });

  it('is ERROR, not PASS, when rotation is on but no date tells the age of the value', async () => {
    secrets(secret('prod/odd', { ...rotating(), CreatedDate: undefined }));

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [arnOf('prod/odd')]: 'ERROR: secret prod/odd reports neither a last rotation nor a creation date' });
  });

  it('is one account-level ERROR when the secrets cannot be listed', async () => {
    secretsmanager.on(ListSecretsCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [`${ACCOUNT}/eu-west-1`]: 'ERROR: could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR when a targeted DescribeSecret is denied or throttled', async () => {
    secretsmanager.on(DescribeSecretCommand, { SecretId: arnOf('denied') }).rejects(accessDenied());
    secretsmanager.on(DescribeSecretCommand, { SecretId: arnOf('busy') }).rejects(throttled());

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [arnOf('denied'), arnOf('busy')] } });

    expect(verdicts(findings)).toEqual({
      [arnOf('denied')]: 'ERROR: AccessDenied: User is not authorized to perform this action',
      [arnOf('busy')]: 'ERROR: ThrottlingException: Rate exceeded',
    });
  });

  it('reads every page of ListSecrets', async () => {
    secretsmanager
      .on(ListSecretsCommand)
      .resolvesOnce({ SecretList: [secret('a', rotating(1)), secret('b', rotating(2))], NextToken: 's1' })
      .resolvesOnce({ SecretList: [secret('c', rotating(3))], NextToken: 's2' })
      .resolvesOnce({ SecretList: [secret('d')] });

    const { findings } = await runRule(rule);

    expect(findings.map((f) => `${f.resourceId} ${f.status}`).sort()).toEqual([
      `${arnOf('a')} PASS`,
      `${arnOf('b')} PASS`,
      `${arnOf('c')} PASS`,
      `${arnOf('d')} FAIL`,
    ]);
    expect(secretsmanager).toHaveReceivedCommandTimes(ListSecretsCommand, 3);
    expect(secretsmanager).toHaveReceivedNthCommandWith(ListSecretsCommand, 1, { MaxResults: 100 });
    expect(secretsmanager).toHaveReceivedNthCommandWith(ListSecretsCommand, 2, { MaxResults: 100, NextToken: 's1' });
    expect(secretsmanager).toHaveReceivedNthCommandWith(ListSecretsCommand, 3, { MaxResults: 100, NextToken: 's2' });
  });

  it('re-evaluates one secret named by an event with DescribeSecret, under the ARN the sweep uses', async () => {
    secretsmanager.on(DescribeSecretCommand, { SecretId: arnOf('prod/database') }).resolves(secret('prod/database', rotating(3)));

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [arnOf('prod/database')] } });

    expect(findings).toMatchObject([{ resourceId: arnOf('prod/database'), status: 'PASS' }]);
    expect(secretsmanager).not.toHaveReceivedCommand(ListSecretsCommand);
  });

  it('closes the finding (RESOLVED) when the secret is gone or scheduled for deletion', async () => {
    secretsmanager
      .on(DescribeSecretCommand, { SecretId: arnOf('gone') })
      .rejects(awsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.", 400));
    secretsmanager.on(DescribeSecretCommand, { SecretId: arnOf('prod/stripe-api-key') }).resolves(secret('prod/stripe-api-key', { DeletedDate: daysAgo(0) }));

    const { findings } = await runRule(rule, {
      target: { region: 'eu-west-1', resourceNames: [arnOf('gone'), arnOf('prod/stripe-api-key')] },
    });

    expect(verdicts(findings)).toEqual({
      [arnOf('gone')]: 'RESOLVED: secret gone no longer exists',
      [arnOf('prod/stripe-api-key')]: 'RESOLVED: secret prod/stripe-api-key is scheduled for deletion',
    });
  });
});

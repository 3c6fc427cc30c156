import * as z from 'zod';
import { isFullSecretArn, type SecretFacts } from '#shared/aws/services/secretsmanager/reader.js';
import type { Evaluation } from '#shared/core/model.js';
import { cannotTell, type CloudTrailDetail, defineRule, fail, notApplicable, pass, stringAt } from '../define-rule.js';

const params = z
  .object({
    /** Most days a secret may go without rotation (Security Hub SecretsManager.4's default is 90). */
    maxDaysSinceRotation: z.number().int().min(1).default(90),
  })
  .strict();

const DAY_MS = 86_400_000;

function days(count: number): string {
  return `${count} day${count === 1 ? '' : 's'}`;
}

/** Whole days from `date` to `now`. */
function daysSince(date: Date, now: Date): number {
  return Math.floor((now.getTime() - date.getTime()) / DAY_MS);
}

function scheduleOf(secret: SecretFacts): string {
  if (secret.rotationEveryDays !== undefined) return `every ${days(secret.rotationEveryDays)}`;
  if (secret.rotationSchedule) return `schedule ${secret.rotationSchedule}`;
  return 'no schedule reported';
}

/**
 * The secret ARN a call names: the response's `arn` (`aRN` in events logged before February 2024),
 * else a request `secretId` that is a full ARN. A name or partial ARN cannot be turned into the ARN
 * the sweep lists (its suffix is random): the event then names nothing and the sweep covers it.
 */
export function secretArnFromEvent(detail: CloudTrailDetail): string[] {
  const candidates = [stringAt(detail.responseElements, 'arn'), stringAt(detail.responseElements, 'aRN'), stringAt(detail.requestParameters, 'secretId')];
  const arn = candidates.find((id): id is string => id !== undefined && isFullSecretArn(id));
  return arn ? [arn] : [];
}

/**
 * The secret a rotation service event is about: `additionalEventData.SecretId` (the full ARN, as AWS's
 * own examples show), or `serviceEventDetails.secretId` (seen in some records); a name or partial ARN
 * names nothing, as for API calls.
 */
export function secretArnFromRotationEvent(detail: CloudTrailDetail): string[] {
  const candidates = [stringAt(detail.additionalEventData, 'SecretId'), stringAt(detail.serviceEventDetails, 'secretId')];
  const arn = candidates.find((id): id is string => id !== undefined && isFullSecretArn(id));
  return arn ? [arn] : [];
}

/** Resources are secret ARNs (the finding ids too). */
export const secretsmanagerRotationEnabled = defineRule({
  id: 'secretsmanager-rotation-enabled',
  title: 'Secrets rotate automatically, and recently',
  description:
    'Every secret has automatic rotation enabled (SecretsManager.1) and was rotated within `maxDaysSinceRotation` days ' +
    '(SecretsManager.4; its creation date counts when it was never rotated). Replicas are judged on their primary. ' +
    'Also covers seed 001 "Secret Rotation Strategy" (monthly rotation).',
  absentFields:
    'A secret without RotationEnabled never had rotation turned on (Secrets Manager leaves the flag out then): ' +
    'FAIL. Without LastRotatedDate it was never rotated; without it and CreatedDate its age is unknown: ERROR. ' +
    'Without PrimaryRegion it is no replica.',
  severity: 'MEDIUM',
  resourceType: 'AWS::SecretsManager::Secret',
  checklist: { source: '003 Security › Secrets Management', item: 'Automatic secret rotation enabled' },
  controls: {
    securityHub: ['SecretsManager.1', 'SecretsManager.4'],
    awsConfig: 'secretsmanager-rotation-enabled-check',
    other: ['AWS Config secretsmanager-secret-periodic-rotation'],
  },
  iamActions: ['secretsmanager:ListSecrets', 'secretsmanager:DescribeSecret'],
  triggers: [
    {
      eventSource: 'secretsmanager.amazonaws.com',
      eventNames: ['CreateSecret', 'RotateSecret', 'CancelRotateSecret', 'DeleteSecret', 'RestoreSecret'],
      resourceNames: secretArnFromEvent,
      // RotateSecret returns once the rotation function is invoked; LastRotatedDate moves when it finishes.
      settles: true,
    },
    {
      // Rotations run by Secrets Manager itself (on schedule, or after RotateSecret) are logged by the
      // service, not called: only these say when LastRotatedDate moves, so a "not rotated" FAIL clears.
      eventSource: 'secretsmanager.amazonaws.com',
      eventNames: ['RotationStarted', 'RotationSucceeded', 'RotationFailed', 'RotationAbandoned'],
      resourceNames: secretArnFromRotationEvent,
      serviceEvent: true,
    },
  ],
  remediation: {
    text: 'Turn on automatic rotation with a rotation function (or managed rotation) on a schedule shorter than the policy.',
    cli: 'aws secretsmanager rotate-secret --secret-id <secret-arn> --rotation-lambda-arn <rotation-function-arn> --rotation-rules AutomaticallyAfterDays=30',
  },
  params,
  resources: async ({ secretsmanager }) => (await secretsmanager.secrets()).map((secret) => secret.arn),
  async settling({ secretsmanager }, arn) {
    const secret = await secretsmanager.secret(arn);
    if (secret.rotationPending === undefined) return `DescribeSecret listed no version stages of ${secret.name}`;
    return secret.rotationPending ? `a rotation of ${secret.name} is in progress (a version is AWSPENDING)` : undefined;
  },
  async evaluate({ secretsmanager }, arn, { region, now, params: { maxDaysSinceRotation: max } }): Promise<Evaluation> {
    const secret = await secretsmanager.secret(arn);
    const label = `secret ${secret.name}`;
    const rotatedAt = secret.lastRotatedAt;
    const since = rotatedAt ?? secret.createdAt;
    const evidence = {
      rotationEnabled: secret.rotationEnabled,
      rotationSchedule: secret.rotationEnabled ? scheduleOf(secret) : null,
      rotationLambdaArn: secret.rotationLambdaArn ?? null,
      lastRotatedAt: rotatedAt?.toISOString() ?? null,
      createdAt: secret.createdAt?.toISOString() ?? null,
      owningService: secret.owningService ?? null,
      maxDaysSinceRotation: max,
    };
    if (secret.primaryRegion && secret.primaryRegion !== region) {
      return notApplicable(`${label} is a replica; its primary in ${secret.primaryRegion} rotates it`, {
        ...evidence,
        primaryRegion: secret.primaryRegion,
      });
    }
    if (!secret.rotationEnabled) {
      const history = rotatedAt
        ? `last rotated ${days(daysSince(rotatedAt, now))} ago`
        : since
          ? `never rotated since it was created ${days(daysSince(since, now))} ago`
          : 'never rotated';
      return fail(`automatic rotation is not enabled on ${label} (${history})`, evidence);
    }
    if (!since) {
      // Without either date the age of the secret value is unknown: say so rather than pass.
      return cannotTell(`${label} reports neither a last rotation nor a creation date`, evidence);
    }
    const age = daysSince(since, now);
    const schedule = scheduleOf(secret);
    if (age > max) {
      return rotatedAt
        ? fail(
            `${label} was last rotated ${days(age)} ago, more than the allowed ${max}, although rotation is enabled (${schedule}): check its rotation function`,
            evidence,
          )
        : fail(
            `${label} has rotation enabled (${schedule}) but was never rotated in the ${days(age)} since it was created, more than the allowed ${max}`,
            evidence,
          );
    }
    return rotatedAt
      ? pass(`${label} rotates automatically (${schedule}) and was last rotated ${days(age)} ago (allowed ${max})`, evidence)
      : pass(`${label} rotates automatically (${schedule}); created ${days(age)} ago, not rotated yet (allowed ${max})`, evidence);
  },
});

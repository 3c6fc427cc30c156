/**
 * Everything Preflight knows about calling Secrets Manager: the facts reader (the commands it sends are listed in sdk.ts).
 *
 * Resource model: a secret is named by its full ARN (`...:secret:<name>-<6 random characters>`), the id
 * ListSecrets gives and the id CloudTrail records in `responseElements.arn`. A name alone cannot be
 * turned into that ARN without a call (the suffix is random), so triggers keep only full ARNs and the
 * sweep and an event always give a secret the same finding id.
 */
import type { DescribeSecretResponse, SecretListEntry, ListSecretsResponse } from '@aws-sdk/client-secrets-manager';
import { ResourceNotFoundError } from '#shared/core/errors.js';
import type { SecretsManagerApi } from './sdk.js';
import { ServiceReader, gone, page } from '../../reader-base.js';

export interface SecretFacts {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  rotationLambdaArn?: string;
  /** RotationRules.AutomaticallyAfterDays. */
  rotationEveryDays?: number;
  /** RotationRules.ScheduleExpression (`rate(...)` / `cron(...)`). */
  rotationSchedule?: string;
  lastRotatedAt?: Date;
  createdAt?: Date;
  /** Set while the secret waits out its recovery window before deletion. */
  deletedAt?: Date;
  /** The service that manages the secret (`rds`, `appflow`...), when one does. */
  owningService?: string;
  /** Set on secrets replicated across regions: the region of the primary. */
  primaryRegion?: string;
  /**
   * A version is staged AWSPENDING without being AWSCURRENT: a rotation has started and not finished
   * (or failed and left it). Undefined when the answer listed no version stages.
   */
  rotationPending?: boolean;
}

/** Whether some version is AWSPENDING and not (yet) AWSCURRENT. */
function pendingRotation(stages: Record<string, string[]> | undefined): boolean | undefined {
  if (!stages) return undefined;
  return Object.values(stages).some((labels) => labels.includes('AWSPENDING') && !labels.includes('AWSCURRENT'));
}

/** A complete secret ARN: a partial ARN or a name lacks the `-XXXXXX` suffix Secrets Manager appends. */
const FULL_SECRET_ARN = /^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+-[A-Za-z0-9]{6}$/;

export function isFullSecretArn(id: string): boolean {
  return FULL_SECRET_ARN.test(id);
}

/** The secret name inside a full ARN (names may hold `/`, so the ARN's last segment is not it). */
export function secretNameOf(arn: string): string {
  const resource = arn.split(':').slice(6).join(':');
  return isFullSecretArn(arn) ? resource.slice(0, -7) : resource || arn;
}

/** The largest page ListSecrets serves. */
const PAGE_SIZE = 100;
const SECRET_NOT_FOUND = new Set(['ResourceNotFoundException']);

function secretFacts(secret: SecretListEntry | DescribeSecretResponse): SecretFacts | undefined {
  if (!secret.ARN) return undefined;
  return {
    arn: secret.ARN,
    name: secret.Name ?? secret.ARN,
    rotationEnabled: secret.RotationEnabled === true,
    rotationLambdaArn: secret.RotationLambdaARN,
    rotationEveryDays: secret.RotationRules?.AutomaticallyAfterDays,
    rotationSchedule: secret.RotationRules?.ScheduleExpression,
    lastRotatedAt: secret.LastRotatedDate,
    createdAt: secret.CreatedDate,
    deletedAt: secret.DeletedDate,
    owningService: secret.OwningService,
    primaryRegion: secret.PrimaryRegion,
    rotationPending: pendingRotation(
      'SecretVersionsToStages' in secret ? secret.SecretVersionsToStages : (secret as DescribeSecretResponse).VersionIdsToStages,
    ),
  };
}

/** A ListSecrets answer, as a page of facts. */
const secretPage = (out: ListSecretsResponse) => page(out.SecretList, secretFacts, out.NextToken);

export class SecretsManagerReader extends ServiceReader<SecretsManagerApi> {
  protected readonly service = 'secretsmanager';

  /** Every secret of the region not scheduled for deletion, all pages. */
  secrets(): Promise<readonly SecretFacts[]> {
    return this.listing('secrets', 'ListSecrets', async (api, NextToken) => secretPage(await api.listSecrets({ MaxResults: PAGE_SIZE, NextToken })));
  }

  /**
   * One secret by ARN: from the sweep's listing, else DescribeSecret. A secret that no longer exists
   * or waits for deletion is gone for the rules (ResourceNotFoundError).
   */
  secret(arn: string): Promise<SecretFacts> {
    const secret = { name: arn, reason: `secret ${secretNameOf(arn)} no longer exists` };
    return this.fact(`secret:${arn}`, async () => {
      const found = this.known('secrets')
        ? (await this.secrets()).find((s) => s.arn === arn)
        : secretFacts(await this.sendAbout(secret, SECRET_NOT_FOUND, 'DescribeSecret', (api) => api.describeSecret({ SecretId: arn })));
      if (!found) throw gone(secret);
      if (found.deletedAt) throw new ResourceNotFoundError(arn, { reason: `secret ${found.name} is scheduled for deletion` });
      return found;
    });
  }
}

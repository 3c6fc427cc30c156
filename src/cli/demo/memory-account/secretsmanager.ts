/** Secrets Manager of an in-memory account: answers the SecretsManagerApi from plain data, as Secrets Manager would. */
import type { SecretListEntry } from '@aws-sdk/client-secrets-manager';
import type { SecretsManagerApi } from '#shared/aws/services/secretsmanager/sdk.js';
import { type MemoryCall, MemoryServiceError, notFound, paginate } from './support.js';

export interface MemorySecret {
  name: string;
  /** The six characters Secrets Manager appends to the ARN; default derived from the name. */
  arnSuffix?: string;
  description?: string;
  rotationEnabled?: boolean;
  /** RotationRules.AutomaticallyAfterDays; default 30 when rotation is enabled. */
  rotationDays?: number;
  lastRotatedAt?: Date;
  /** Default 2025-01-01. */
  createdAt?: Date;
  /** Set when DeleteSecret scheduled the deletion. */
  deletedAt?: Date;
  owningService?: string;
  /** For a replica: the primary's region. */
  primaryRegion?: string;
  /** A rotation started and not finished: a version staged AWSPENDING besides the AWSCURRENT one. */
  rotationPending?: boolean;
}

export interface MemorySecretsManagerState {
  secrets: MemorySecret[];
}

export function emptySecretsManagerState(): MemorySecretsManagerState {
  return { secrets: [] };
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MAX_RESULTS = 100;
const DEFAULT_CREATED = new Date(Date.UTC(2025, 0, 1));

/** A stable stand-in for the random suffix, so a sample secret keeps its ARN from run to run. */
export function secretArnSuffix(name: string): string {
  let hash = 2166136261;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  let suffix = '';
  for (let i = 0; i < 6; i += 1) {
    suffix += ALPHABET[hash % ALPHABET.length];
    hash = Math.floor(hash / ALPHABET.length) + (i + 1) * 7919;
  }
  return suffix;
}

export function memorySecretsManagerApi(state: MemorySecretsManagerState, region: string, accountId: string, call: MemoryCall): SecretsManagerApi {
  const arnOf = (s: MemorySecret) => `arn:aws:secretsmanager:${region}:${accountId}:secret:${s.name}-${s.arnSuffix ?? secretArnSuffix(s.name)}`;

  const toEntry = (s: MemorySecret): SecretListEntry => ({
    ARN: arnOf(s),
    Name: s.name,
    Description: s.description,
    RotationEnabled: s.rotationEnabled ?? false,
    RotationLambdaARN: s.rotationEnabled ? `arn:aws:lambda:${region}:${accountId}:function:SecretsManagerRotation` : undefined,
    RotationRules: s.rotationEnabled ? { AutomaticallyAfterDays: s.rotationDays ?? 30 } : undefined,
    LastRotatedDate: s.lastRotatedAt,
    LastChangedDate: s.lastRotatedAt ?? s.createdAt ?? DEFAULT_CREATED,
    CreatedDate: s.createdAt ?? DEFAULT_CREATED,
    DeletedDate: s.deletedAt,
    OwningService: s.owningService,
    PrimaryRegion: s.primaryRegion,
    SecretVersionsToStages: { 'v-current': ['AWSCURRENT'], ...(s.rotationPending ? { 'v-pending': ['AWSPENDING'] } : {}) },
  });

  /** SecretId may be the name, the full ARN, or a partial ARN (the full one without its suffix). */
  const find = (id: string | undefined): MemorySecret => {
    const found = state.secrets.find((s) => id === s.name || id === arnOf(s) || id === arnOf(s).slice(0, -7));
    if (!found) throw notFound('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return found;
  };

  return {
    listSecrets: (input) =>
      call('secretsmanager', 'ListSecrets', input, () => {
        if (input.MaxResults !== undefined && (input.MaxResults < 1 || input.MaxResults > MAX_RESULTS)) {
          throw new MemoryServiceError('InvalidParameterException', `MaxResults must be between 1 and ${MAX_RESULTS}`);
        }
        const listed = input.IncludePlannedDeletion ? state.secrets : state.secrets.filter((s) => !s.deletedAt);
        const page = paginate(listed, input.NextToken, input.MaxResults ?? MAX_RESULTS);
        return { SecretList: page.items.map(toEntry), NextToken: page.next };
      }),
    describeSecret: (input) => call('secretsmanager', 'DescribeSecret', input, () => toEntry(find(input.SecretId))),
  };
}

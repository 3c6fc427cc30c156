/** Shared by the Security Hub tests: a stored finding and the ASFF attributes Security Hub requires. */
import type { StoredFinding } from '#shared/store/transitions.js';

export const CONTEXT = { region: 'eu-west-1', productAccountId: '123456789012' };

export function stored(overrides: Partial<StoredFinding> = {}): StoredFinding {
  return {
    ruleId: 's3-bucket-versioning-enabled',
    resourceId: 'arn:aws:s3:::prod-data',
    resourceName: 'prod-data',
    resourceType: 'AWS::S3::Bucket',
    accountId: '123456789012',
    region: 'eu-west-1',
    status: 'FAIL',
    evaluatedStatus: 'FAIL',
    severity: 'HIGH',
    reason: 'versioning is Suspended on prod-data',
    evidence: { status: 'Suspended' },
    firstSeenAt: '2026-11-01T08:00:00.000Z',
    lastChangedAt: '2026-11-23T10:00:00.000Z',
    lastEvaluatedAt: '2026-11-23T11:00:00.000Z',
    version: 3,
    errorStreak: 0,
    history: [],
    ...overrides,
  };
}

/** ASFF's required top-level attributes (BatchImportFindings rejects a finding without any of them). */
export const ASFF_REQUIRED = [
  'SchemaVersion',
  'Id',
  'ProductArn',
  'GeneratorId',
  'AwsAccountId',
  'Types',
  'CreatedAt',
  'UpdatedAt',
  'Severity',
  'Title',
  'Description',
  'Resources',
] as const;

import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../../src/rules/index.js';
import { findRule } from '../../../src/rules/index.js';
import { asffResourceType, controlUrl, toAsff } from '#shared/securityhub/asff.js';
import { findingUid } from '#shared/securityhub/finding-id.js';
import { ASFF_REQUIRED, CONTEXT, stored } from './fixtures.js';

describe('toAsff', () => {
  it('fills every required ASFF attribute for a failing bucket, with a stable id and the default product', () => {
    // Act
    const asff = toAsff(stored(), findRule('s3-bucket-versioning-enabled'), CONTEXT);

    // Assess
    for (const field of ASFF_REQUIRED) expect(asff[field], field).toBeDefined();
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'preflight/s3-bucket-versioning-enabled/arn:aws:s3:::prod-data',
      ProductArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default',
      GeneratorId: 'preflight/s3-bucket-versioning-enabled',
      AwsAccountId: '123456789012',
      CreatedAt: '2026-11-01T08:00:00.000Z',
      FirstObservedAt: '2026-11-01T08:00:00.000Z',
      UpdatedAt: '2026-11-23T10:00:00.000Z',
      Severity: { Label: 'HIGH', Original: 'HIGH' },
      FindingProviderFields: { Severity: { Label: 'HIGH', Original: 'HIGH' } },
      Title: 'S3 buckets keep every version of every object',
      Compliance: { Status: 'FAILED', RelatedRequirements: ['AWS Foundational Security Best Practices S3.14'] },
      Workflow: { Status: 'NEW' },
      RecordState: 'ACTIVE',
      Resources: [{ Type: 'AwsS3Bucket', Id: 'arn:aws:s3:::prod-data', Partition: 'aws', Region: 'eu-west-1' }],
      Remediation: { Recommendation: { Url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-14' } },
    });
    expect(asff.Description).toMatch(/^versioning is Suspended on prod-data\. /);
    expect(asff.Remediation?.Recommendation?.Text).toContain('aws s3api put-bucket-versioning');
    expect(asff.ProductFields).toMatchObject({
      ControlId: 'S3.14',
      'preflight/RuleId': 's3-bucket-versioning-enabled',
      'preflight/Status': 'FAIL',
      'preflight/AwsConfigRule': 's3-bucket-versioning-enabled',
      'preflight/Evidence': '{"status":"Suspended"}',
    });
    expect(asff.Types).toContain('Software and Configuration Checks/Industry and Regulatory Standards/AWS-Foundational-Security-Best-Practices');
    // Security Hub fills the finding's Region itself ("You cannot update it using BatchImportFindings").
    expect(asff).not.toHaveProperty('Region');
  });

  it('maps PASS to PASSED, RESOLVED workflow and INFORMATIONAL severity', () => {
    const asff = toAsff(stored({ status: 'PASS', evaluatedStatus: 'PASS' }), findRule('s3-bucket-versioning-enabled'), CONTEXT);
    expect(asff.Compliance?.Status).toBe('PASSED');
    expect(asff.Workflow?.Status).toBe('RESOLVED');
    expect(asff.Severity).toEqual({ Label: 'INFORMATIONAL', Original: 'HIGH' });
    expect(asff.RecordState).toBe('ACTIVE');
  });

  it('maps ERROR (could not tell) to WARNING, never PASSED', () => {
    const asff = toAsff(stored({ status: 'ERROR', evaluatedStatus: 'ERROR', reason: 'AccessDenied' }), undefined, CONTEXT);
    expect(asff.Compliance?.Status).toBe('WARNING');
    expect(asff.Workflow?.Status).toBe('NEW');
    expect(asff.Severity?.Label).toBe('HIGH');
  });

  it('maps NOT_APPLICABLE to NOT_AVAILABLE', () => {
    const asff = toAsff(stored({ status: 'NOT_APPLICABLE', evaluatedStatus: 'NOT_APPLICABLE' }), undefined, CONTEXT);
    expect(asff.Compliance?.Status).toBe('NOT_AVAILABLE');
  });

  it('archives the finding of a deleted resource (RESOLVED)', () => {
    const asff = toAsff(stored({ status: 'RESOLVED', evaluatedStatus: 'RESOLVED', reason: 'prod-data no longer exists' }), undefined, CONTEXT);
    expect(asff.RecordState).toBe('ARCHIVED');
    expect(asff.Compliance?.Status).toBe('NOT_AVAILABLE');
    expect(asff.Workflow?.Status).toBe('RESOLVED');
  });

  it('keeps a suppressed failure FAILED, with the SUPPRESSED workflow and the reason in ProductFields', () => {
    const asff = toAsff(
      stored({
        status: 'SUPPRESSED',
        evaluatedStatus: 'FAIL',
        suppression: { reason: 'logs only', resourcePattern: '*', expiresAt: '2027-01-01T00:00:00.000Z' },
      }),
      undefined,
      CONTEXT,
    );
    expect(asff.Compliance?.Status).toBe('FAILED');
    expect(asff.Workflow?.Status).toBe('SUPPRESSED');
    expect(asff.ProductFields).toMatchObject({ 'preflight/SuppressionReason': 'logs only', 'preflight/SuppressionExpiresAt': '2027-01-01T00:00:00.000Z' });
  });

  it('describes an account-level finding as Other (ASFF defines no account type), global findings in the partition home region', () => {
    const asff = toAsff(
      stored({ ruleId: 'budget-cost-budget-exists', resourceId: '123456789012', resourceType: 'AWS::::Account', region: 'global' }),
      findRule('budget-cost-budget-exists'),
      CONTEXT,
    );
    expect(asff.Resources).toEqual([{ Type: 'Other', Id: 'AWS::::Account:123456789012', Partition: 'aws', Region: 'us-east-1' }]);
    expect(asff.ProductFields?.ControlId).toBeUndefined();
    expect(asff.Remediation?.Recommendation?.Url).toBeUndefined();
  });

  it('uses the partition of the region in ARNs (China, GovCloud)', () => {
    const asff = toAsff(stored({ region: 'cn-north-1' }), undefined, { region: 'cn-north-1', productAccountId: '123456789012' });
    expect(asff.ProductArn).toBe('arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default');
    expect(asff.Resources?.[0]?.Partition).toBe('aws-cn');
  });

  it('is a pure function of the state: the same finding evaluated later gives the same document', () => {
    const rule = findRule('s3-bucket-versioning-enabled');
    expect(toAsff(stored({ lastEvaluatedAt: '2026-12-01T00:00:00.000Z' }), rule, CONTEXT)).toEqual(toAsff(stored(), rule, CONTEXT));
  });

  it('keeps long text within ASFF limits', () => {
    const asff = toAsff(stored({ reason: 'x'.repeat(5000), evidence: { blob: 'y'.repeat(5000) } }), findRule('s3-bucket-versioning-enabled'), CONTEXT);
    expect(asff.Description?.length).toBeLessThanOrEqual(1024);
    expect(asff.ProductFields?.['preflight/Evidence']?.length).toBeLessThanOrEqual(2048);
  });
});

describe('ids and types', () => {
  it('keeps the finding id stable and at most 512 characters', () => {
    expect(findingUid('r', 'arn:aws:s3:::b')).toBe('preflight/r/arn:aws:s3:::b');
    const long = findingUid('logs-retention-set', `arn:aws:logs:eu-west-1:1:log-group:${'a'.repeat(600)}`);
    expect(long).toMatch(/^preflight\/logs-retention-set\/sha256-[0-9a-f]{64}$/);
    expect(findingUid('logs-retention-set', `arn:aws:logs:eu-west-1:1:log-group:${'a'.repeat(600)}`)).toBe(long);
  });

  it('maps CloudFormation types to ASFF resource types, else Other', () => {
    expect(asffResourceType('AWS::S3::Bucket')).toBe('AwsS3Bucket');
    expect(asffResourceType('AWS::ElastiCache::ReplicationGroup')).toBe('Other');
    expect(asffResourceType('AWS::ElastiCache::CacheCluster')).toBe('Other');
    expect(asffResourceType('AWS::::Account')).toBe('Other');
    expect(asffResourceType('AWS::Budgets::Budget')).toBe('Other');
    expect(controlUrl('CloudWatch.15')).toBe('https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html#cloudwatch-15');
    expect(controlUrl('nonsense')).toBeUndefined();
  });
});

/**
 * The resource types Security Hub defines: the members of ASFF's ResourceDetails ("If possible, set
 * Type to one of the supported resource types... If the resource does not match any of the provided
 * types, then set Type to Other"), read from the AWS SDK's own model of the API.
 */
function asffResourceTypes(): Set<string> {
  const models = join(dirname(createRequire(import.meta.url).resolve('@aws-sdk/client-securityhub')), '..', 'dist-types', 'models');
  for (const file of readdirSync(models)) {
    const text = readFileSync(join(models, file), 'utf8');
    const body = /export interface ResourceDetails \{([\s\S]*?)\n\}/.exec(text)?.[1];
    if (body) return new Set([...body.matchAll(/^ {4}([A-Z][A-Za-z0-9]+)\?:/gm)].map((m) => m[1]!));
  }
  throw new Error('ResourceDetails not found in the Security Hub SDK model');
}

describe('ASFF resource types', () => {
  it('are ones Security Hub defines for every resource type the registry knows (else Other)', () => {
    const defined = asffResourceTypes();
    expect(defined.size).toBeGreaterThan(80);
    expect(defined.has('Other')).toBe(true);
    for (const type of new Set(RULES.map((r) => r.resourceType))) expect(defined.has(asffResourceType(type)), `${type} → ${asffResourceType(type)}`).toBe(true);
  });
});

import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudtrailLogFileValidation as rule } from '../../../src/rules/cloudtrail/log-file-validation.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { trail, trailArn } from './trails.js';

const cloudtrail = mockClient(CloudTrailClient);

describe('cloudtrail-log-file-validation', () => {
  beforeEach(() => cloudtrail.reset());

  it('passes a trail that validates its log files, evaluated in its home region by ARN', async () => {
    // Prepare
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('app-audit', 'eu-west-1', { LogFileValidationEnabled: true })] });
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({ 'app-audit': 'PASS: log file validation is enabled on trail app-audit' });
    expect(findings[0]).toMatchObject({
      resourceId: trailArn('app-audit', 'eu-west-1'),
      resourceType: 'AWS::CloudTrail::Trail',
      region: 'eu-west-1',
      severity: 'MEDIUM',
      evidence: { arn: trailArn('app-audit', 'eu-west-1'), multiRegion: false, logFileValidationEnabled: true },
    });
  });

  it("fails a trail without validation, once, in its home region: shadows and other accounts' organization trails are skipped", async () => {
    const orgTrail = trail('org-trail', 'us-east-1', { IsMultiRegionTrail: true });
    const foreign = trail('management-org', 'eu-west-1', {
      IsOrganizationTrail: true,
      IsMultiRegionTrail: true,
      TrailARN: trailArn('management-org', 'eu-west-1', '999988887777'),
    });
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [orgTrail, foreign] });

    const { findings } = await runRule(rule, { regions: ['us-east-1', 'eu-west-1'] });

    expect(findings.map((f) => `${f.region} ${f.resourceName}: ${f.status}: ${f.reason}`)).toEqual([
      'eu-west-1 123456789012/eu-west-1: NOT_APPLICABLE: no AWS::CloudTrail::Trail in eu-west-1',
      'us-east-1 org-trail: FAIL: log file validation is disabled on trail org-trail',
    ]);
    expect(cloudtrail).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
  });

  it('is ERROR, never "disabled", when DescribeTrails leaves LogFileValidationEnabled out', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('app-audit', 'eu-west-1', { LogFileValidationEnabled: undefined })] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      'app-audit': 'ERROR: DescribeTrails did not say whether trail app-audit validates its log files (no LogFileValidationEnabled)',
    });
  });

  it('is NOT_APPLICABLE in a region where the account homes no trail', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });

    const { findings, complete } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [`${ACCOUNT}/eu-west-1`]: 'NOT_APPLICABLE: no AWS::CloudTrail::Trail in eu-west-1' });
    expect(complete).toEqual([{ ruleId: rule.id, region: 'eu-west-1' }]);
  });

  it('is one account-level ERROR, not PASS, when DescribeTrails is denied', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(accessDenied());

    const { findings, complete } = await runRule(rule);

    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      status: 'ERROR',
      resourceId: `${ACCOUNT}/eu-west-1`,
      reason: 'could not list resources: AccessDenied: User is not authorized to perform this action',
    });
    expect(complete).toEqual([]);
  });

  it('is ERROR for the trail an event names when DescribeTrails is throttled or denied', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejectsOnce(throttled()).rejectsOnce(accessDenied());

    const busy = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['app-audit'] } });
    const denied = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['app-audit'] } });

    expect(verdicts(busy.findings)).toEqual({ 'app-audit': 'ERROR: ThrottlingException: Rate exceeded' });
    expect(verdicts(denied.findings)).toEqual({ 'app-audit': 'ERROR: AccessDenied: User is not authorized to perform this action' });
  });

  it('re-evaluates the trail an UpdateTrail names in the event region (DescribeTrails is one unpaginated call)', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('app-audit', 'eu-west-1'), trail('other', 'eu-west-1')] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['app-audit'] } });

    expect(verdicts(findings)).toEqual({ 'app-audit': 'FAIL: log file validation is disabled on trail app-audit' });
    expect(findings[0]?.resourceId).toBe(trailArn('app-audit', 'eu-west-1'));
    expect(cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
  });

  it('closes the finding (RESOLVED) once DeleteTrail removed the trail', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: ['app-audit'] } });

    expect(verdicts(findings)).toEqual({ 'app-audit': 'RESOLVED: app-audit no longer exists' });
  });
});

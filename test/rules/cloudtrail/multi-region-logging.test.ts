import { CloudTrailClient, DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { cloudtrailMultiRegionLogging as rule } from '../../../src/rules/cloudtrail/multi-region-logging.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';
import { trail, trailArn } from './trails.js';

const cloudtrail = mockClient(CloudTrailClient);

/** The region of the client that sent the first call of a command. */
const regionOf = async (command: 'DescribeTrails' | 'GetTrailStatus' | 'GetEventSelectors') => {
  const calls =
    command === 'DescribeTrails'
      ? cloudtrail.commandCalls(DescribeTrailsCommand)
      : command === 'GetTrailStatus'
        ? cloudtrail.commandCalls(GetTrailStatusCommand)
        : cloudtrail.commandCalls(GetEventSelectorsCommand);
  return (calls[0]?.thisValue as CloudTrailClient | undefined)?.config.region();
};

describe('cloudtrail-multi-region-logging', () => {
  beforeEach(() => cloudtrail.reset());

  it('passes when a multi-region trail is logging with the default selectors, once per account from us-east-1', async () => {
    // Prepare
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('org-trail', 'us-east-1', { IsMultiRegionTrail: true })] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    // Act
    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'eu-central-1'] });
    // Assess
    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `PASS: multi-region trail org-trail is logging all management events for account ${ACCOUNT}` });
    expect(findings[0]).toMatchObject({
      resourceId: ACCOUNT,
      resourceType: 'AWS::::Account',
      region: 'global',
      severity: 'CRITICAL',
      evidence: {
        region: 'us-east-1',
        multiRegionTrails: [
          { name: 'org-trail', arn: trailArn('org-trail'), homeRegion: 'us-east-1', isLogging: true, managementEvents: 'All', selectors: 'default' },
        ],
      },
    });
    expect(cloudtrail).toHaveReceivedCommandWith(DescribeTrailsCommand, { includeShadowTrails: true });
    expect(cloudtrail).toHaveReceivedCommandWith(GetTrailStatusCommand, { Name: trailArn('org-trail') });
    // Default selectors record every management event: no GetEventSelectors needed.
    expect(cloudtrail).not.toHaveReceivedCommand(GetEventSelectorsCommand);
    expect(await regionOf('DescribeTrails')).toBe('us-east-1');
    expect(cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
  });

  it('sees a multi-region organization trail homed elsewhere through its shadow, reading its selectors at home', async () => {
    const arn = trailArn('org-trail', 'eu-west-2', '999988887777');
    cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: [trail('org-trail', 'eu-west-2', { TrailARN: arn, IsMultiRegionTrail: true, IsOrganizationTrail: true, HasCustomEventSelectors: true })],
    });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail.on(GetEventSelectorsCommand).resolves({
      TrailARN: arn,
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: true, ExcludeManagementEventSources: ['kms.amazonaws.com'] }],
    });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `PASS: multi-region trail org-trail is logging all management events for account ${ACCOUNT}` });
    expect(findings[0]?.evidence).toMatchObject({ multiRegionTrails: [{ excludedSources: ['kms.amazonaws.com'], selectors: 'basic' }] });
    expect(cloudtrail).toHaveReceivedCommandWith(GetEventSelectorsCommand, { TrailName: arn });
    expect(await regionOf('GetTrailStatus')).toBe('us-east-1');
    expect(await regionOf('GetEventSelectors')).toBe('eu-west-2');
  });

  it('fails when the account has no trail, or only single-region ones', async () => {
    cloudtrail
      .on(DescribeTrailsCommand)
      .resolvesOnce({ trailList: [] })
      .resolvesOnce({ trailList: [trail('app-audit', 'us-east-1')] });

    const none = await runRule(rule);
    const single = await runRule(rule);

    expect(verdicts(none.findings)).toEqual({ [ACCOUNT]: `FAIL: account ${ACCOUNT} has no multi-region trail` });
    expect(verdicts(single.findings)).toEqual({
      [ACCOUNT]: `FAIL: account ${ACCOUNT} has no multi-region trail (only single-region trails: app-audit)`,
    });
  });

  it('fails when the multi-region trail was stopped (StopLogging also blinds our event path)', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('org-trail', 'us-east-1', { IsMultiRegionTrail: true })] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false, StopLoggingTime: new Date('2025-06-12T09:00:00Z') });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [ACCOUNT]: `FAIL: no multi-region trail is logging all management events for account ${ACCOUNT}: org-trail is not logging`,
    });
  });

  it('never says "not logging" or "no multi-region trail" from an answer that leaves IsLogging or IsMultiRegionTrail out: ERROR', async () => {
    cloudtrail
      .on(DescribeTrailsCommand)
      .resolvesOnce({ trailList: [trail('org-trail', 'us-east-1', { IsMultiRegionTrail: true })] })
      .resolvesOnce({ trailList: [trail('org-trail', 'us-east-1', { IsMultiRegionTrail: undefined })] });
    cloudtrail.on(GetTrailStatusCommand).resolves({});

    const first = await runRule(rule);
    const second = await runRule(rule);

    expect(verdicts(first.findings)).toEqual({
      [ACCOUNT]: `ERROR: IncompleteAnswer: GetTrailStatus did not say whether trail org-trail is logging (no IsLogging)`,
    });
    expect(verdicts(second.findings)).toEqual({
      [ACCOUNT]: 'ERROR: DescribeTrails did not say whether trail org-trail is multi-region (no IsMultiRegionTrail), and no trail is known to be',
    });
  });

  it('fails on write-only, filtered or absent management events; passes write-only with managementEvents "write"', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: ['basic-write', 'advanced-write', 'one-service', 'data-only'].map((name) =>
        trail(name, 'us-east-1', { IsMultiRegionTrail: true, HasCustomEventSelectors: true, TrailARN: trailArn(name) }),
      ),
    });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
    cloudtrail
      .on(GetEventSelectorsCommand, { TrailName: trailArn('basic-write') })
      .resolves({ EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }] });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: trailArn('advanced-write') }).resolves({
      AdvancedEventSelectors: [
        {
          Name: 'writes',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'readOnly', Equals: ['false'] },
          ],
        },
      ],
    });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: trailArn('one-service') }).resolves({
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Management'] },
            { Field: 'eventSource', Equals: ['s3.amazonaws.com'] },
          ],
        },
      ],
    });
    cloudtrail.on(GetEventSelectorsCommand, { TrailName: trailArn('data-only') }).resolves({
      EventSelectors: [{ ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }] }],
    });

    const strict = await runRule(rule);
    const write = await runRule(rule, { params: { managementEvents: 'write' } });

    expect(verdicts(strict.findings)).toEqual({
      [ACCOUNT]:
        `FAIL: no multi-region trail is logging all management events for account ${ACCOUNT}: basic-write records only WriteOnly management events; ` +
        'advanced-write records only WriteOnly management events; one-service records no management events; data-only records no management events',
    });
    expect(verdicts(write.findings)).toEqual({ [ACCOUNT]: `PASS: multi-region trail basic-write is logging write management events for account ${ACCOUNT}` });
  });

  it('with managementEvents "any", only IsMultiRegionTrail and IsLogging matter', async () => {
    cloudtrail
      .on(DescribeTrailsCommand)
      .resolves({ trailList: [trail('org-trail', 'us-east-1', { IsMultiRegionTrail: true, HasCustomEventSelectors: true })] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });

    const { findings } = await runRule(rule, { params: { managementEvents: 'any' } });

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `PASS: multi-region trail org-trail is logging for account ${ACCOUNT}` });
    expect(cloudtrail).not.toHaveReceivedCommand(GetEventSelectorsCommand);
  });

  it('passes when one trail qualifies even if another cannot be read; is ERROR when the unreadable one might be the only good one', async () => {
    const trails = [trail('denied', 'us-east-1', { IsMultiRegionTrail: true }), trail('org-trail', 'us-east-1', { IsMultiRegionTrail: true })];
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: trails });
    cloudtrail.on(GetTrailStatusCommand, { Name: trailArn('denied') }).rejects(accessDenied());
    cloudtrail
      .on(GetTrailStatusCommand, { Name: trailArn('org-trail') })
      .resolvesOnce({ IsLogging: true })
      .resolves({ IsLogging: false });

    const oneGood = await runRule(rule);
    const noneGood = await runRule(rule);

    expect(verdicts(oneGood.findings)).toEqual({ [ACCOUNT]: `PASS: multi-region trail org-trail is logging all management events for account ${ACCOUNT}` });
    expect(verdicts(noneGood.findings)).toEqual({ [ACCOUNT]: 'ERROR: AccessDenied: User is not authorized to perform this action' });
  });

  it('is ERROR when DescribeTrails is denied', async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: AccessDenied: User is not authorized to perform this action' });
    expect(findings[0]?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('org-trail', 'us-east-1', { IsMultiRegionTrail: true })] });
    cloudtrail.on(GetTrailStatusCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('re-runs the account check for a StopLogging in any region (DescribeTrails is one unpaginated call)', async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [trail('org-trail', 'eu-west-1', { IsMultiRegionTrail: true })] });
    cloudtrail.on(GetTrailStatusCommand).resolves({ IsLogging: false });

    const { findings } = await runRule(rule, { target: { region: 'eu-west-1', resourceNames: [] } });

    expect(findings).toMatchObject([{ resourceId: ACCOUNT, region: 'global', status: 'FAIL' }]);
    expect(await regionOf('DescribeTrails')).toBe('us-east-1');
    expect(cloudtrail).toHaveReceivedCommandTimes(DescribeTrailsCommand, 1);
  });
});

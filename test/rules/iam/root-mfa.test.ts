import { GetAccountSummaryCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { iamRootMfa as rule } from '../../../src/rules/iam/root-mfa.js';
import { accessDenied, ACCOUNT, runRule, throttled, verdicts } from '../../helpers/aws.js';

const iam = mockClient(IAMClient);

describe('iam-root-mfa', () => {
  beforeEach(() => iam.reset());

  it('passes when AccountMFAEnabled is 1, once per account, asking IAM in us-east-1', async () => {
    // Prepare
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 4 } });
    // Act
    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'eu-central-1'] });
    // Assess
    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `PASS: the root user of account ${ACCOUNT} has MFA enabled` });
    expect(findings[0]).toMatchObject({
      resourceId: ACCOUNT,
      resourceType: 'AWS::::Account',
      region: 'global',
      severity: 'CRITICAL',
      evidence: { accountMfaEnabled: true, rootAccessKeysPresent: false },
    });
    const client = iam.commandCalls(GetAccountSummaryCommand)[0]?.thisValue as IAMClient;
    expect(await client.config.region()).toBe('us-east-1');
    expect(iam).toHaveReceivedCommandTimes(GetAccountSummaryCommand, 1);
  });

  it('fails when AccountMFAEnabled is 0, and mentions root access keys', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountAccessKeysPresent: 1 } });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `FAIL: the root user of account ${ACCOUNT} has no MFA device (and it has access keys)` });
  });

  it('is ERROR, never PASS, when the summary does not report AccountMFAEnabled', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { Users: 4 } });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `ERROR: GetAccountSummary did not report AccountMFAEnabled for account ${ACCOUNT}` });
  });

  it('is ERROR when GetAccountSummary is denied', async () => {
    iam.on(GetAccountSummaryCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: AccessDenied: User is not authorized to perform this action' });
    expect(findings[0]?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is ERROR when throttling outlasts the retries', async () => {
    iam.on(GetAccountSummaryCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('re-runs the account check for an event, whatever resource names it carries', async () => {
    iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0 } });

    const { findings } = await runRule(rule, { target: { region: 'us-east-1', resourceNames: [] } });

    expect(verdicts(findings)).toEqual({ [ACCOUNT]: `FAIL: the root user of account ${ACCOUNT} has no MFA device` });
  });
});

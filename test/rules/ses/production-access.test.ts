import { GetAccountCommand, type IdentityInfo, ListEmailIdentitiesCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { sesProductionAccess as rule } from '../../../src/rules/ses/production-access.js';
import { accessDenied, ACCOUNT, REGION, runRule, throttled, verdicts } from '../../helpers/aws.js';

const ses = mockClient(SESv2Client);
const ID = `${ACCOUNT}/${REGION}`;

function domain(name: string, status: IdentityInfo['VerificationStatus'] = 'SUCCESS'): IdentityInfo {
  return { IdentityName: name, IdentityType: 'DOMAIN', VerificationStatus: status, SendingEnabled: status === 'SUCCESS' };
}

const SANDBOX = { ProductionAccessEnabled: false, SendingEnabled: true, EnforcementStatus: 'HEALTHY', SendQuota: { Max24HourSend: 200, MaxSendRate: 1 } };
const PRODUCTION = { ProductionAccessEnabled: true, SendingEnabled: true, EnforcementStatus: 'HEALTHY', SendQuota: { Max24HourSend: 50000, MaxSendRate: 14 } };

describe('ses-production-access', () => {
  beforeEach(() => ses.reset());

  it('passes when the account has production access and sending is enabled', async () => {
    // Prepare
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [domain('retainwise.ai')] });
    ses.on(GetAccountCommand).resolves(PRODUCTION);
    // Act
    const { findings } = await runRule(rule);
    // Assess
    expect(verdicts(findings)).toEqual({ [ID]: 'PASS: SES in eu-west-1 has production access and sending is enabled' });
    expect(findings[0]).toMatchObject({
      resourceId: ID,
      resourceType: 'AWS::::Account',
      region: REGION,
      severity: 'MEDIUM',
      evidence: { productionAccessEnabled: true, verified: ['retainwise.ai'], verifiedCount: 1 },
    });
  });

  it('fails while the account is in the sandbox, and says a request is pending', async () => {
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [domain('retainwise.ai')] });
    ses
      .on(GetAccountCommand)
      .resolvesOnce(SANDBOX)
      .resolvesOnce({ ...SANDBOX, Details: { ReviewDetails: { Status: 'PENDING', CaseId: '1234' } } });

    const first = await runRule(rule);
    const second = await runRule(rule);

    expect(verdicts(first.findings)).toEqual({
      [ID]: 'FAIL: SES in eu-west-1 is still in the sandbox (mail only to verified identities, 200 messages a day)',
    });
    expect(verdicts(second.findings)).toEqual({
      [ID]: 'FAIL: SES in eu-west-1 is still in the sandbox (mail only to verified identities, 200 messages a day); the production access request is PENDING',
    });
  });

  it('fails when production access is granted but sending is paused', async () => {
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [domain('retainwise.ai')] });
    ses.on(GetAccountCommand).resolves({ ...PRODUCTION, SendingEnabled: false, EnforcementStatus: 'SHUTDOWN' });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({
      [ID]: 'FAIL: SES in eu-west-1 has production access but sending is disabled (enforcement status SHUTDOWN)',
    });
  });

  describe('when GetAccount leaves fields out (all of them are optional in the API)', () => {
    beforeEach(() => {
      ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [domain('retainwise.ai')] });
    });

    it('never says "still in the sandbox" without ProductionAccessEnabled: ERROR when the quota does not tell either', async () => {
      ses
        .on(GetAccountCommand)
        .resolvesOnce({ SendingEnabled: true, EnforcementStatus: 'HEALTHY' })
        .resolvesOnce({
          SendingEnabled: true,
          SendQuota: { Max24HourSend: 200, MaxSendRate: 1 },
        });

      const first = await runRule(rule);
      const second = await runRule(rule);

      expect(verdicts(first.findings)).toEqual({
        [ID]: 'ERROR: GetAccount did not say whether SES in eu-west-1 has production access (no ProductionAccessEnabled) nor its sending quota',
      });
      expect(verdicts(second.findings)).toEqual({
        [ID]:
          'ERROR: GetAccount did not say whether SES in eu-west-1 has production access (no ProductionAccessEnabled), and its sending ' +
          'quota (200 messages a day, 1 a second) is within the sandbox limits (200 a day, 1 a second), so it does not tell',
      });
      expect(first.findings[0]?.evidence).toMatchObject({ productionAccessEnabled: null, sendingEnabled: true });
    });

    it('passes on a sending quota beyond the sandbox limits, saying so', async () => {
      ses
        .on(GetAccountCommand)
        .resolvesOnce({ SendingEnabled: true, SendQuota: { Max24HourSend: 50000, MaxSendRate: 14 } })
        .resolvesOnce({
          SendingEnabled: true,
          SendQuota: { Max24HourSend: -1 },
        });

      const first = await runRule(rule);
      const second = await runRule(rule);

      expect(verdicts(first.findings)).toEqual({
        [ID]:
          'PASS: SES in eu-west-1 has production access and sending is enabled (GetAccount has no ProductionAccessEnabled; ' +
          'the sending quota, 50000 messages a day, 14 a second, is beyond the sandbox limits)',
      });
      expect(verdicts(second.findings)).toEqual({
        [ID]:
          'PASS: SES in eu-west-1 has production access and sending is enabled (GetAccount has no ProductionAccessEnabled; ' +
          'the sending quota, no daily limit, is beyond the sandbox limits)',
      });
    });

    it('never says sending is disabled without SendingEnabled: FAIL only on a SHUTDOWN enforcement status, else ERROR', async () => {
      ses.on(GetAccountCommand).resolvesOnce({ ProductionAccessEnabled: true, EnforcementStatus: 'SHUTDOWN' }).resolvesOnce({
        ProductionAccessEnabled: true,
        EnforcementStatus: 'HEALTHY',
      });

      const first = await runRule(rule);
      const second = await runRule(rule);

      expect(verdicts(first.findings)).toEqual({
        [ID]: 'FAIL: SES in eu-west-1 has production access but sending is paused (enforcement status SHUTDOWN)',
      });
      expect(verdicts(second.findings)).toEqual({
        [ID]: 'ERROR: GetAccount did not say whether sending is enabled for SES in eu-west-1 (no SendingEnabled; enforcement status HEALTHY)',
      });
    });
  });

  it('is NOT_APPLICABLE where SES has no verified identity, without asking for the account', async () => {
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [domain('pending.example', 'PENDING'), domain('broken.example', 'FAILED')] });

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'NOT_APPLICABLE: SES not used in eu-west-1: no verified email identity' });
    expect(ses).not.toHaveReceivedCommand(GetAccountCommand);
  });

  it('counts identities listed without VerificationStatus by whether they can send', async () => {
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [{ IdentityName: 'old.example', IdentityType: 'DOMAIN', SendingEnabled: true }] });
    ses.on(GetAccountCommand).resolves(SANDBOX);

    const { findings } = await runRule(rule);

    expect(findings[0]?.status).toBe('FAIL');
  });

  it('with the regions param, judges those regions whatever their identities and skips the others', async () => {
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [] });
    ses.on(GetAccountCommand).resolves(SANDBOX);

    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'us-east-1'], params: { regions: ['eu-west-1'] } });

    expect(verdicts(findings)).toEqual({
      [ID]: 'FAIL: SES in eu-west-1 is still in the sandbox (mail only to verified identities, 200 messages a day)',
      [`${ACCOUNT}/us-east-1`]: 'NOT_APPLICABLE: us-east-1 is not one of the regions where SES is used (eu-west-1)',
    });
  });

  it('is ERROR, not PASS, when GetAccount is denied', async () => {
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [domain('retainwise.ai')] });
    ses.on(GetAccountCommand).rejects(accessDenied());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'ERROR: AccessDenied: User is not authorized to perform this action' });
    expect(findings[0]?.evidence).toEqual({ errorCode: 'AccessDenied' });
  });

  it('is ERROR, not NOT_APPLICABLE, when the identities cannot be listed (throttling outlasting the retries)', async () => {
    ses.on(ListEmailIdentitiesCommand).rejects(throttled());

    const { findings } = await runRule(rule);

    expect(verdicts(findings)).toEqual({ [ID]: 'ERROR: ThrottlingException: Rate exceeded' });
  });

  it('reads every page of ListEmailIdentities', async () => {
    ses
      .on(ListEmailIdentitiesCommand)
      .resolvesOnce({ EmailIdentities: [domain('a.example', 'PENDING')], NextToken: 't1' })
      .resolvesOnce({ EmailIdentities: [domain('b.example', 'PENDING')], NextToken: 't2' })
      .resolvesOnce({ EmailIdentities: [domain('retainwise.ai')] });
    ses.on(GetAccountCommand).resolves(PRODUCTION);

    const { findings } = await runRule(rule);

    expect(findings[0]?.status).toBe('PASS');
    expect(ses).toHaveReceivedCommandTimes(ListEmailIdentitiesCommand, 3);
    expect(ses).toHaveReceivedNthCommandWith(ListEmailIdentitiesCommand, 2, { NextToken: 't1' });
    expect(ses).toHaveReceivedNthCommandWith(ListEmailIdentitiesCommand, 3, { NextToken: 't2' });
  });

  it('evaluates each region on its own: the sandbox is per region', async () => {
    ses.on(ListEmailIdentitiesCommand).resolves({ EmailIdentities: [domain('retainwise.ai')] });
    ses.on(GetAccountCommand).resolves(SANDBOX);

    const { findings } = await runRule(rule, { regions: ['eu-west-1', 'us-east-1'] });

    expect(findings.map((f) => [f.resourceId, f.region, f.status])).toEqual([
      [ID, 'eu-west-1', 'FAIL'],
      [`${ACCOUNT}/us-east-1`, 'us-east-1', 'FAIL'],
    ]);
    expect(ses).toHaveReceivedCommandTimes(GetAccountCommand, 2);
  });
});

import * as z from 'zod';
import { isVerified } from '#shared/aws/services/ses/reader.js';
import type { SesAccountFacts } from '#shared/aws/services/ses/reader.js';
import { cannotTell, defineAccountRule, fail, notApplicable, pass } from '../define-rule.js';

const params = z
  .object({
    /**
     * Regions where the application sends mail with SES: there the account must be out of the sandbox
     * whatever its identities. Empty (the default) = every scanned region where SES has a verified identity.
     */
    regions: z.array(z.string().min(1)).default([]),
  })
  .strict();

const SHOWN_IDENTITIES = 5;

/** What the sandbox allows, as SES documents it: 200 messages in 24 hours, 1 a second. */
const SANDBOX = { perDay: 200, perSecond: 1 };

/** `200 messages a day`; a daily quota of -1 is SES's "no limit". */
function quotaPhrase(perDay: number): string {
  return perDay === -1 ? 'no daily limit' : `${perDay} messages a day`;
}

/** `50000 messages a day, 14 a second`, or undefined when GetAccount gave no quota. */
function fullQuotaPhrase({ max24HourSend, maxSendRate }: SesAccountFacts): string | undefined {
  const parts = [...(max24HourSend === undefined ? [] : [quotaPhrase(max24HourSend)]), ...(maxSendRate === undefined ? [] : [`${maxSendRate} a second`])];
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** A quota the sandbox cannot have: only an account with production access gets one. */
function beyondSandbox({ max24HourSend, maxSendRate }: SesAccountFacts): boolean {
  return (
    max24HourSend === -1 || (max24HourSend !== undefined && max24HourSend > SANDBOX.perDay) || (maxSendRate !== undefined && maxSendRate > SANDBOX.perSecond)
  );
}

export const sesProductionAccess = defineAccountRule({
  id: 'ses-production-access',
  title: 'SES is out of the sandbox where it sends mail',
  description:
    'In every region where SES is used (a verified email identity exists, or the region is listed in the regions ' +
    'param), the SES account has production access (it is out of the sandbox, which only sends to verified ' +
    'addresses, 200 messages a day) and sending is enabled. Regions without a verified identity are NOT_APPLICABLE.',
  absentFields:
    'Without ProductionAccessEnabled, a sending quota the sandbox cannot have (over 200 a day or 1 a second, ' +
    'or -1: unlimited) counts as production access and the reason says so; anything else is ERROR naming the ' +
    'field. Without SendingEnabled, EnforcementStatus SHUTDOWN fails (sending is paused) and anything else is ' +
    'ERROR. An identity without VerificationStatus counts as verified when SendingEnabled is true.',
  severity: 'MEDIUM',
  resourceType: 'AWS::::Account',
  checklist: { source: '000 §11 Set Up Transactional Email (SendGrid/SES)', item: 'Move out of sandbox (required for production)' },
  controls: {},
  iamActions: ['ses:GetAccount', 'ses:ListEmailIdentities'],
  // Account-level: any of these calls re-runs the region's check. AWS grants production access
  // itself (no API call of the account), so a sweep sees that change.
  triggers: [{ eventSource: 'ses.amazonaws.com', eventNames: ['PutAccountDetails', 'CreateEmailIdentity', 'DeleteEmailIdentity'] }],
  remediation: {
    text:
      'Request production access for the region (SES console → Account dashboard → Request production access, or the ' +
      'CLI); approval usually takes a business day.',
    cli:
      'aws sesv2 put-account-details --region <region> --production-access-enabled --mail-type TRANSACTIONAL ' +
      '--website-url <https://your-site> --contact-language EN --use-case-description "<how you send, to whom, bounce handling>"',
  },
  params,
  async evaluate({ ses }, { region, params: { regions } }) {
    if (regions.length > 0 && !regions.includes(region)) {
      return notApplicable(`${region} is not one of the regions where SES is used (${regions.join(', ')})`);
    }
    const identities = await ses.emailIdentities();
    const verified = identities
      .filter(isVerified)
      .map((i) => i.name)
      .sort();
    if (regions.length === 0 && verified.length === 0) {
      return notApplicable(`SES not used in ${region}: no verified email identity`, { identities: identities.length, verified: [] });
    }

    const account = await ses.account();
    const evidence = {
      productionAccessEnabled: account.productionAccessEnabled ?? null,
      sendingEnabled: account.sendingEnabled ?? null,
      enforcementStatus: account.enforcementStatus ?? null,
      reviewStatus: account.reviewStatus ?? null,
      max24HourSend: account.max24HourSend ?? null,
      maxSendRate: account.maxSendRate ?? null,
      verified: verified.slice(0, SHOWN_IDENTITIES),
      verifiedCount: verified.length,
    };
    if (account.productionAccessEnabled === false) {
      const quota = account.max24HourSend === undefined ? '' : `, ${quotaPhrase(account.max24HourSend)}`;
      const review = account.reviewStatus ? `; the production access request is ${account.reviewStatus}` : '';
      return fail(`SES in ${region} is still in the sandbox (mail only to verified identities${quota})${review}`, evidence);
    }
    // Without ProductionAccessEnabled, only a quota the sandbox cannot have tells production access.
    let inferred = '';
    if (account.productionAccessEnabled === undefined) {
      const quota = fullQuotaPhrase(account);
      if (!quota) {
        return cannotTell(`GetAccount did not say whether SES in ${region} has production access (no ProductionAccessEnabled) nor its sending quota`, evidence);
      }
      if (!beyondSandbox(account)) {
        return cannotTell(
          `GetAccount did not say whether SES in ${region} has production access (no ProductionAccessEnabled), and its sending ` +
            `quota (${quota}) is within the sandbox limits (${SANDBOX.perDay} a day, ${SANDBOX.perSecond} a second), so it does not tell`,
          evidence,
        );
      }
      inferred = ` (GetAccount has no ProductionAccessEnabled; the sending quota, ${quota}, is beyond the sandbox limits)`;
    }
    const enforcement = account.enforcementStatus ? ` (enforcement status ${account.enforcementStatus})` : '';
    if (account.sendingEnabled === false) {
      return fail(`SES in ${region} has production access but sending is disabled${enforcement}${inferred}`, evidence);
    }
    if (account.sendingEnabled === undefined) {
      // SHUTDOWN is documented as "sending is paused"; any other status leaves the question open.
      if (account.enforcementStatus === 'SHUTDOWN') {
        return fail(`SES in ${region} has production access but sending is paused${enforcement}${inferred}`, evidence);
      }
      const known = account.enforcementStatus ? `; enforcement status ${account.enforcementStatus}` : '';
      return cannotTell(`GetAccount did not say whether sending is enabled for SES in ${region} (no SendingEnabled${known})`, evidence);
    }
    return pass(`SES in ${region} has production access and sending is enabled${inferred}`, evidence);
  },
});

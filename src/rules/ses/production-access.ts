import * as z from 'zod';
import { isVerified } from '../../shared/aws/ses-reader.js';
import { defineAccountRule, fail, notApplicable, pass } from '../define-rule.js';

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

export const sesProductionAccess = defineAccountRule({
  id: 'ses-production-access',
  title: 'SES is out of the sandbox where it sends mail',
  description:
    'In every region where SES is used (a verified email identity exists, or the region is listed in the regions ' +
    'param), the SES account has production access (it is out of the sandbox, which only sends to verified ' +
    'addresses, 200 messages a day) and sending is enabled. Regions without a verified identity are NOT_APPLICABLE.',
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
    const verified = identities.filter(isVerified).map((i) => i.name).sort();
    if (regions.length === 0 && verified.length === 0) {
      return notApplicable(`SES not used in ${region}: no verified email identity`, { identities: identities.length, verified: [] });
    }

    const account = await ses.account();
    const evidence = {
      productionAccessEnabled: account.productionAccessEnabled,
      sendingEnabled: account.sendingEnabled,
      enforcementStatus: account.enforcementStatus ?? null,
      reviewStatus: account.reviewStatus ?? null,
      max24HourSend: account.max24HourSend ?? null,
      verified: verified.slice(0, SHOWN_IDENTITIES),
      verifiedCount: verified.length,
    };
    if (!account.productionAccessEnabled) {
      const quota = account.max24HourSend === undefined ? '' : `, ${account.max24HourSend} messages a day`;
      const review = account.reviewStatus ? `; the production access request is ${account.reviewStatus}` : '';
      return fail(`SES in ${region} is still in the sandbox (mail only to verified identities${quota})${review}`, evidence);
    }
    if (!account.sendingEnabled) {
      const status = account.enforcementStatus ? ` (enforcement status ${account.enforcementStatus})` : '';
      return fail(`SES in ${region} has production access but sending is disabled${status}`, evidence);
    }
    return pass(`SES in ${region} has production access and sending is enabled`, evidence);
  },
});

import { cannotTell, defineAccountRule, fail, pass } from '../define-rule.js';

export const iamRootMfa = defineAccountRule({
  id: 'iam-root-mfa',
  title: 'The root user has MFA',
  description:
    'GetAccountSummary reports AccountMFAEnabled = 1: the root user has an MFA device (virtual or hardware). An answer ' +
    'without AccountMFAEnabled is ERROR, never PASS. An account whose root credentials were removed through AWS ' +
    'Organizations centralized root access has no root password to protect: suppress its finding.',
  absentFields: 'GetAccountSummary without AccountMFAEnabled (always in its map) is ERROR.',
  severity: 'CRITICAL',
  resourceType: 'AWS::::Account',
  checklist: { source: '003', item: 'Multi-factor authentication required' },
  controls: { securityHub: ['IAM.9'], awsConfig: 'root-account-mfa-enabled' },
  iamActions: ['iam:GetAccountSummary'],
  triggers: [
    // Account-level: the one check is re-run (an assigned MFA device cannot be deleted before it is deactivated).
    { eventSource: 'iam.amazonaws.com', eventNames: ['EnableMFADevice', 'DeactivateMFADevice'] },
  ],
  remediation: {
    text: 'Sign in as the root user, open Security credentials and assign an MFA device (a hardware key for IAM.6); root MFA cannot be enabled from the CLI.',
    cli: 'aws iam get-account-summary --query SummaryMap.AccountMFAEnabled',
  },
  global: true,
  async evaluate({ iam }, { accountId }) {
    const { rootMfaEnabled, rootAccessKeysPresent } = await iam.accountSummary();
    const evidence = { accountMfaEnabled: rootMfaEnabled ?? null, rootAccessKeysPresent: rootAccessKeysPresent ?? null };
    if (rootMfaEnabled === undefined) {
      return cannotTell(`GetAccountSummary did not report AccountMFAEnabled for account ${accountId}`, evidence);
    }
    const keys = rootAccessKeysPresent ? ' (and it has access keys)' : '';
    return rootMfaEnabled
      ? pass(`the root user of account ${accountId} has MFA enabled${keys}`, evidence)
      : fail(`the root user of account ${accountId} has no MFA device${keys}`, evidence);
  },
});

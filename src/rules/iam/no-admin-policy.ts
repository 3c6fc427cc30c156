import * as z from 'zod';
import { defineRule, fail, notApplicable, pass } from '../define-rule.js';
import { adminGrants } from './policy.js';
import { customerPolicyArnsFromEvent, inlinePolicyFromEvent, loadPolicy } from './support.js';

const params = z
  .object({
    /** Also check customer-managed policies attached to nothing (one attach away from use). */
    includeUnattached: z.boolean().default(true),
    /** Services whose `<service>:*` on `*` counts as administrator access: all of IAM can grant itself `*`. */
    adminServices: z.array(z.string().regex(/^[a-z0-9-]+$/)).default(['iam']),
  })
  .strict();

const MANAGED_POLICY_EVENTS = [
  'CreatePolicy',
  'CreatePolicyVersion',
  'SetDefaultPolicyVersion',
  'DeletePolicy',
  // Attachments change whether an admin policy is in use (the finding says so) and `includeUnattached`.
  'AttachRolePolicy',
  'DetachRolePolicy',
  'AttachUserPolicy',
  'DetachUserPolicy',
  'AttachGroupPolicy',
  'DetachGroupPolicy',
] as const;

export const iamNoAdminPolicy = defineRule({
  id: 'iam-no-admin-policy',
  title: 'No customer-managed or inline policy grants administrator access',
  description:
    'Every customer-managed policy (default version; attached or not, unless includeUnattached is false) and every inline ' +
    'policy of a role, user or group must not Allow "*" (or "*:*") on Resource "*". Also administrator-equivalent: an ' +
    'Allow with NotAction on "*" (every action but a few), and "<service>:*" on "*" for the adminServices (default iam). ' +
    'Resource "*" includes "arn:aws:*:*:*:*" and NotResource. A Condition does not make a grant acceptable: a conditional ' +
    'administrator Allow fails too and the reason says "under a condition" (conditions narrow when, not what). Only an ' +
    'unconditional Deny in the same policy on every resource cancels (Deny "*", or a NotAction Deny). A policy used only as ' +
    'a permissions boundary is NOT_APPLICABLE (a boundary grants nothing). AWS managed policies are out of scope.',
  absentFields:
    'A policy without AttachmentCount is judged (never called attached to nothing); without ' +
    'PermissionsBoundaryUsageCount it is used as no boundary. A policy document without Statement grants ' +
    'nothing.',
  severity: 'CRITICAL',
  resourceType: 'AWS::IAM::Policy',
  checklist: { source: '000 §3', item: 'Review & Tighten IAM Permissions' },
  controls: { securityHub: ['IAM.1', 'IAM.21'], awsConfig: 'iam-policy-no-statements-with-admin-access' },
  iamActions: [
    'iam:ListPolicies',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
    'iam:ListRoles',
    'iam:ListUsers',
    'iam:ListGroups',
    'iam:ListRolePolicies',
    'iam:ListUserPolicies',
    'iam:ListGroupPolicies',
    'iam:GetRolePolicy',
    'iam:GetUserPolicy',
    'iam:GetGroupPolicy',
  ],
  triggers: [
    { eventSource: 'iam.amazonaws.com', eventNames: MANAGED_POLICY_EVENTS, resourceNames: customerPolicyArnsFromEvent },
    { eventSource: 'iam.amazonaws.com', eventNames: ['PutRolePolicy', 'DeleteRolePolicy'], resourceNames: inlinePolicyFromEvent('role') },
    { eventSource: 'iam.amazonaws.com', eventNames: ['PutUserPolicy', 'DeleteUserPolicy'], resourceNames: inlinePolicyFromEvent('user') },
    { eventSource: 'iam.amazonaws.com', eventNames: ['PutGroupPolicy', 'DeleteGroupPolicy'], resourceNames: inlinePolicyFromEvent('group') },
  ],
  remediation: {
    text:
      'Replace the administrator statement with the actions and resources the principal needs (the seed\'s "Correct IAM ' +
      'Policy Example"): publish a least-privilege default version of a managed policy, or rewrite the inline policy.',
    cli: 'aws iam create-policy-version --policy-arn <policy-arn> --policy-document file://least-privilege.json --set-as-default',
  },
  global: true,
  params,
  async resources({ iam }) {
    const [managed, roles, users, groups] = await Promise.all([
      iam.customerPolicies(),
      iam.inlinePolicies('role'),
      iam.inlinePolicies('user'),
      iam.inlinePolicies('group'),
    ]);
    return [...managed.map((p) => p.arn), ...roles, ...users, ...groups];
  },
  async evaluate({ iam }, name, { partition, params: { includeUnattached, adminServices } }) {
    const policy = await loadPolicy(iam, name);
    const { managed } = policy;
    if (managed?.attachmentCount === 0 && managed.boundaryUsageCount > 0) {
      return notApplicable(`${policy.label} is used only as a permissions boundary, which grants nothing by itself`, {
        boundaryUsageCount: managed.boundaryUsageCount,
      });
    }
    if (managed?.attachmentCount === 0 && !includeUnattached) {
      return notApplicable(`${policy.label} is attached to nothing (includeUnattached is false)`, { attachmentCount: 0 });
    }
    const { grants, cancelled } = adminGrants(policy.statements, adminServices, partition);
    const evidence = {
      ...(managed ? { attachmentCount: managed.attachmentCount ?? null, defaultVersionId: managed.defaultVersionId } : {}),
      grants: grants.map(({ statement, kind, service, conditional }) => ({ statement, kind, ...(service ? { service } : {}), conditional })),
      ...(cancelled.length > 0 ? { cancelledByDeny: cancelled } : {}),
    };
    if (grants.length === 0) {
      const note = cancelled.length > 0 ? ` (its ${cancelled.join('; ')} is cancelled by an unconditional Deny)` : '';
      return pass(`${policy.label} grants no administrator access${note}`, evidence);
    }
    const unused = managed?.attachmentCount === 0 ? '; it is attached to nothing yet' : '';
    return fail(`${policy.label} grants administrator access: ${grants.map((g) => g.text).join('; ')}${unused}`, evidence);
  },
});

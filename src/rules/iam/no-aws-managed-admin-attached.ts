import * as z from 'zod';
import type { PrincipalKind } from '#shared/aws/services/iam/reader.js';
import { OutOfScopeError } from '#shared/core/errors.js';
import { compileGlob } from '#shared/core/glob.js';
import { type CloudTrailDetail, defineRule, fail, pass, stringAt } from '../define-rule.js';

const params = z
  .object({
    /**
     * Roles that may keep AdministratorAccess: break-glass roles, used under alarm when everything else
     * fails. Names or globs (`*`, `?`); users and groups are never allowed.
     */
    breakGlassRoles: z.array(z.string().min(1)).default([]),
  })
  .strict();

const POLICY_NAME = 'AdministratorAccess';
const ADMIN_ARN = /^arn:[^:]+:iam::aws:policy\/AdministratorAccess$/;
const KINDS: readonly PrincipalKind[] = ['user', 'group', 'role'];

function adminArn(partition: string): string {
  return `arn:${partition}:iam::aws:policy/${POLICY_NAME}`;
}

/** A principal's native name: `role/<name>`, `user/<name>`, `group/<name>` (IAM names hold no `/`). */
function principalName(kind: PrincipalKind, name: string): string {
  return `${kind}/${name}`;
}

function parsePrincipalName(name: string): { kind: PrincipalKind; entity: string } | undefined {
  const [kind, entity, ...rest] = name.split('/');
  if (rest.length > 0 || !entity || !KINDS.includes(kind as PrincipalKind)) return undefined;
  return { kind: kind as PrincipalKind, entity };
}

/** Attach/Detach{User,Group,Role}Policy of AdministratorAccess → the principal it was attached to or detached from. */
function principalFromEvent(kind: PrincipalKind): (detail: CloudTrailDetail) => string[] {
  return (detail) => {
    const policy = stringAt(detail.requestParameters, 'policyArn');
    const entity = stringAt(detail.requestParameters, `${kind}Name`);
    return policy && ADMIN_ARN.test(policy) && entity ? [principalName(kind, entity)] : [];
  };
}

const trigger = (kind: PrincipalKind, call: string) => ({
  eventSource: 'iam.amazonaws.com',
  eventNames: [`Attach${call}Policy`, `Detach${call}Policy`],
  resourceNames: principalFromEvent(kind),
});

/** Resources are the users, groups and roles AdministratorAccess is attached to, as `user/<name>`... */
export const iamNoAwsManagedAdminAttached = defineRule({
  id: 'iam-no-aws-managed-admin-attached',
  title: 'The AWS managed AdministratorAccess policy is attached to no one but break-glass roles',
  description:
    'No user, group or role has the AWS managed policy AdministratorAccess (Allow "*" on "*") attached, except the roles ' +
    'of the breakGlassRoles param (names or globs; default none). One finding per user, group or role it is attached to, ' +
    'so each new attachment alerts on its own; detaching it closes that finding. Inline and customer-managed ' +
    "administrator policies are iam-no-admin-policy's.",
  absentFields: 'ListEntitiesForPolicy entries without a name are skipped (IAM always names them); an answer without a list has none of that kind.',
  severity: 'HIGH',
  resourceType: 'AWS::IAM::Policy',
  checklist: { source: '000 §3', item: 'Review & Tighten IAM Permissions' },
  controls: {
    awsConfig: 'iam-policy-blacklisted-check',
    other: ['Prowler iam_aws_attached_policy_no_administrative_privileges'],
  },
  iamActions: ['iam:ListEntitiesForPolicy'],
  triggers: [trigger('user', 'User'), trigger('group', 'Group'), trigger('role', 'Role')],
  remediation: {
    text:
      'Detach AdministratorAccess and attach a least-privilege policy for what the principal does; keep full access for a ' +
      'break-glass role only (assumed with MFA, alarmed), and name it in breakGlassRoles.',
    cli: 'aws iam detach-role-policy --role-name <role> --policy-arn arn:aws:iam::aws:policy/AdministratorAccess',
  },
  global: true,
  params,
  async resources({ iam }, { partition }) {
    const entities = await iam.entitiesWithPolicy(adminArn(partition));
    return KINDS.flatMap((kind) => entities[kind].map((name) => principalName(kind, name)));
  },
  // A principal AdministratorAccess is not attached to is not a resource of this rule: its finding closes.
  async evaluate({ iam }, name, { partition, params: { breakGlassRoles } }) {
    const principal = parsePrincipalName(name);
    if (!principal) throw new OutOfScopeError(name, `${name} names no IAM user, group or role`);
    const { kind, entity } = principal;
    const entities = await iam.entitiesWithPolicy(adminArn(partition));
    if (!entities[kind].includes(entity)) throw new OutOfScopeError(name, `${POLICY_NAME} is not attached to ${kind} ${entity}`);

    const allowedBy = kind === 'role' ? breakGlassRoles.find((pattern) => compileGlob(pattern).test(entity)) : undefined;
    const evidence = { policyArn: adminArn(partition), kind, name: entity, breakGlassRoles };
    if (allowedBy) {
      return pass(`${kind} ${entity} has ${POLICY_NAME} attached as a break-glass role (breakGlassRoles: ${allowedBy})`, evidence);
    }
    const why = kind === 'role' ? 'it is not one of the breakGlassRoles' : `only break-glass roles may hold it, never a ${kind}`;
    return fail(`${kind} ${entity} has the AWS managed policy ${POLICY_NAME} (full access to everything) attached; ${why}`, evidence);
  },
});

import * as z from 'zod';
import { isAwsManagedPolicyArn, parseInlinePolicyName } from '#shared/aws/services/iam/reader.js';
import { OutOfScopeError } from '#shared/core/errors.js';
import { defineRule, fail, pass } from '../define-rule.js';
import { broadS3Grants } from './policy.js';
import { inlinePolicyFromEvent, loadPolicy, policyArnsFromEvent, rolesPhrase } from './support.js';

const params = z
  .object({
    /** S3 actions too dangerous for any role policy, on any resource (seed: "s3:DeleteBucket (dangerous) → Remove entirely"). */
    dangerousActions: z.array(z.string().regex(/^s3:[A-Za-z*?]+$/)).default(['s3:DeleteBucket']),
    /** Also check AWS managed policies attached to roles (AmazonS3FullAccess grants s3:* on *). */
    includeAwsManagedPolicies: z.boolean().default(true),
  })
  .strict();

/** Policies under this path belong to service-linked roles: AWS maintains them and no one can edit them. */
const SERVICE_LINKED_PATH = /^arn:[^:]+:iam::aws:policy\/aws-service-role\//;

export const iamNoBroadS3Actions = defineRule({
  id: 'iam-no-broad-s3-actions',
  title: 'Role policies grant no broad S3 access',
  description:
    'Every policy a role uses (managed policies attached to a role, customer or AWS managed, and inline role policies) must ' +
    'not Allow every S3 action ("s3:*", "*", or a NotAction that leaves S3 in) on any resource, any of dangerousActions ' +
    '(default s3:DeleteBucket, also when granted through "s3:Delete*") on any resource, nor an S3 write action on every ' +
    'bucket (Resource "*", "arn:aws:s3:::*" or "arn:aws:s3:::*/*", or NotResource). As for iam-no-admin-policy, a ' +
    'conditional Allow still fails ("under a condition") and only an unconditional Deny in the same policy on every bucket ' +
    'cancels. The finding is per policy and names the roles using it; policies of service-linked roles are skipped.',
  absentFields:
    'A customer policy without AttachmentCount is checked for the roles using it, as an attached one. A policy ' + 'document without Statement grants nothing.',
  severity: 'HIGH',
  resourceType: 'AWS::IAM::Policy',
  checklist: { source: '000 §3', item: 's3:* (too broad); s3:DeleteBucket (dangerous); Wildcard resource *' },
  controls: {},
  iamActions: [
    'iam:ListPolicies',
    'iam:GetPolicy',
    'iam:GetPolicyVersion',
    'iam:ListEntitiesForPolicy',
    'iam:ListRoles',
    'iam:ListRolePolicies',
    'iam:GetRolePolicy',
  ],
  triggers: [
    {
      eventSource: 'iam.amazonaws.com',
      eventNames: ['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicy', 'AttachRolePolicy', 'DetachRolePolicy'],
      resourceNames: policyArnsFromEvent,
    },
    { eventSource: 'iam.amazonaws.com', eventNames: ['PutRolePolicy', 'DeleteRolePolicy'], resourceNames: inlinePolicyFromEvent('role') },
  ],
  remediation: {
    text:
      'Grant the role only the S3 actions it uses on the buckets it uses (e.g. s3:GetObject and s3:PutObject on ' +
      'arn:aws:s3:::<bucket>/*), never s3:DeleteBucket; detach AmazonS3FullAccess-style managed policies.',
    cli: 'aws iam put-role-policy --role-name <role> --policy-name <policy> --policy-document file://least-privilege-s3.json',
  },
  global: true,
  params,
  async resources({ iam }, { params: { includeAwsManagedPolicies } }) {
    const [customer, awsManaged, inline] = await Promise.all([
      iam.customerPolicies(),
      includeAwsManagedPolicies ? iam.attachedAwsPolicies() : Promise.resolve([]),
      iam.inlinePolicies('role'),
    ]);
    // A count the answer left out is no reason to skip a policy: its roles are asked for below.
    const candidates = [...customer.filter((p) => (p.attachmentCount ?? 1) > 0), ...awsManaged]
      .map((p) => p.arn)
      .filter((arn) => !SERVICE_LINKED_PATH.test(arn));
    const onRoles = await Promise.all(candidates.map(async (arn) => ((await iam.rolesWithPolicy(arn)).length > 0 ? [arn] : [])));
    return [...onRoles.flat(), ...inline];
  },
  // What the sweep does not list (policies on no role, service-linked or excluded AWS managed ones, user and
  // group inline policies) is out of scope when an event names it: its finding is closed, never opened.
  async evaluate({ iam }, name, { partition, params: { dangerousActions, includeAwsManagedPolicies } }) {
    if (name.startsWith('arn:') && SERVICE_LINKED_PATH.test(name)) {
      throw new OutOfScopeError(name, `${name} belongs to service-linked roles, which AWS maintains`);
    }
    if (name.startsWith('arn:') && isAwsManagedPolicyArn(name) && !includeAwsManagedPolicies) {
      throw new OutOfScopeError(name, `${name} is AWS managed (includeAwsManagedPolicies is false)`);
    }
    const inline = parseInlinePolicyName(name);
    if (inline && inline.kind !== 'role') {
      throw new OutOfScopeError(name, `inline policy ${inline.policy} of ${inline.kind} ${inline.entity} is not a role policy`);
    }
    const policy = await loadPolicy(iam, name);
    const roles = policy.managed ? await iam.rolesWithPolicy(policy.managed.arn) : [policy.inline?.entity ?? ''];
    if (roles.length === 0) throw new OutOfScopeError(name, `${policy.label} is attached to no role`);

    const subject = policy.managed ? `${policy.label} (attached to ${rolesPhrase(roles)})` : policy.label;
    const grants = broadS3Grants(policy.statements, dangerousActions, partition);
    const evidence = {
      roles,
      grants: grants.map(({ statement, kind, actions, conditional }) => ({ statement, kind, actions: actions.slice(0, 10), conditional })),
    };
    if (grants.length === 0) {
      return pass(`${subject} grants no broad S3 access (no ${['s3:*', ...dangerousActions].join(', ')} or S3 write on every bucket)`, evidence);
    }
    return fail(`${subject} allows ${grants.map((g) => g.text).join('; ')}`, evidence);
  },
});

/** What the IAM policy rules share: loading a policy by its native name, naming it, and reading events. */
import {
  type IamReader,
  inlinePolicyName,
  isAwsManagedPolicyArn,
  type ManagedPolicyFacts,
  parseInlinePolicyName,
  type PrincipalKind,
} from '#shared/aws/services/iam/reader.js';
import { ResourceNotFoundError } from '#shared/core/errors.js';
import { partitionOf } from '#shared/core/resource-ids.js';
import { type CloudTrailDetail, stringAt } from '../define-rule.js';
import { type Statement, statementsOf } from './policy.js';

export interface LoadedPolicy {
  /** `policy AdministratorAccess-legacy`, `AWS managed policy AmazonS3FullAccess`, `inline policy s3-access of role app-lambda`. */
  label: string;
  statements: Statement[];
  managed?: ManagedPolicyFacts;
  inline?: { kind: PrincipalKind; entity: string; policy: string };
}

/**
 * A policy by native name: a managed policy's ARN (default version), or `role/<role>/<policy>` (and
 * `user/...`, `group/...`) for an inline one. ResourceNotFoundError once it is gone.
 */
export async function loadPolicy(iam: IamReader, name: string): Promise<LoadedPolicy> {
  const inline = parseInlinePolicyName(name);
  if (inline) {
    const document = await iam.inlinePolicyDocument(inline.kind, inline.entity, inline.policy);
    return { label: `inline policy ${inline.policy} of ${inline.kind} ${inline.entity}`, statements: statementsOf(document, name), inline };
  }
  if (!name.startsWith('arn:')) throw new ResourceNotFoundError(name, { reason: `${name} names no IAM policy` });
  const managed = await iam.policy(name);
  const document = await iam.policyDocument(name);
  const label = `${managed.awsManaged ? 'AWS managed policy' : 'policy'} ${managed.name}`;
  return { label, statements: statementsOf(document, managed.name), managed };
}

/** "role app-lambda", "3 roles (a, b, c)". */
export function rolesPhrase(roles: readonly string[]): string {
  return roles.length === 1 ? `role ${roles[0]}` : `${roles.length} roles (${roles.join(', ')})`;
}

/**
 * The managed policy a CloudTrail record names: `policyArn` for every call on an existing policy;
 * CreatePolicy answers with `policy.arn` (else the ARN is rebuilt from path and name).
 */
export function policyArnsFromEvent(detail: CloudTrailDetail): string[] {
  const arn = stringAt(detail.requestParameters, 'policyArn') ?? stringAt(detail.responseElements, 'policy.arn');
  if (arn) return [arn];
  const name = stringAt(detail.requestParameters, 'policyName');
  const account = detail.recipientAccountId;
  if (detail.eventName !== 'CreatePolicy' || !name || !account) return [];
  const path = stringAt(detail.requestParameters, 'path') ?? '/';
  return [`arn:${partitionOf(detail.awsRegion ?? 'us-east-1')}:iam::${account}:policy${path}${name}`];
}

/** Customer-managed only: AWS managed policies are out of scope where only customer policies are checked. */
export function customerPolicyArnsFromEvent(detail: CloudTrailDetail): string[] {
  return policyArnsFromEvent(detail).filter((arn) => !isAwsManagedPolicyArn(arn));
}

/** PutRolePolicy / DeleteRolePolicy (`roleName`, `policyName`) → `role/<role>/<policy>`; same for users and groups. */
export function inlinePolicyFromEvent(kind: PrincipalKind): (detail: CloudTrailDetail) => string[] {
  return (detail) => {
    const entity = stringAt(detail.requestParameters, `${kind}Name`);
    const policy = stringAt(detail.requestParameters, 'policyName');
    return entity && policy ? [inlinePolicyName(kind, entity, policy)] : [];
  };
}

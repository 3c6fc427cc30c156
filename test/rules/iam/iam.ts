/** Builders for IAM answers, shared by the IAM rule tests: documents are URL-encoded, as IAM returns them. */
import type { Policy } from '@aws-sdk/client-iam';
import { SEED_LEAST_PRIVILEGE_POLICY } from '../../../src/cli/demo/sample/iam.js';
import { ACCOUNT } from '../../helpers/aws.js';

export type Doc = Record<string, unknown>;

export const encoded = (document: Doc): string => encodeURIComponent(JSON.stringify(document));

export const policyArn = (name: string, path = '/') => `arn:aws:iam::${ACCOUNT}:policy${path}${name}`;
export const awsPolicyArn = (name: string) => `arn:aws:iam::aws:policy/${name}`;

export function managedPolicy(name: string, extra: Partial<Policy> = {}): Policy {
  return {
    PolicyName: name,
    PolicyId: `ANPA${name
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, '')
      .slice(0, 10)}`,
    Arn: policyArn(name),
    Path: '/',
    DefaultVersionId: 'v1',
    AttachmentCount: 1,
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    ...extra,
  };
}

export const ADMIN: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
export const S3_ALL: Doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };

/** The seed's "Correct IAM Policy Example" (000 §3), as the demo sample holds it. */
export const LEAST_PRIVILEGE: Doc = SEED_LEAST_PRIVILEGE_POLICY;

export const role = (RoleName: string, Path = '/') => ({
  RoleName,
  Path,
  RoleId: `AROA${RoleName.toUpperCase().slice(0, 10)}`,
  Arn: `arn:aws:iam::${ACCOUNT}:role${Path}${RoleName}`,
  CreateDate: new Date('2025-01-15T10:00:00Z'),
});

/** An SDK v3 IAM NoSuchEntity as the client really throws it: name NoSuchEntityException, Code NoSuchEntity. */
export function noSuchEntity(message = 'The role with name gone cannot be found.'): Error {
  return Object.assign(new Error(message), {
    name: 'NoSuchEntityException',
    Code: 'NoSuchEntity',
    $fault: 'client' as const,
    $metadata: { httpStatusCode: 404 },
  });
}

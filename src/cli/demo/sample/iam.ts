/** The demo's sample account: its IAM resources, compliant and not. Sample data, never a real account. */
import type { MemoryAccount } from '../memory-account/index.js';
import { memoryPolicyArn } from '../memory-account/iam.js';

/** The seed's "Correct IAM Policy Example" (000 §3): named actions on named buckets and queues. */
export const SEED_LEAST_PRIVILEGE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject'],
      Resource: ['arn:aws:s3:::retainwise-predictions/*', 'arn:aws:s3:::retainwise-uploads/*'],
    },
    {
      Effect: 'Allow',
      Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
      Resource: 'arn:aws:sqs:us-east-1:*:retainwise-predictions',
    },
  ],
};

/**
 * `AdministratorAccess-legacy` (Allow * on *, attached to `legacy-deploy`): admin FAIL, and broad S3
 * FAIL. `retainwise-app-least-privilege` (the seed's correct example) on `retainwise-api-task`: PASS.
 * `ecsTaskExecutionRole` keeps the inline `s3-access` with s3:* on * that the seed's audit expects
 * to find: broad S3 FAIL. AWS's AmazonS3ReadOnlyAccess on `analytics-reader`: PASS. Root MFA is on.
 * AWS's AdministratorAccess on the user `ops-admin`, kept from the first days of the account: FAIL
 * (only break-glass roles may hold it).
 */
export function applyIamSample(account: MemoryAccount): void {
  const { iam, accountId } = account;
  const legacy = { name: 'AdministratorAccess-legacy', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } };
  const leastPrivilege = { name: 'retainwise-app-least-privilege', document: SEED_LEAST_PRIVILEGE_POLICY, defaultVersionId: 'v3' };
  const s3ReadOnly = {
    name: 'AmazonS3ReadOnlyAccess',
    awsManaged: true,
    defaultVersionId: 'v3',
    document: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'],
          Resource: '*',
        },
      ],
    },
  };
  const administratorAccess = {
    name: 'AdministratorAccess',
    awsManaged: true,
    document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  };
  iam.policies.push(legacy, leastPrivilege, s3ReadOnly, administratorAccess);
  iam.users.push({ name: 'ops-admin', attachedPolicies: [memoryPolicyArn(administratorAccess, accountId)] });
  iam.roles.push(
    { name: 'legacy-deploy', attachedPolicies: [memoryPolicyArn(legacy, accountId)] },
    { name: 'retainwise-api-task', path: '/service-role/', attachedPolicies: [memoryPolicyArn(leastPrivilege, accountId)] },
    {
      name: 'ecsTaskExecutionRole',
      inlinePolicies: {
        's3-access': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] },
      },
    },
    { name: 'analytics-reader', attachedPolicies: [memoryPolicyArn(s3ReadOnly, accountId)] },
  );
  iam.rootMfaEnabled = true;
}

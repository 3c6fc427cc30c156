/**
 * STS's client and the commands Preflight sends, loaded by `import()` where they are first used (the
 * member role's AssumeRole, GetCallerIdentity): a function that never reads a member account or asks
 * who it is never loads STS's SDK, and the others load it after the cold start.
 */
export { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';

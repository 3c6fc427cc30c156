/**
 * SNS's client and the one command Preflight sends, loaded by `import()` with the first alert to publish:
 * most invocations record findings without a regression, and those never load SNS's SDK.
 */
export { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

/** Loaded by `import()` on first use (runtime.ts); see config-service.ts for why it is a module of its own. */
export { SQSClient } from '@aws-sdk/client-sqs';

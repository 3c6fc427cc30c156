/**
 * SQS's client and the commands Preflight sends, loaded by `import()` where they are first used (the
 * runtime's client, the fan-out's work items, the follow-up messages): a function that never sends a
 * message never loads SQS's SDK, and the others load it after the cold start.
 */
export { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

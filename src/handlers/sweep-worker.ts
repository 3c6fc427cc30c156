/**
 * SQS work items of a multi-account sweep → one (account, region) sweep each, in the member account's
 * read-only role (src/shared/continuous/sweep.ts). Partial batch failures (Powertools batch): a record
 * that failed (AssumeRole denied, throttled beyond retries, the store unreachable) is returned to the
 * queue alone and retried, then lands in the dead-letter queue; the others of the batch are done.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { RULES } from '../rules/index.js';
import { parseWorkItem } from '#shared/continuous/fanout.js';
import { withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { resetMemberAccess } from '#shared/continuous/member-access.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';
import { processSqsRecords } from '#shared/continuous/sqs-batch.js';
import { sweepWorkItem } from '#shared/continuous/sweep.js';

/** For tests: forget cached member credentials and clients. */
export function resetSweepWorker(): void {
  resetMemberAccess();
}

async function sweepWorker(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const ownAccountId = accountIdOf(context.invokedFunctionArn);
  return processSqsRecords(event, context, 'work item failed: SQS retries it, then keeps it in the dead-letter queue', async (record) => {
    const item = parseWorkItem(record.body);
    return sweepWorkItem(await runtimeFor(RULES), item, ownAccountId, record.messageId);
  });
}

export const handler = withHandlerDefaults(sweepWorker);

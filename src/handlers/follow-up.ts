/**
 * SQS follow-up steps (FollowUpQueue) → re-evaluate one rule on one resource whose change AWS applies
 * later, through the same continuous path as an event (src/shared/continuous/follow-up-step.ts).
 * Partial batch failures: a step that failed (store unreachable, alerts unpublished, a malformed
 * message) returns to the queue alone, is retried, then lands in the dead-letter queue. Duplicates and
 * stale steps are dropped.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { RULES } from '../rules/index.js';
import { followUpStep } from '#shared/continuous/follow-up-step.js';
import { withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { resetMemberAccess } from '#shared/continuous/member-access.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';
import { processSqsRecords } from '#shared/continuous/sqs-batch.js';
import { parseFollowUpMessage } from '#shared/follow-ups/messages.js';

/** For tests: forget cached member credentials and clients. */
export function resetFollowUp(): void {
  resetMemberAccess();
}

async function followUp(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const ownAccountId = accountIdOf(context.invokedFunctionArn);
  return processSqsRecords(event, context, 'follow-up step failed: SQS retries it, then keeps it in the dead-letter queue', async (record) => {
    const message = parseFollowUpMessage(record.body);
    return followUpStep(await runtimeFor(RULES), message, ownAccountId, record.messageId);
  });
}

export const handler = withHandlerDefaults(followUp);

/**
 * What the SQS-fed handlers share: partial batch failures (Powertools batch), where a record that
 * failed is logged and returned to the queue alone (retried, then dead-lettered) while the others of
 * the batch are done.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '#shared/core/powertools.js';

const processor = new BatchProcessor(EventType.SQS);

/** Runs `handle` on every record; a throw marks that record failed, logged with `failure` and its body. */
export async function processSqsRecords(
  event: SQSEvent,
  context: Context,
  failure: string,
  handle: (record: SQSRecord) => Promise<unknown>,
): Promise<SQSBatchResponse> {
  const recordHandler = async (record: SQSRecord) => {
    try {
      return await handle(record);
    } catch (error) {
      logger.error(failure, { messageId: record.messageId, body: record.body, error });
      throw error;
    }
  };
  return (await processPartialResponse(event, recordHandler, processor, { context })) as SQSBatchResponse;
}

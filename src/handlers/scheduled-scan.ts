/**
 * EventBridge schedule → a full sweep of the enabled rules over the configured regions, then pending
 * alerts; with member accounts configured, one work item per (account, region) for the sweep workers
 * instead (src/shared/continuous/sweep.ts).
 */
import type { Context } from 'aws-lambda';
import { RULES } from '../rules/index.js';
import { withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { logger } from '#shared/core/powertools.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';
import { scheduledSweep, type SweepSummary, sweepRequestSchema } from '#shared/continuous/sweep.js';

async function scheduledScan(event: unknown, context: Context): Promise<SweepSummary> {
  const request = sweepRequestSchema.safeParse(event ?? {});
  if (!request.success) {
    // A malformed manual invocation: retrying it would not help, so say why and stop.
    const message = request.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    logger.error('rejected sweep request', { message });
    return { status: 'rejected', message };
  }
  const runtime = await runtimeFor(RULES);
  return scheduledSweep(runtime, request.data, { accountId: accountIdOf(context.invokedFunctionArn), requestId: context.awsRequestId });
}

export const handler = withHandlerDefaults(scheduledScan);

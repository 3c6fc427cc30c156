/**
 * EventBridge "AWS API Call via CloudTrail" → re-evaluate just the resources the call touched, in the
 * account and region where the call happened (src/shared/continuous/cloudtrail-event.ts). The event is
 * parsed here, once; a malformed one is skipped (never thrown). Throws when a member role cannot be
 * assumed or alerts could not be published, so Lambda retries (then the failure queue keeps the event).
 */
import type { Context } from 'aws-lambda';
import { RULES } from '../rules/index.js';
import { type EventOutcome, handleCloudTrailEvent, skippedEvent } from '#shared/continuous/cloudtrail-event.js';
import { withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';
import { cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';

export { AlertDeliveryError } from '#shared/alerts/notifier.js';

async function cloudTrailEvent(event: unknown, context: Context): Promise<EventOutcome> {
  const parsed = cloudTrailEventSchema.safeParse(event);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return skippedEvent('malformed', `${issue?.path.join('.') || 'event'}: ${issue?.message ?? 'invalid'}`);
  }
  const ownAccount = accountIdOf(context.invokedFunctionArn);
  return handleCloudTrailEvent(await runtimeFor(RULES), parsed.data, ownAccount);
}

export const handler = withHandlerDefaults(cloudTrailEvent);

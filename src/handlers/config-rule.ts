/**
 * AWS Config custom Lambda rule → evaluate the configuration item's resource with the matching
 * Preflight rules and report back with PutEvaluations (src/shared/continuous/aws-config.ts), through
 * the same continuous path as a CloudTrail event. An invocation that does not parse is rejected
 * (logged, not thrown: Config would retry it with the same bad input).
 */
import type { Context } from 'aws-lambda';
import { RULES } from '../rules/index.js';
import { type ConfigOutcome, parseConfigInvocation, reportConfigItem } from '#shared/continuous/aws-config.js';
import { withHandlerDefaults } from '#shared/continuous/handler-defaults.js';
import { accountIdOf, runtimeFor } from '#shared/continuous/runtime.js';
import { logger } from '#shared/core/powertools.js';

async function configRule(event: unknown, context: Context): Promise<ConfigOutcome> {
  const invocation = parseConfigInvocation(event);
  if (!invocation.ok) {
    logger.error('rejected AWS Config invocation', { message: invocation.message });
    return { status: 'rejected', message: invocation.message };
  }
  const runtime = await runtimeFor(RULES);
  return reportConfigItem(runtime, invocation.value, () => accountIdOf(context.invokedFunctionArn));
}

export const handler = withHandlerDefaults(configRule);

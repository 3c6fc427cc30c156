/** Lambda test helpers: a context, and a runtime environment pointing at dynalite. */
import type { Context } from 'aws-lambda';
import { resetRuntime } from '#shared/continuous/runtime.js';
import type { LocalDynamo } from './dynalite.js';

export const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:preflight-alerts';

export function lambdaContext(functionName = 'preflight-test', account = '123456789012'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:eu-west-1:${account}:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: `req-${Math.random().toString(16).slice(2)}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Points the handlers' runtime at a fresh dynalite table; returns the table name. */
export async function useHandlerEnvironment(dynamo: LocalDynamo, extra: Record<string, string> = {}): Promise<string> {
  const table = await dynamo.createTable();
  Object.assign(process.env, {
    FINDINGS_TABLE: table,
    ALERT_TOPIC_ARN: TOPIC_ARN,
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    SCAN_REGIONS: 'eu-west-1',
    ENABLED_RULES: 's3-bucket-versioning-enabled,s3-bucket-mfa-delete-enabled',
    RULE_PARAMS: '',
    // Unset unless a test names one: a deployment without a configuration parameter.
    PREFLIGHT_CONFIG_PARAMETER: '',
    ...extra,
  });
  resetRuntime();
  return table;
}

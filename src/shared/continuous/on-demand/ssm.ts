/**
 * Loaded by `import()` on the first read of the configuration parameter (runtime.ts): the SSM client
 * stays out of the cold start of a deployment without PREFLIGHT_CONFIG_PARAMETER.
 */
export { SSMClient } from '@aws-sdk/client-ssm';
export { ssmParameterFetcher } from '#shared/config/ssm-parameter.js';

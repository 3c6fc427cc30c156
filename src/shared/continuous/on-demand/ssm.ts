/** Loaded by `import()` on first use (runtime.ts); see config-service.ts for why it is a module of its own. */
export { SSMClient } from '@aws-sdk/client-ssm';

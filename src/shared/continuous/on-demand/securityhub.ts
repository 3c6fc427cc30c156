/** Loaded by `import()` by the first export (runtime.ts); see config-service.ts for why it is a module of its own. */
export { SecurityHubClient } from '@aws-sdk/client-securityhub';
export { securityHubExport } from '#shared/securityhub/index.js';

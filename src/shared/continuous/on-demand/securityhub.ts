/**
 * Loaded by `import()` on the first export (runtime.ts, SECURITY_HUB=true): the Security Hub client and
 * the exporter's writers stay out of the cold start of every function that never exports.
 */
export { SecurityHubClient } from '@aws-sdk/client-securityhub';
export { securityHubExport } from '#shared/securityhub/index.js';

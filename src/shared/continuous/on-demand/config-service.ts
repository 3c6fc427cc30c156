/**
 * Loaded by `import()` on first use (runtime.ts): a module of its own that names only what is used, so
 * the bundler keeps just these of the SDK package (an `import()` of the package itself keeps every command).
 */
export { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';

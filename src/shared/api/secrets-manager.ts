/**
 * Loaded by `import()` only when the cursor key is a secret (runtime.ts): a module of its own that names
 * only the client, so the bundler keeps just it of the SDK package (an `import()` of the package keeps every command).
 */
export { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

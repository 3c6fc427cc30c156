#!/usr/bin/env node
// The `preflight` command: runs the bundle scripts/build-cli.mjs builds (npm ci builds it via `prepare`).

// The SDK's Node-version notice is eight lines on stderr per run; engines already states Node >= 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

let cli;
try {
  cli = await import('../dist/preflight.mjs');
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes('dist/preflight.mjs')) throw error;
  process.stderr.write('preflight: the CLI is not built; run `npm run build:cli` (npm ci does it)\n');
  process.exit(2);
}
process.exitCode = await cli.run(process.argv.slice(2), cli.processIo());

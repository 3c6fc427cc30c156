// Bundles the `preflight` CLI (src/cli/main.ts) into dist/preflight.mjs, which bin/preflight.mjs runs.
// Run by `npm ci` / `npm install` (the `prepare` script), `npm start` and `npm run scan`.
// Dependencies stay external: they are resolved from node_modules at run time.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/preflight.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

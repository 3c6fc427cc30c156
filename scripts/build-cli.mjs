// Bundles the `preflight` CLI (src/cli/main.ts) into dist/preflight.mjs, which bin/preflight.mjs runs.
// Run by `npm ci` / `npm install` (the `prepare` script), `npm start` and `npm run scan`.
// Dependencies stay external: they are resolved from node_modules at run time. Code splitting puts each
// command's code (the engine, the rules, the SDK clients, dynalite for the demo) in chunks under
// dist/chunks/ that main.ts imports only when that command runs, so `--version`, `--help` and `rules`
// start without them. dist/preflight.meta.json (esbuild's metafile) says which sources each chunk holds.
import { rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// Chunk names carry a content hash: remove the previous build's so dist/ holds one consistent set.
await rm(`${root}dist/chunks`, { recursive: true, force: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: { preflight: 'src/cli/main.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
});
await writeFile(`${root}dist/preflight.meta.json`, JSON.stringify(result.metafile));

// Builds the Lambda functions of serverless.yml with esbuild: ESM with code splitting, so that a module
// reached only through `import()` (an SDK client a rule needs) is a chunk loaded on first use, not part of
// every cold start. One zip per function (.esbuild/functions/<name>.zip, serverless.yml package.artifact)
// holds its entry, src/handlers/<file>.mjs (Lambda's nodejs22.x loads .mjs as ESM), and only the chunks
// reachable from it (esbuild's metafile); .esbuild/functions/<name>.meta.json is that metafile.
// Run by osls itself before it packages (deploy/build-functions-plugin.cjs), or `node deploy/build-functions.mjs`.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { build } from 'esbuild';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const OUT_DIR = '.esbuild/functions';

// CommonJS dependencies bundled into ESM still `require()` Node built-ins: give every output a `require`.
const CREATE_REQUIRE = "import { createRequire as __preflightCreateRequire } from 'node:module';\nconst require = __preflightCreateRequire(import.meta.url);";

/** The options every function is built with (bench/bundles.ts probes dependencies with the same). */
export function esbuildOptions() {
  return {
    bundle: true,
    minify: true,
    // Minified but with real function names in stack traces; no source maps (cold start, bundle size).
    keepNames: true,
    sourcemap: false,
    target: 'node22',
    platform: 'node',
    format: 'esm',
    banner: { js: CREATE_REQUIRE },
    mainFields: ['module', 'main'],
    // Lets esbuild drop the unused shapes of each AWS SDK client's model (deploy/esbuild-plugins.cjs).
    plugins: require('./esbuild-plugins.cjs'),
    // AWS SDK v3 is bundled, not taken from the runtime: the runtime's copy lags and is not pinned.
    external: [],
    logLevel: 'warning',
  };
}

/** The functions of serverless.yml: name and handler file (`src/handlers/x.handler` → `src/handlers/x`). */
export async function functionsOf(root = ROOT) {
  // CloudFormation tags (!Ref, !GetAtt) are irrelevant here: parsed as plain values.
  const config = YAML.parse(await readFile(join(root, 'serverless.yml'), 'utf8'), { logLevel: 'silent' });
  return Object.entries(config.functions).map(([name, fn]) => ({ name, module: fn.handler.replace(/\.[^.]+$/, '') }));
}

/** An output file and every chunk it imports, statically or with `import()`, transitively. */
export function reachableOutputs(metafile, entryOutput) {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (!imported.external) visit(imported.path);
  };
  visit(entryOutput);
  return [...seen];
}

const DOS_DATE_1980 = (1 << 5) | 1;

/** The fields a zip's local and central headers share, from `at` (version needed to extract onwards). */
function writeEntryFields(header, at, { crc, compressed, size, nameLength }) {
  header.writeUInt16LE(20, at);
  header.writeUInt16LE(8, at + 4); // deflate
  header.writeUInt16LE(DOS_DATE_1980, at + 8);
  header.writeUInt32LE(crc, at + 10);
  header.writeUInt32LE(compressed, at + 14);
  header.writeUInt32LE(size, at + 18);
  header.writeUInt16LE(nameLength, at + 22);
}

/** A zip (deflate, fixed timestamp: the same build gives the same bytes) of `files`: [{ name, content }]. */
export function zipOf(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, content } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = deflateRawSync(content, { level: 9 });
    const fields = { crc: crc32(content), compressed: data.length, size: content.length, nameLength: nameBytes.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    writeEntryFields(local, 4, fields);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix: the external attributes are a file mode
    writeEntryFields(central, 6, fields);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The metafile with output paths as they are in the zip (`src/handlers/x.mjs`, `chunks/...`). */
function relativeTo(metafile, dir) {
  const strip = (file) => (file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file);
  const outputs = Object.entries(metafile.outputs).map(([file, output]) => [
    strip(file),
    { ...output, imports: output.imports.map((imported) => ({ ...imported, path: strip(imported.path) })) },
  ]);
  return { ...metafile, outputs: Object.fromEntries(outputs) };
}

/** Replaces `path` at once: concurrent builds (parallel `osls package` runs of the tests) never see half a file. */
async function writeAtomically(path, content) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/** Builds one function under `buildDir` and writes `outDir`/<name>.zip: its entry and the chunks it reaches. */
async function buildFunction(fn, root, buildDir, outDir) {
  const dir = `${buildDir}/${fn.name}`;
  const result = await build({
    ...esbuildOptions(),
    absWorkingDir: root,
    entryPoints: { [fn.module]: `${fn.module}.ts` },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    metafile: true,
  });
  const metafile = relativeTo(result.metafile, dir);
  const entry = `${fn.module}.mjs`;
  if (!metafile.outputs[entry]) throw new Error(`esbuild wrote no ${entry} for ${fn.name}`);
  const files = reachableOutputs(metafile, entry);
  const contents = await Promise.all(files.map(async (name) => ({ name, content: await readFile(join(root, dir, name)) })));
  const zip = join(root, outDir, `${fn.name}.zip`);
  await writeAtomically(zip, zipOf(contents));
  await writeAtomically(join(root, outDir, `${fn.name}.meta.json`), JSON.stringify(metafile));
  return { name: fn.name, entry, files, zip, metafile };
}

/**
 * Builds every function: one esbuild run per function, so that each is tree-shaken on its own (one run
 * for all would put what one function uses into chunks another reaches). Writes `outDir`/<name>.zip and
 * `outDir`/<name>.meta.json (paths relative to the zip's root) and returns them with the zip's files.
 */
export async function buildFunctions({ root = ROOT, outDir = OUT_DIR } = {}) {
  const functions = await functionsOf(root);
  // A build directory of this run's own: chunk names carry a content hash, and runs may be concurrent.
  const buildDir = `${outDir}/.build-${process.pid}-${Date.now()}`;
  await mkdir(join(root, buildDir), { recursive: true });
  try {
    return await Promise.all(functions.map((fn) => buildFunction(fn, root, buildDir, outDir)));
  } finally {
    await rm(join(root, buildDir), { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const fn of await buildFunctions()) console.log(`${fn.name}: ${fn.zip} (${fn.files.length} files)`);
}

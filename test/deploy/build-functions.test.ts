/** deploy/build-functions.mjs's own pieces: which chunks go in a function's zip, and the zip it writes. */
import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { reachableOutputs, zipOf } from '../../deploy/build-functions.mjs';
import { readZip } from './package.js';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function output(imports: Array<{ path: string; kind: 'import-statement' | 'dynamic-import'; external?: boolean }>): Metafile['outputs'][string] {
  return { bytes: 1, inputs: {}, imports, exports: [] };
}

describe('reachableOutputs', () => {
  it("follows static and dynamic imports from the entry, not Node built-ins, and leaves out other functions' chunks", () => {
    const metafile: Metafile = {
      inputs: {},
      outputs: {
        'src/handlers/a.mjs': output([
          { path: 'chunks/core.mjs', kind: 'import-statement' },
          { path: 'node:fs', kind: 'import-statement', external: true },
        ]),
        'chunks/core.mjs': output([{ path: 'chunks/s3.mjs', kind: 'dynamic-import' }]),
        'chunks/s3.mjs': output([{ path: 'chunks/core.mjs', kind: 'import-statement' }]),
        'chunks/unreached.mjs': output([]),
      },
    };
    expect(reachableOutputs(metafile, 'src/handlers/a.mjs').sort()).toEqual(['chunks/core.mjs', 'chunks/s3.mjs', 'src/handlers/a.mjs']);
  });
});

describe('zipOf', () => {
  it('writes a zip that reads back to the same files, byte for byte the same for the same input', async () => {
    const files = [
      { name: 'src/handlers/a.mjs', content: Buffer.from('export const handler = async () => "ok";\n'.repeat(50)) },
      { name: 'chunks/empty.mjs', content: Buffer.alloc(0) },
    ];
    const zip = zipOf(files);
    expect(zipOf(files).equals(zip)).toBe(true);
    const path = join(await mkdtemp(join(tmpdir(), 'preflight-zip-')), 'a.zip');
    await writeFile(path, zip);
    const entries = await readZip(path);
    expect(entries.map((e) => [e.name, e.size, e.content().toString()])).toEqual(files.map((f) => [f.name, f.content.length, f.content.toString()]));
  });
});

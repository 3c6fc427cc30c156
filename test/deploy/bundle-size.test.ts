/**
 * Bundle budgets: each function's zip as `osls package` writes it (its ESM entry and the chunks it reaches,
 * unzipped) and what importing its entry loads (the entry and its static chunks: the cold start) stay within
 * their budgets in bench/bundle-budgets.ts. A budget is a ratchet, not a ceiling nobody reaches: it may not
 * sit more than 25% above today's size, so when a bundle shrinks its budget must follow.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Metafile } from 'esbuild';
import { BUDGETS_KB, IMPORT_BUDGETS_KB } from '../../bench/bundle-budgets.js';
import { OUT_DIR, reachableOutputs } from '../../deploy/build-functions.mjs';
import { MAIN_PACKAGE, packagedOnce } from '../helpers/packaged.js';
import { readZip, ROOT, zipsIn } from './package.js';

const KB = 1024;
const RATCHET = 1.25;
const sizes = new Map<string, number>();
const atImport = new Map<string, number>();

/** The bytes of `entry` and of every chunk it imports statically (what `import` loads before any `import()`). */
function staticBytes(metafile: Metafile, entry: string): number {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (!imported.external && imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen].reduce((n, file) => n + (metafile.outputs[file]?.bytes ?? 0), 0);
}

beforeAll(async () => {
  // Shared with the other tests of this run that read the same package (cfn-lint, moto's EventBridge).
  const packaged = await packagedOnce(MAIN_PACKAGE.args, MAIN_PACKAGE.cwd);
  for (const zip of await zipsIn(packaged.dir)) {
    const name = zip.replace(/\.zip$/, '');
    const entries = await readZip(join(packaged.dir, zip));
    sizes.set(
      name,
      entries.reduce((n, e) => n + e.size, 0),
    );
    // The metafile of the build that wrote the zip (deploy/build-functions.mjs), output paths as in the zip.
    const metafile = JSON.parse(await readFile(join(ROOT, OUT_DIR, `${name}.meta.json`), 'utf8')) as Metafile;
    const entry = entries.find((e) => e.name.startsWith('src/handlers/'));
    if (!entry) throw new Error(`${zip} has no src/handlers/ entry`);
    // Exactly the entry and the chunks it reaches: not another function's, none missing.
    expect(entries.map((e) => e.name).sort(), zip).toEqual(reachableOutputs(metafile, entry.name).sort());
    atImport.set(name, staticBytes(metafile, entry.name));
  }
}, 240_000);

describe('bundle sizes (osls package, unzipped: entry + the chunks it reaches)', () => {
  it('has a budget for every packaged function', () => {
    expect(sizes.size).toBeGreaterThan(0);
    expect([...sizes.keys()].filter((name) => BUDGETS_KB[name] === undefined)).toEqual([]);
  });

  it('keeps every bundle within its budget, and every budget close to its bundle', () => {
    const report = [...sizes].map(([name, bytes]) => ({ name, kb: Math.round(bytes / KB), budgetKb: BUDGETS_KB[name] ?? 0 }));
    expect(report.filter((r) => r.kb > r.budgetKb)).toEqual([]);
    expect(report.filter((r) => r.budgetKb > r.kb * RATCHET)).toEqual([]);
  });

  it('keeps what importing each entry loads (the cold start) within its budget, and every budget close to it', () => {
    expect([...atImport.keys()].filter((name) => IMPORT_BUDGETS_KB[name] === undefined)).toEqual([]);
    const report = [...atImport].map(([name, bytes]) => ({ name, kb: Math.round(bytes / KB), budgetKb: IMPORT_BUDGETS_KB[name] ?? 0 }));
    expect(report.filter((r) => r.kb > r.budgetKb)).toEqual([]);
    expect(report.filter((r) => r.budgetKb > r.kb * RATCHET)).toEqual([]);
  });
});

describe('tree-shaking', () => {
  it("imports zod as a namespace everywhere: `import { z } from 'zod'` keeps all of zod and its locales (+356 KB per bundle)", async () => {
    const files = (await readdir(join(ROOT, 'src'), { recursive: true })).filter((f) => f.endsWith('.ts'));
    const offenders = [];
    for (const file of files) {
      if (/import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/.test(await readFile(join(ROOT, 'src', file), 'utf8'))) offenders.push(file);
    }
    expect(files.length).toBeGreaterThan(50);
    expect(offenders, "use `import * as z from 'zod'`").toEqual([]);
  });
});

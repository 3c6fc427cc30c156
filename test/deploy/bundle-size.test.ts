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
/** The packages (node_modules names) bundled into each entry's static import graph. */
const packagesAtImport = new Map<string, Set<string>>();

/**
 * What the cold start of a function never loads (each loads on first use, where at all): the X-Ray SDK and
 * Powertools' Tracer (only with the `tracing` param, on the first invocation), yaml (a YAML configuration
 * parameter), SNS, SQS and STS (alerts, messages, member accounts).
 */
const NEVER_AT_IMPORT = [
  /^@aws-lambda-powertools\/tracer$/,
  /^aws-xray-sdk/,
  /^yaml$/,
  /^@aws-sdk\/client-sns$/,
  /^@aws-sdk\/client-sqs$/,
  /^@aws-sdk\/client-sts$/,
];

/** `entry` and every chunk it imports statically (what `import` loads before any `import()`). */
function staticOutputs(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) if (!imported.external && imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen];
}

/** The package an input of the metafile belongs to (the innermost node_modules), or undefined for our own sources. */
function packageOf(input: string): string | undefined {
  return [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].at(-1)?.[1];
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
    const loaded = staticOutputs(metafile, entry.name);
    atImport.set(
      name,
      loaded.reduce((n, file) => n + (metafile.outputs[file]?.bytes ?? 0), 0),
    );
    packagesAtImport.set(name, new Set(loaded.flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {}).flatMap((input) => packageOf(input) ?? []))));
  }
}, 600_000);

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

describe('the cold start (the static import graph of each entry)', () => {
  it('is read from the metafile: the SDK core and DynamoDB are in it (the check is not blind)', () => {
    expect([...(packagesAtImport.get('cloudtrailEvent') ?? [])]).toEqual(expect.arrayContaining(['@aws-sdk/client-dynamodb', '@smithy/core', 'zod']));
  });

  it.each(['cloudtrailEvent', 'scheduledScan', 'configRule', 'sweepWorker', 'followUp', 'findingsApi'])(
    '%s loads none of the X-Ray SDK, the Tracer, yaml, SQS or STS at import',
    (name) => {
      const packages = [...(packagesAtImport.get(name) ?? [])];
      expect(packages.length, name).toBeGreaterThan(0);
      expect(packages.filter((p) => NEVER_AT_IMPORT.some((never) => never.test(p))).sort()).toEqual([]);
    },
  );
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

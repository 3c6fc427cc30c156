/**
 * Bundle budgets: each function's bundle as `osls package` writes it (unzipped) stays within its budget
 * in bench/bundle-budgets.ts. A budget is a ratchet, not a ceiling nobody reaches: it may not sit more
 * than 25% above today's size, so when a bundle shrinks its budget must follow.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS_KB } from '../../bench/bundle-budgets.js';
import { MAIN_PACKAGE, packagedOnce } from '../helpers/packaged.js';
import { readZip, ROOT, zipsIn } from './package.js';

const KB = 1024;
const RATCHET = 1.25;
const sizes = new Map<string, number>();

beforeAll(async () => {
  // Shared with the other tests of this run that read the same package (cfn-lint, moto's EventBridge).
  const packaged = await packagedOnce(MAIN_PACKAGE.args, MAIN_PACKAGE.cwd);
  for (const zip of await zipsIn(packaged.dir)) {
    const entries = await readZip(join(packaged.dir, zip));
    sizes.set(zip.replace(/\.zip$/, ''), entries.reduce((n, e) => n + e.size, 0));
  }
}, 240_000);

describe('bundle sizes (osls package, unzipped)', () => {
  it('has a budget for every packaged function', () => {
    expect(sizes.size).toBeGreaterThan(0);
    expect([...sizes.keys()].filter((name) => BUDGETS_KB[name] === undefined)).toEqual([]);
  });

  it('keeps every bundle within its budget, and every budget close to its bundle', () => {
    const report = [...sizes].map(([name, bytes]) => ({ name, kb: Math.round(bytes / KB), budgetKb: BUDGETS_KB[name] ?? 0 }));
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

/**
 * The floor plan of src/, as a test: which part may import which. docs/architecture.md ("Source layout")
 * explains the folders; this file is the rule they follow.
 * - src/shared has folders by role and no file at its root. Each folder may import only the folders
 *   listed for it in SHARED_MAY_IMPORT (lower layers), so the layers form no cycle.
 * - src/shared reads the rules only through the rule-definition API (define-rule.ts, rule-info.ts, select-rules.ts):
 *   the registry (src/rules/index.ts) is handed in by the handlers and the CLI, which compose.
 * - src/rules sees src/shared's core, aws and engine only: rules know nothing of stores, alerts or Lambda.
 * - Nothing under src/shared or src/rules imports a handler or the CLI.
 * - No import cycle between files, type-only imports included.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SHARED = 'src/shared/';

/** The folders of src/shared and what each may import (besides itself). */
const SHARED_MAY_IMPORT: Readonly<Record<string, readonly string[]>> = {
  core: [],
  aws: ['core'],
  engine: ['core', 'aws'],
  store: ['core', 'engine'],
  alerts: ['core', 'aws', 'store'],
  securityhub: ['core', 'engine', 'store'],
  config: ['core', 'store'],
  'follow-ups': ['core', 'aws', 'engine', 'store'],
  continuous: ['core', 'aws', 'engine', 'store', 'alerts', 'securityhub', 'config', 'follow-ups'],
  api: ['core', 'aws', 'config', 'store'],
};
/** The rule-definition API: what src/shared may know of src/rules. */
const RULE_DEFINITION_API = ['src/rules/define-rule.ts', 'src/rules/rule-info.ts', 'src/rules/select-rules.ts'];
/** What rules may use of src/shared. */
const RULES_MAY_IMPORT = ['core', 'aws', 'engine'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.m?ts$/.test(entry.name) ? [path] : [];
  });
}

const SPECIFIER = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The repository files a source file imports (packages left out), as repo-relative paths. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(SPECIFIER)) {
    const spec = match[1] ?? match[2] ?? match[3];
    if (!spec) continue;
    let target: string | undefined;
    if (spec.startsWith('#shared/')) target = SHARED + spec.slice('#shared/'.length);
    else if (spec.startsWith('.'))
      target = normalize(join(dirname(file), spec))
        .split('\\')
        .join('/');
    if (target) out.push(target.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'));
  }
  return out;
}

const files = sourceFiles('src');
const graph = new Map(files.map((file) => [file, importsOf(file, readFileSync(join(ROOT, file), 'utf8'))]));
const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => ({ from, to })));
const sharedFolder = (file: string): string | undefined => (file.startsWith(SHARED) ? file.slice(SHARED.length).split('/')[0] : undefined);
const show = ({ from, to }: { from: string; to: string }): string => `${from} -> ${to}`;

/** Strongly connected components of more than one file (Tarjan), or a file importing itself. */
function cycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!g.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (g.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('import directions in src/', () => {
  it('reads every import it judges (the parser is not blind)', () => {
    expect(importsOf('src/rules/s3/x.ts', "import type { A } from '#shared/core/model.js';\nimport { b } from '../define-rule.js';")).toEqual([
      'src/shared/core/model.ts',
      'src/rules/define-rule.ts',
    ]);
    expect(importsOf('src/a.ts', "export { x } from './b.js';\nconst m = await import('./c.js');\nimport './d.js';")).toEqual([
      'src/b.ts',
      'src/c.ts',
      'src/d.ts',
    ]);
    expect(edges.length).toBeGreaterThan(500);
    // Every import resolves to a file that exists: a typo would otherwise hide an edge.
    expect(edges.filter(({ to }) => !graph.has(to) && !to.endsWith('.json')).map(show)).toEqual([]);
  });

  it('keeps no file at the root of src/shared, and every folder in the table', () => {
    expect(files.filter((file) => file.startsWith(SHARED) && !file.slice(SHARED.length).includes('/'))).toEqual([]);
    const folders = new Set(files.map(sharedFolder).filter((f) => f !== undefined));
    expect([...folders].filter((folder) => SHARED_MAY_IMPORT[folder] === undefined)).toEqual([]);
  });

  it('lets each folder of src/shared import only the folders below it', () => {
    const wrong = edges.filter(({ from, to }) => {
      const a = sharedFolder(from);
      const b = sharedFolder(to);
      return a !== undefined && b !== undefined && a !== b && !SHARED_MAY_IMPORT[a]?.includes(b);
    });
    expect(wrong.map(show)).toEqual([]);
  });

  it('keeps the layer table itself free of cycles', () => {
    expect(cycles(new Map(Object.entries(SHARED_MAY_IMPORT)))).toEqual([]);
  });

  it('lets src/shared see only the rule-definition API of src/rules', () => {
    const wrong = edges.filter(({ from, to }) => from.startsWith(SHARED) && to.startsWith('src/rules/') && !RULE_DEFINITION_API.includes(to));
    expect(wrong.map(show)).toEqual([]);
  });

  it("lets rules use src/shared's core, aws and engine only", () => {
    const wrong = edges.filter(({ from, to }) => from.startsWith('src/rules/') && to.startsWith(SHARED) && !RULES_MAY_IMPORT.includes(sharedFolder(to) ?? ''));
    expect(wrong.map(show)).toEqual([]);
  });

  it('never imports a handler or the CLI from src/shared or src/rules', () => {
    const wrong = edges.filter(
      ({ from, to }) => (from.startsWith(SHARED) || from.startsWith('src/rules/')) && (to.startsWith('src/handlers/') || to.startsWith('src/cli/')),
    );
    expect(wrong.map(show)).toEqual([]);
  });

  it('has no import cycle between files, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a planted cycle and a planted upward import (the checks can fail)', () => {
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
          ['d', ['a']],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    const planted = importsOf('src/shared/core/model.ts', "import { x } from '#shared/continuous/runtime.js';");
    expect(planted.filter((to) => !SHARED_MAY_IMPORT.core?.includes(sharedFolder(to) ?? ''))).toEqual(['src/shared/continuous/runtime.ts']);
  });
});

/**
 * The repository explains itself: no comment, doc or test points at a design document that is not in
 * it (the product's design notes live outside the repository; what is true of them is in docs/).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const SCANNED = ['src', 'test', 'bench', 'scripts', 'deploy', 'docs', 'bin', 'README.md', 'serverless.yml', '.ci'];
const SKIPPED_DIRS = new Set(['node_modules', 'fixtures', '.serverless', '.esbuild']);
const TEXT = /\.(ts|mts|cts|js|mjs|cjs|md|yml|yaml|json|sh)$|^run$/;

/** A pointer outside the repository: the design notes by name or section, or the folder beside the clone. */
const OUTSIDE = /\bDESIGN(\.md| §)|\b(RULES|STYLE)\.md\b|\.\.\/shared\/(DESIGN|RULES|STYLE|seeds)/;

function files(path: string): string[] {
  const full = join(root, path);
  if (!statSync(full, { throwIfNoEntry: false })) return [];
  if (statSync(full).isFile()) return TEXT.test(path.split('/').pop() ?? '') ? [path] : [];
  return readdirSync(full)
    .filter((name) => !SKIPPED_DIRS.has(name))
    .flatMap((name) => files(join(path, name)));
}

describe('the repository is self-contained', () => {
  it('never points at a design document outside it', () => {
    const here = relative(root, fileURLToPath(import.meta.url));
    const scanned = SCANNED.flatMap(files).filter((path) => path !== here);
    const pointers = scanned.flatMap((path) =>
      readFileSync(join(root, path), 'utf8')
        .split('\n')
        .flatMap((line, i) => (OUTSIDE.test(line) ? [`${path}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(scanned.length).toBeGreaterThan(200);
    expect(pointers).toEqual([]);
  });

  it('recognises such a pointer (so the check above is not blind)', () => {
    expect(OUTSIDE.test('The contracts are in `../shared/DESIGN.md`')).toBe(true);
    expect(OUTSIDE.test(' * Multi-account fan-out (DESIGN §9): the scheduled handler')).toBe(true);
    expect(OUTSIDE.test("import { clientConfig } from '../shared/aws/clients.js';")).toBe(false);
  });
});

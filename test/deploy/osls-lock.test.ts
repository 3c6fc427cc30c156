/**
 * Packagings of one service directory take turns (test/deploy/package.ts): osls empties and moves
 * `<service>/.serverless`, so two at once broke each other in a full run (ENOENT on
 * serverless-state.json). Packagings of different service directories still run at the same time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aloneInServiceDir } from './package.js';

// Service directories no other test packages (the lock is per directory: ROOT would wait for real packagings).
const scratch = mkdtempSync(join(tmpdir(), 'preflight-osls-lock-'));
const [one, other] = [join(scratch, 'one'), join(scratch, 'other')];

/** Runs a 150 ms task in each directory at once; returns the most tasks that ran together. */
async function mostAtOnce(dirs: readonly string[]): Promise<number> {
  let running = 0;
  let most = 0;
  const task = async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((wake) => setTimeout(wake, 150));
    running -= 1;
  };
  await Promise.all(dirs.map((dir) => aloneInServiceDir(dir, task)));
  return most;
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('osls packagings', () => {
  it('of the same service directory run one at a time', async () => {
    expect(await mostAtOnce([one, one, one])).toBe(1);
  });

  it('of different service directories run at the same time', async () => {
    expect(await mostAtOnce([one, other])).toBe(2);
  });
});

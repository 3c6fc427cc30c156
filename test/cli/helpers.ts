/** Drives the CLI in-process: captured stdout/stderr, a controlled environment. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  cwd: string;
}

export interface CliRunOptions {
  env?: Record<string, string | undefined>;
  tty?: boolean;
  cwd?: string;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'preflight-cli-'));
}

export async function cli(argv: string[], options: CliRunOptions = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const cwd = options.cwd ?? tempDir();
  const io: CliIo = {
    stdout: { write: (s) => void out.push(s), isTTY: false },
    stderr: { write: (s) => void err.push(s), isTTY: options.tty ?? false },
    env: options.env ?? { AWS_REGION: 'eu-west-1' },
    cwd,
    now: () => new Date('2026-11-23T10:00:00.000Z'),
  };
  const code = await run(argv, io);
  return { code, stdout: out.join(''), stderr: err.join(''), cwd };
}

/**
 * `osls package` once per test run and arguments, shared by the test files that read the same packaged
 * template (packaging takes tens of seconds). The first file to ask packages into a directory named
 * after the vitest run (the workers' parent process) and the arguments; the others wait for it. Runs
 * that are over leave their directories behind: the next run removes them.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { osls, type Packaged, ROOT, type Template } from '../deploy/package.js';

export interface PackageRun {
  args: readonly string[];
  cwd: string;
}

/** The main stack, homed in eu-west-1. */
export const MAIN_PACKAGE: PackageRun = { args: ['--stage', 'test', '--region', 'eu-west-1'], cwd: ROOT };

/** The main stack with X-Ray tracing on (`tracing=true`; the default is off). */
export const TRACED_PACKAGE: PackageRun = { args: [...MAIN_PACKAGE.args, '--param', 'tracing=true'], cwd: ROOT };

/** The us-east-1 forwarder of a stack homed in eu-west-1 that does not scan us-east-1: global rules' events only. */
export const FORWARDER_PACKAGE: PackageRun = {
  args: [
    '--config',
    'regional-forwarder.yml',
    '--stage',
    'test',
    '--region',
    'us-east-1',
    '--param',
    'homeRegion=eu-west-1',
    '--param',
    'forwardedRules=global',
  ],
  cwd: join(ROOT, 'deploy'),
};

/** The forwarder of a scanned region (eu-central-1) of a stack homed in eu-west-1: every rule's events. */
export const REGIONAL_FORWARDER_PACKAGE: PackageRun = {
  args: [
    '--config',
    'regional-forwarder.yml',
    '--stage',
    'test',
    '--region',
    'eu-central-1',
    '--param',
    'homeRegion=eu-west-1',
    '--param',
    'forwardedRules=all',
  ],
  cwd: join(ROOT, 'deploy'),
};

const PREFIX = 'preflight-packaged-';
const WAIT_MS = 10 * 60_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the caches of runs whose process is gone. */
async function removeStaleCaches(): Promise<void> {
  for (const name of await readdir(tmpdir())) {
    const pid = Number(name.slice(PREFIX.length));
    if (name.startsWith(PREFIX) && Number.isInteger(pid) && pid !== process.ppid && !alive(pid)) {
      await rm(join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

async function read(dir: string): Promise<Packaged> {
  const template = JSON.parse(await readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { dir, template };
}

/** The output of `osls package <args>` run in `cwd`, packaged at most once per test run. Do not delete `dir`. */
export async function packagedOnce(args: readonly string[], cwd = ROOT): Promise<Packaged> {
  const runDir = join(tmpdir(), `${PREFIX}${process.ppid}`);
  const key = createHash('sha256')
    .update(JSON.stringify([cwd, ...args]))
    .digest('hex')
    .slice(0, 16);
  const dir = join(runDir, key);
  const done = join(dir, '.done');
  const failed = `${dir}.failed`;
  if (existsSync(done)) return read(dir);
  await mkdir(runDir, { recursive: true });
  try {
    // mkdir is atomic: the one that creates the lock packages, the others wait for `.done`.
    await mkdir(`${dir}.lock`);
  } catch {
    const deadline = Date.now() + WAIT_MS;
    while (!existsSync(done)) {
      if (existsSync(failed)) throw new Error(`another test file failed to package ${args.join(' ')}:\n${await readFile(failed, 'utf8')}`);
      if (Date.now() > deadline) throw new Error(`waited ${WAIT_MS} ms for another test file to package ${args.join(' ')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return read(dir);
  }
  await removeStaleCaches();
  const run = await osls(['package', '--package', dir, ...args], cwd);
  if (run.code !== 0) {
    const message = `osls package failed (${run.code}):\n${run.stdout}\n${run.stderr}`;
    await writeFile(failed, message);
    throw new Error(message);
  }
  await writeFile(done, new Date().toISOString());
  return read(dir);
}

/**
 * Runs `osls package` the way CI does (no AWS credentials, no network needed) and reads what it wrote:
 * the CloudFormation template and the function zips. Small typed accessors keep the tests free of `any`.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OSLS = join(ROOT, 'node_modules/osls/bin/serverless.js');

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface Resource {
  Type: string;
  Properties: JsonObject;
  Condition?: string;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}

export interface Template {
  Resources: Record<string, Resource>;
  Conditions?: JsonObject;
  Outputs?: JsonObject;
}

export interface Packaged {
  dir: string;
  template: Template;
}

/** Credentials osls may look for; nothing is sent anywhere (`package` makes no AWS call). */
const OFFLINE_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'not-a-secret',
  AWS_SESSION_TOKEN: '',
  AWS_PROFILE: '',
  SLS_TELEMETRY_DISABLED: '1',
  SLS_NOTIFICATIONS_MODE: 'off',
};

const LOCK_WAIT_MS = 15 * 60_000;

/**
 * Runs `run` alone among the packagings of the service directory `cwd` in this test run. osls packages
 * through `<cwd>/.serverless` (emptied when a packaging starts, moved to `--package` when it ends), so two
 * packagings of one service at once, in parallel test files, break each other (ENOENT on
 * serverless-state.json). The lock is a directory (mkdir is atomic) in the run's own directory, which
 * test/helpers/packaged.ts removes once the run is over.
 */
export async function aloneInServiceDir<T>(cwd: string, run: () => Promise<T>): Promise<T> {
  const runDir = join(tmpdir(), `preflight-packaged-${process.ppid}`);
  const lock = join(runDir, `osls-${createHash('sha256').update(resolve(cwd)).digest('hex').slice(0, 16)}.lock`);
  await mkdir(runDir, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`waited ${LOCK_WAIT_MS} ms for another osls package in ${cwd}`);
      await new Promise((wake) => setTimeout(wake, 250));
    }
  }
  try {
    return await run();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** Runs osls in `cwd`; a `package` waits for any other packaging of the same service directory (above). */
export function osls(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = () =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile(process.execPath, [OSLS, ...args], { cwd, env: { ...process.env, ...OFFLINE_ENV }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      });
    });
  return args[0] === 'package' ? aloneInServiceDir(cwd, run) : run();
}

/** `osls package --package <tmp>` for the service at cwd (+ extra args); throws with osls's output on failure. */
export async function packageService(args: string[] = [], cwd = ROOT): Promise<Packaged> {
  const dir = await mkdtemp(join(tmpdir(), 'preflight-package-'));
  const run = await osls(['package', '--package', dir, ...args], cwd);
  if (run.code !== 0) throw new Error(`osls package failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
  const template = JSON.parse(await readFile(join(dir, 'cloudformation-template-update-stack.json'), 'utf8')) as Template;
  return { dir, template };
}

export function resourcesOfType(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

export function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function asStrings(value: Json | undefined): string[] {
  return asArray(value).map((item) => {
    if (typeof item !== 'string') throw new Error(`expected a string, got ${JSON.stringify(item)}`);
    return item;
  });
}

/** Event names by event source of a template's EventBridge rules; throws unless one rule per source, one source per rule. */
export function eventNamesOfRules(template: Template): Record<string, string[]> {
  const names: Record<string, string[]> = {};
  for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
    const pattern = rule.Properties.EventPattern;
    const detail = isObject(pattern) && isObject(pattern.detail) ? pattern.detail : {};
    const [source, ...more] = asStrings(detail.eventSource);
    if (!source || more.length > 0) throw new Error(`${id} matches ${more.length + (source ? 1 : 0)} event sources, not one`);
    if (names[source]) throw new Error(`two rules match ${source}`);
    names[source] = [...asStrings(detail.eventName)].sort();
  }
  return names;
}

/** The logical id a `Ref` or `Fn::GetAtt` points at, if the value is one. */
export function refersTo(value: Json | undefined): string | undefined {
  if (!isObject(value)) return undefined;
  const ref = value.Ref;
  if (typeof ref === 'string') return ref;
  const getAtt = value['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

export interface Statement {
  Effect: string;
  actions: string[];
  resources: Json[];
  /** The statement's Condition, when it has one. */
  condition?: JsonObject;
}

/** Every statement of every inline policy of an IAM role. */
export function roleStatements(role: Resource): Statement[] {
  return asArray(role.Properties.Policies).flatMap((policy) => {
    if (!isObject(policy) || !isObject(policy.PolicyDocument)) return [];
    return asArray(policy.PolicyDocument.Statement)
      .filter(isObject)
      .map((s) => ({
        Effect: String(s.Effect),
        actions: asStrings(s.Action),
        resources: asArray(s.Resource),
        ...(isObject(s.Condition) ? { condition: s.Condition } : {}),
      }));
  });
}

export interface ZipEntry {
  name: string;
  size: number;
  content(): Buffer;
}

/** Reads a zip's central directory (osls writes plain deflate/stored entries, no zip64). */
export async function readZip(path: string): Promise<ZipEntry[]> {
  const zip = await readFile(path);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${path}: no zip end-of-central-directory record`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      size,
      content() {
        const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
        const data = zip.subarray(dataStart, dataStart + compressed);
        return method === 0 ? data : inflateRawSync(data);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export async function zipsIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((name) => name.endsWith('.zip')).sort();
}

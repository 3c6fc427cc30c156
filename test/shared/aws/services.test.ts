/**
 * The service registry against what depends on it: every rule's IAM actions and CloudTrail triggers
 * name a declared service; every service folder is listed; and the SDK clients of the readers are
 * imported (in the facts layer, the engine and the rules) only by their service's sdk.ts, so a process loads a client only when a reader calls it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { RULES } from '../../../src/rules/index.js';
import { SERVICE_IDS } from '#shared/aws/readers.js';
import { SERVICES } from '#shared/aws/services/index.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SERVICES_DIR = 'src/shared/aws/services';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Value imports (not `import type`) of an SDK client package, by file. */
function sdkClientValueImports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/^import (?!type\b)[^;]*?from '(@aws-sdk\/client-[a-z0-9-]+)'/gms)].map((m) => m[1] ?? '');
}

describe('the service registry', () => {
  it('declares each service once: unique ids, IAM prefixes and event sources', () => {
    const unique = (values: readonly string[]) => new Set(values).size === values.length;
    expect(unique(SERVICES.map((s) => s.id))).toBe(true);
    expect(unique(SERVICES.map((s) => s.iamPrefix))).toBe(true);
    expect(unique(SERVICES.map((s) => s.eventSource))).toBe(true);
    for (const service of SERVICES) expect(service.eventSource).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
  });

  it('lists every service folder, and only those', () => {
    const folders = readdirSync(join(ROOT, SERVICES_DIR), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort();
    expect([...SERVICE_IDS].sort()).toEqual(folders);
  });

  it('every IAM action a rule declares belongs to a declared service', () => {
    const prefixes = new Set(SERVICES.map((s) => s.iamPrefix));
    const strays = RULES.flatMap((rule) => rule.iamActions.filter((action) => !prefixes.has(action.split(':')[0] ?? '')).map((a) => `${rule.id}: ${a}`));
    expect(strays).toEqual([]);
  });

  it('every CloudTrail trigger of a rule is the event source of a declared service', () => {
    const sources = new Set(SERVICES.map((s) => s.eventSource));
    const strays = RULES.flatMap((rule) => rule.triggers.filter((t) => !sources.has(t.eventSource)).map((t) => `${rule.id}: ${t.eventSource}`));
    expect(strays).toEqual([]);
  });

  it('imports each reader client only in its service sdk.ts (loaded on first use)', () => {
    const bindings = new Map(SERVICE_IDS.map((id) => [id, sdkClientValueImports(`${SERVICES_DIR}/${id}/sdk.ts`)]));
    for (const [id, packages] of bindings) expect(packages, id).toHaveLength(1);
    const readerPackages = new Set([...bindings.values()].flat());
    // The facts layer, the engine and the rules; the store, alerts and API load their own clients for Preflight's own resources.
    const elsewhere = [...sourceFiles('src/shared/aws'), ...sourceFiles('src/shared/engine'), ...sourceFiles('src/rules')]
      .filter((file) => !/^src\/shared\/aws\/services\/[a-z0-9]+\/sdk\.ts$/.test(file))
      .flatMap((file) =>
        sdkClientValueImports(file)
          .filter((pkg) => readerPackages.has(pkg))
          .map((pkg) => `${file}: ${pkg}`),
      );
    expect(elsewhere).toEqual([]);
  });

  it('the sdk.ts of a service is reached only through a dynamic import (its API type through `import type`)', () => {
    const sdkImport = /^(?:import|export)\s+(type\s+)?[^;]*?from\s+'(?:\.\/|[^']*services\/[a-z0-9]+\/)sdk\.js'/gm;
    const staticImporters = sourceFiles('src').filter((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(sdkImport)].some((match) => match[1] === undefined),
    );
    expect(staticImporters).toEqual([]);
    // The check itself: a value import is caught, a type-only import is not.
    expect([..."import { sdkApi } from './sdk.js';".matchAll(sdkImport)].map((m) => m[1])).toEqual([undefined]);
    expect([..."import type { S3Api } from '#shared/aws/services/s3/sdk.js';".matchAll(sdkImport)].map((m) => m[1])).toEqual(['type ']);
  });
});

describe('lazy SDK clients', () => {
  it('creating readers loads no client; reading S3 loads the S3 binding alone, once per region', async () => {
    const { awsApiProvider } = await import('#shared/aws/clients.js');
    const { createReaders } = await import('#shared/aws/readers.js');
    const { ScanSession } = await import('#shared/aws/scan-session.js');
    const spies = SERVICES.map((service) => [service.id, vi.spyOn(service, 'loadApi')] as const);
    try {
      const apis = awsApiProvider({ credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'test' }, maxAttempts: 1 });
      createReaders({ apis, session: new ScanSession(), region: 'eu-west-1', accountId: '123456789012' });
      expect(spies.filter(([, spy]) => spy.mock.calls.length > 0)).toEqual([]);
      const first = await apis('eu-west-1').s3();
      expect(await apis('eu-west-1').s3()).toBe(first);
      await apis('us-east-1').s3();
      const loaded = spies.filter(([, spy]) => spy.mock.calls.length > 0).map(([id, spy]) => [id, spy.mock.calls.length]);
      expect(loaded).toEqual([['s3', 2]]);
    } finally {
      for (const [, spy] of spies) spy.mockRestore();
    }
  });
});

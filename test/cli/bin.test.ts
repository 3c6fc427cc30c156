/** The built command as users run it: bin/preflight.mjs over the esbuild bundle, in a real process. */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { tempDir } from './helpers.js';
import { tracedNode } from './module-trace.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The parent's environment without any AWS_* variable (vitest sets fake credentials). */
function envWithoutAws(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('AWS_')));
  return { ...env, ...extra };
}

function preflight(args: string[], env: NodeJS.ProcessEnv, command = process.execPath, prefix = ['bin/preflight.mjs']): Promise<Exit> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(command, [...prefix, ...args], { cwd: root, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('bin/preflight.mjs', () => {
  beforeAll(() => {
    // The bundle may be older than the sources under test.
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  });

  it('prints its version', async () => {
    const { code, stdout } = await preflight(['--version'], process.env);
    expect(code).toBe(0);
    expect(stdout).toBe(`${pkg.version}\n`);
  });

  it('exits 2 with one line when no AWS credentials are found', async () => {
    const home = tempDir();
    const env = envWithoutAws({
      HOME: home,
      AWS_CONFIG_FILE: `${home}/config`,
      AWS_SHARED_CREDENTIALS_FILE: `${home}/credentials`,
      // No instance metadata service to wait for on a developer machine or CI runner.
      AWS_EC2_METADATA_DISABLED: 'true',
    });

    const { code, stdout, stderr } = await preflight(['scan', '--region', 'eu-west-1'], env);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('preflight: no AWS credentials found (set AWS_PROFILE or run aws configure)\n');
  });

  it('exits non-zero with a clear line, not a hang, when the AWS endpoint is a closed port', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const env = envWithoutAws({
      HOME: tempDir(),
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'test-secret',
      AWS_ENDPOINT_URL: endpoint,
    });

    const { code, stderr, ms } = await preflight(['scan', '--region', 'eu-west-1'], env);

    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(stderr).toBe(`preflight: cannot reach AWS STS at ${endpoint} (ECONNREFUSED); check the network, proxy or AWS_ENDPOINT_URL\n`);
    expect(ms).toBeLessThan(20_000);
  });

  it('is what `npx preflight` runs from the repository root', async () => {
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const { code, stdout } = await preflight(['preflight', '--version'], process.env, npx, []);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toBe(pkg.version);
  }, 60_000);
});

describe('what each command loads (bin/preflight.mjs in a real process)', () => {
  /** Sources that only a scan or the demo needs: the engine, the rule registry and its readers, the SDK clients. */
  const HEAVY_SOURCES = ['src/shared/engine/engine.ts', 'src/rules/index.ts', 'src/shared/aws/clients.ts', 'src/cli/demo/run-demo.ts'];
  const HEAVY_PACKAGES = /\/node_modules\/(@aws-sdk|@smithy|dynalite|@aws-lambda-powertools)\//;

  beforeAll(() => {
    execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: root });
  });

  /** The sources bundled into the dist/ files the process loaded (from esbuild's metafile). */
  function sourcesLoaded(modules: readonly string[]): string[] {
    const meta = JSON.parse(readFileSync(`${root}dist/preflight.meta.json`, 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    return modules
      .filter((url) => url.startsWith(`file://${root}dist/`))
      .flatMap((url) => Object.keys(meta.outputs[url.slice(`file://${root}`.length)]?.inputs ?? {}));
  }

  it.each([[['--version']], [['--help']], [['rules']], [['rules', '--format', 'json']], [['scan', '--help']]])(
    '%j loads neither the engine, the rules, the SDK nor dynalite',
    async (argv) => {
      const { code, stdout, modules } = await tracedNode(['bin/preflight.mjs', ...argv], { cwd: root });

      expect(code).toBe(0);
      expect(stdout.length).toBeGreaterThan(0);
      expect(modules.filter((url) => HEAVY_PACKAGES.test(url))).toEqual([]);
      const sources = sourcesLoaded(modules);
      expect(sources).toContain('src/cli/main.ts');
      expect(sources.filter((source) => HEAVY_SOURCES.includes(source))).toEqual([]);
    },
    60_000,
  );

  it('does see them when a scan loads them (the trace is not blind)', async () => {
    const home = tempDir();
    const env = envWithoutAws({
      HOME: home,
      AWS_CONFIG_FILE: `${home}/config`,
      AWS_SHARED_CREDENTIALS_FILE: `${home}/credentials`,
      AWS_EC2_METADATA_DISABLED: 'true',
    });

    const { code, modules } = await tracedNode(['bin/preflight.mjs', 'scan', '--region', 'eu-west-1'], { cwd: root, env });

    expect(code).toBe(2);
    expect(modules.some((url) => url.includes('/node_modules/@aws-sdk/client-sts/'))).toBe(true);
    expect(sourcesLoaded(modules)).toEqual(expect.arrayContaining(['src/shared/engine/engine.ts', 'src/rules/index.ts']));
  }, 60_000);
});

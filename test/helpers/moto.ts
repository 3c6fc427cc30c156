/**
 * moto over the wire for integration tests: one `moto_server` per test file on a port it picks itself,
 * waited for until it answers, stopped (its whole process group) after. The SDK reaches it through
 * `endpoint` (in-process clients built by the test) or AWS_ENDPOINT_URL (Preflight's own clients and
 * child processes): Preflight's code knows nothing of moto.
 *
 * Where moto is not installed the suites declared with `describeWithMoto` are skipped (the global setup,
 * test/helpers/external-tools.ts, says so once per run, and fails the run under CI=true).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describe, inject } from 'vitest';

export const MOTO_ACCOUNT = '123456789012';

/** Credentials moto maps to its default account (any key id is accepted; this one reads as a test key). */
export const MOTO_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'moto-test-secret' };

export interface MotoServer {
  endpoint: string;
  /** The SDK config of a client the test builds itself (Preflight's clients take AWS_ENDPOINT_URL). */
  clientConfig(
    region: string,
    credentials?: AwsCredentialIdentity,
  ): {
    endpoint: string;
    region: string;
    credentials: AwsCredentialIdentity;
    forcePathStyle: true;
    maxAttempts: number;
  };
  /** The server's last output (its tracebacks explain an HTML 500). */
  output(): string;
  /** Forgets every resource of every account (POST /moto-api/reset). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartMotoOptions {
  /** Extra environment for the server, e.g. MOTO_IAM_LOAD_MANAGED_POLICIES=true. */
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/** Whether this run found `moto_server` (decided once by the global setup). */
export function motoInstalled(): boolean {
  return inject('externalTools').motoServer !== undefined;
}

/** A describe block that runs only where moto is installed; its tests get a minute (every call is an HTTP round trip to Python). */
export function describeWithMoto(name: string, body: () => void): void {
  describe.skipIf(!motoInstalled())(name, { timeout: 60_000 }, body);
}

export async function startMoto(options: StartMotoOptions = {}): Promise<MotoServer> {
  const command = inject('externalTools').motoServer;
  if (!command) throw new Error("moto_server is not installed: pip install 'moto[server]'");
  // Port 0: the server binds a free port itself and prints it, so two test files never race for one.
  const child = spawn(command, ['-H', '127.0.0.1', '-p', '0'], {
    detached: true, // its own process group: stop() ends the shim and the Python server alike
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  };
  // A worker that dies without running afterAll must not leave a server behind.
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  // The last 20 KB the server printed, for error messages.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let endpoint: string;
  try {
    endpoint = await announcedEndpoint(child, options.startTimeoutMs ?? 60_000);
    await waitUntilAnswering(endpoint, 30_000);
  } catch (error) {
    killGroup('SIGKILL');
    process.removeListener('exit', onExit);
    throw error;
  }

  return {
    endpoint,
    output: () => output,
    clientConfig: (region, credentials = MOTO_CREDENTIALS) => ({ endpoint, region, credentials, forcePathStyle: true, maxAttempts: 2 }),
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
    async stop() {
      process.removeListener('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      killGroup('SIGTERM');
      const timer = setTimeout(() => killGroup('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Reads the server's output until it names its address (`Running on http://127.0.0.1:PORT`). */
function announcedEndpoint(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`moto_server did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) done(match[1]);
    };
    const onExit = (code: number | null) => fail(new Error(`moto_server exited (${code}) before answering:\n${output}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    const done = (endpoint: string) => {
      cleanup();
      resolve(endpoint);
    };
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', fail);
  });
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
      last = new Error(`answered ${response.status}`);
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto at ${endpoint} did not answer within ${timeoutMs} ms: ${String(last)}`);
}

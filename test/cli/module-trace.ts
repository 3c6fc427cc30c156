/**
 * Which modules a `node` process loads: a module-loader hook (node:module register) appends the URL of
 * every module it loads to a file. Lets a test say "--version does not load the AWS SDK" by what the
 * process did, not by how long it took.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, nextLoad) {
  appendFileSync(process.env.PREFLIGHT_MODULE_TRACE, url + '\\n');
  return nextLoad(url, context);
}
`;

export interface TracedRun {
  code: number | null;
  stdout: string;
  /** URLs of the modules loaded through import (a CommonJS package's own require() calls are not listed). */
  modules: string[];
}

export function tracedNode(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<TracedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-trace-'));
  const hooks = join(dir, 'hooks.mjs');
  const register = join(dir, 'register.mjs');
  const trace = join(dir, 'modules.txt');
  writeFileSync(hooks, HOOKS);
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(trace, '');
  const env = { ...(options.env ?? process.env), PREFLIGHT_MODULE_TRACE: trace };
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', pathToFileURL(register).href, ...args], { cwd: options.cwd, env, timeout: 60_000 }, (error, stdout) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, modules: readFileSync(trace, 'utf8').split('\n').filter(Boolean) });
    });
  });
}

/**
 * CLI start-up: what `preflight --version`, `--help` and `rules` cost over an empty `node -e ""`, each run
 * in a fresh process from bin/preflight.mjs (the built bundle). Timing is paired: an empty run and a CLI
 * run one after the other (which goes first alternates), the overhead being the median of the pairs'
 * differences, so the load of a shared machine drifts into both sides alike. Peak RSS comes from separate
 * runs that print `process.resourceUsage().maxRSS` at exit (a hook loaded with --import), median of 5.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, round } from './support.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export const CLI_COMMANDS: ReadonlyArray<readonly string[]> = [['--version'], ['--help'], ['rules'], ['rules', '--format', 'json']];

const RSS_MARK = 'preflight-bench-maxrss=';

function run(args: readonly string[], cwd: string, extra: readonly string[] = []): { ms: number; stderr: string } {
  const started = performance.now();
  // NODE_OPTIONS cleared: `npm run bench` runs under tsx, whose loader must not reach the measured process.
  const result = spawnSync(process.execPath, [...extra, ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, stderr: result.stderr };
}

function peakRssKb(args: readonly string[], cwd: string, hook: string, runs: number): number {
  const values = Array.from({ length: runs }, () => {
    const line = run(args, cwd, ['--import', hook])
      .stderr.split('\n')
      .find((l) => l.startsWith(RSS_MARK));
    return Number(line?.slice(RSS_MARK.length));
  });
  return median(values);
}

export interface CliStartupRow {
  command: string;
  medianMs: number;
  overheadMs: number;
  peakRssMiB: number;
}

/** `root`: a checkout whose CLI is built (scripts/build-cli.mjs); this repository by default. */
export function measureCliStartup(options: { pairs: number; rssRuns?: number; root?: string }) {
  const root = options.root ?? ROOT;
  const dir = mkdtempSync(join(tmpdir(), 'preflight-cli-bench-'));
  const hookFile = join(dir, 'maxrss.mjs');
  writeFileSync(hookFile, `process.on('exit', () => process.stderr.write('\\n${RSS_MARK}' + process.resourceUsage().maxRSS + '\\n'));\n`);
  const hook = pathToFileURL(hookFile).href;
  const rssRuns = options.rssRuns ?? 5;
  const empty = ['-e', ''];
  const emptyRuns: number[] = [];
  const rows: CliStartupRow[] = CLI_COMMANDS.map((command) => {
    const cli = ['bin/preflight.mjs', ...command];
    const loaded: number[] = [];
    const differences: number[] = [];
    for (let i = 0; i < options.pairs; i += 1) {
      const [first, second] = i % 2 === 0 ? [empty, cli] : [cli, empty];
      const a = run(first, root).ms;
      const b = run(second, root).ms;
      const [e, l] = i % 2 === 0 ? [a, b] : [b, a];
      emptyRuns.push(e);
      loaded.push(l);
      differences.push(l - e);
    }
    return {
      command: `preflight ${command.join(' ')}`,
      medianMs: round(median(loaded), 1),
      overheadMs: round(median(differences), 1),
      peakRssMiB: round(peakRssKb(cli, root, hook, rssRuns) / 1024, 1),
    };
  });
  return {
    method: `${options.pairs} pairs per command (node -e "" and the command, alternating which runs first), median of the differences; peak RSS: median of ${rssRuns} runs`,
    emptyNodeMedianMs: round(median(emptyRuns), 1),
    emptyNodePeakRssMiB: round(peakRssKb(empty, root, hook, rssRuns) / 1024, 1),
    commands: rows,
  };
}

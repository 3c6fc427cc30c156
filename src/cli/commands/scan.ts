/**
 * `preflight scan`: one sweep of a real account through the standard AWS credential chain, the same
 * engine and rules as the Lambda, reported as a checklist table, JSON, CSV, OCSF, HTML or JUnit XML.
 * A `preflight.config.json|yaml` (or `--config FILE`) supplies regions, rules, params and suppressions;
 * suppressed findings show as SUPPRESSED and do not fail `--fail-on`. Exit 0 when nothing fails at or
 * above `--fail-on`, 1 when something does, 2 when the scan could not run.
 */
import type { Stats } from 'node:fs';
import { access, constants, stat, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import * as z from 'zod';
import { RULES, selectRules } from '../../rules/index.js';
import { awsApiProvider } from '#shared/aws/clients.js';
import { callerIdentity } from '#shared/aws/identity.js';
import { evaluate } from '#shared/engine/engine.js';
import { ConfigError, errorMessage } from '#shared/core/errors.js';
import type { Finding, Severity, Suppression } from '#shared/core/model.js';
import {
  configuredRuleIds,
  expiredSuppressions,
  findDefaultConfigFile,
  loadPreflightConfigFile,
  mergeParams,
  type PreflightConfig,
  readCappedFile,
  refuseReservedKeys,
} from '#shared/config/preflight-config.js';
import { readiness } from '#shared/core/readiness.js';
import { suppressionMatcher } from '#shared/store/suppressions.js';
import { type CliIo, ExitCode } from '../io.js';
import { progressLine } from '../progress.js';
import { blockingFindings } from '../report/checklist.js';
import { renderReport, verdictLine } from '../report/formats.js';
import type { ReportFinding, ReportFormat, ScanReport } from '../report/model.js';
import { VERSION } from '../version.js';
import { REGION_PATTERN } from '#shared/core/resource-ids.js';

/** What commander hands the action (flags not given are undefined). */
export interface ScanFlags {
  region?: string[];
  rules?: string;
  format: ReportFormat;
  output?: string;
  failOn: Severity;
  params?: string;
  /** A configuration file; `false` (--no-config) ignores ./preflight.config.*. */
  config?: string | false;
  /** `--spreadsheet` / `--no-spreadsheet` (csv only); undefined when neither is given. */
  spreadsheet?: boolean;
}

export type { ReportFinding, ScanReport } from '../report/model.js';

const paramsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

export async function runScan(flags: ScanFlags, io: CliIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  // Everything that can be refused is refused here, before any AWS call.
  const config = await scanConfig(flags.config, io.cwd);
  const regions = scanRegions(flags.region, io.env, config?.regions);
  const ruleIds = scanRuleIds(flags.rules, config);
  const flagParams = flags.params ? await parseParams(flags.params, io.cwd) : undefined;
  const params = mergeParams(config?.params, flagParams);
  const bound = selectRules({ ruleIds, params });
  const rules = bound.map((b) => b.rule);
  const csv = csvOptions(flags);
  if (flags.output) await checkWritable(io.cwd, flags.output);
  for (const s of config ? expiredSuppressions(config, now()) : []) {
    io.stderr.write(`preflight: warning: the suppression of ${s.ruleId} on ${s.resourcePattern} expired at ${s.expiresAt}; it no longer applies\n`);
  }

  const identity = await callerIdentity(regions[0] ?? 'us-east-1');
  const startedAt = now();
  const progress = progressLine(io.stderr);
  const result = await evaluate({
    accountId: identity.accountId,
    regions,
    rules: bound,
    apis: awsApiProvider(),
    now,
    onProgress: (p) => progress.update(p),
  });
  progress.finish();
  const finishedAt = now();

  const findings = applySuppressions(result.findings, config?.suppressions ?? [], finishedAt);
  const report: ScanReport = {
    version: VERSION,
    accountId: identity.accountId,
    regions,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    failOn: flags.failOn,
    ...(config ? { config: relative(io.cwd, config.source) || config.source } : {}),
    readiness: readiness(findings, rules),
    findings,
  };
  const blocking = blockingFindings(report.findings, flags.failOn);
  const exitCode = blocking.length > 0 ? ExitCode.FAILURES : ExitCode.OK;
  const rendered = renderReport(flags.format, report, RULES, { csv });

  if (flags.output) {
    await writeOutput(resolve(io.cwd, flags.output), flags.output, rendered);
    const score = report.readiness.score === null ? 'n/a' : `${report.readiness.score}/100`;
    io.stdout.write(`Report written to ${flags.output} (readiness ${score}). ${verdictLine(report)}\n`);
  } else {
    io.stdout.write(rendered);
  }
  return exitCode;
}

/**
 * The rule ids to run: `--rules`, else the configuration's selection, else every rule (undefined).
 * A selection of none is an error: a gate that checks nothing must not pass.
 */
export function scanRuleIds(flag: string | undefined, config: PreflightConfig | undefined): string[] | undefined {
  if (flag !== undefined) {
    const ids = splitList(flag);
    if (ids.length === 0) throw new ConfigError('--rules names no rule: a scan that checks nothing cannot pass (see preflight rules)');
    return ids;
  }
  if (!config) return undefined;
  const ids = configuredRuleIds(config, RULES);
  if (ids.length === 0) {
    throw new ConfigError(`${config.source}: enabledRules and disabledRules leave no rule to run: a scan that checks nothing cannot pass`);
  }
  return ids;
}

/**
 * CSV for a spreadsheet (BOM, ids as text) when it goes to a file someone will open, plain on stdout
 * where a tool reads it; `--spreadsheet` / `--no-spreadsheet` decide otherwise, for csv only.
 */
export function csvOptions(flags: Pick<ScanFlags, 'format' | 'output' | 'spreadsheet'>): { spreadsheet: boolean } {
  if (flags.spreadsheet !== undefined && flags.format !== 'csv') {
    throw new ConfigError(`${flags.spreadsheet ? '--spreadsheet' : '--no-spreadsheet'} applies to --format csv only`);
  }
  return { spreadsheet: flags.spreadsheet ?? flags.output !== undefined };
}

/** `--config FILE`, else ./preflight.config.json|yaml|yml when present, else none. */
export async function scanConfig(flag: string | false | undefined, cwd: string): Promise<PreflightConfig | undefined> {
  if (flag === false) return undefined;
  const path = flag ? resolve(cwd, flag) : await findDefaultConfigFile(cwd);
  return path ? loadPreflightConfigFile(path, RULES) : undefined;
}

/** A FAIL or ERROR that a live suppression covers becomes SUPPRESSED (what the rule said is kept). */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], now: Date): ReportFinding[] {
  const suppressionFor = suppressionMatcher(suppressions);
  return findings.map((finding) => {
    if (finding.status !== 'FAIL' && finding.status !== 'ERROR') return finding;
    const match = suppressionFor(finding, now);
    if (!match) return finding;
    const { ruleId, resourcePattern, reason, expiresAt } = match;
    return {
      ...finding,
      status: 'SUPPRESSED',
      evaluatedStatus: finding.status,
      suppression: { ruleId, resourcePattern, reason, ...(expiresAt ? { expiresAt } : {}) },
    };
  });
}

/** Fails now, not after the scan, when `--output` could not be written: a missing directory, a directory, a file as parent. */
export async function checkWritable(cwd: string, shownAs: string): Promise<void> {
  const path = resolve(cwd, shownAs);
  const refuse = (why: string, cause?: unknown) => new ConfigError(`cannot write --output ${shownAs}: ${why}`, { cause });
  let existing: Stats | undefined;
  try {
    existing = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw refuse(`${await fileInTheWay(cwd, shownAs)} is not a directory`, error);
    if (code !== 'ENOENT') throw refuse(errorMessage(error), error);
  }
  if (existing?.isDirectory()) throw refuse('it is a directory');
  try {
    await access(existing ? path : dirname(path), constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw refuse(`the directory ${dirname(shownAs)} does not exist`, error);
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw refuse(`no permission to write ${existing ? shownAs : dirname(shownAs)}`, error);
    throw refuse(errorMessage(error), error);
  }
}

/** The first ancestor of `shownAs` that is a file, not a directory (as the user wrote it). */
async function fileInTheWay(cwd: string, shownAs: string): Promise<string> {
  const ancestors: string[] = [];
  for (let dir = dirname(shownAs); dir !== dirname(dir); dir = dirname(dir)) ancestors.unshift(dir);
  for (const dir of ancestors) {
    const info = await stat(resolve(cwd, dir)).catch(() => undefined);
    if (info && !info.isDirectory()) return dir;
  }
  return dirname(shownAs);
}

export async function writeOutput(path: string, shownAs: string, text: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot write --output ${shownAs}: ${errorMessage(error)}`, { cause: error });
  }
}

/** `--region` values (repeatable, commas allowed), else the config's regions, else AWS_REGION / AWS_DEFAULT_REGION. */
export function scanRegions(flags: readonly string[] | undefined, env: CliIo['env'], configured?: readonly string[]): string[] {
  const given = (flags ?? []).flatMap(splitList);
  const regions = given.length > 0 ? given : configured && configured.length > 0 ? [...configured] : splitList(env.AWS_REGION || env.AWS_DEFAULT_REGION || '');
  if (regions.length === 0) {
    throw new ConfigError('no region: pass --region <region> (repeatable) or set AWS_REGION');
  }
  const invalid = regions.filter((r) => !REGION_PATTERN.test(r));
  if (invalid.length > 0) throw new ConfigError(`not an AWS region: ${invalid.join(', ')} (e.g. eu-west-1)`);
  return [...new Set(regions)];
}

/** `--params` is a JSON object `{ruleId: {param: value}}`, inline or `@file`. */
export async function parseParams(value: string, cwd: string): Promise<Record<string, Record<string, unknown>>> {
  let text = value;
  let source = '--params';
  if (value.startsWith('@')) {
    const file = value.slice(1);
    source = `--params ${file}`;
    text = await readCappedFile(resolve(cwd, file), `--params file ${file}`, source);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--params is not valid JSON: ${errorMessage(error)}`, { cause: error });
  }
  refuseReservedKeys(json, source);
  const parsed = paramsSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError('--params must be a JSON object of rule ids to param objects, e.g. {"budget-alert-thresholds":{"thresholds":[80,100]}}');
  }
  return parsed.data;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * `preflight scan`: one sweep of a real account through the standard AWS credential chain, the same
 * engine and rules as the Lambda, reported as a checklist table or JSON. Exit 0 when nothing fails at
 * or above `--fail-on`, 1 when something does, 2 when the scan could not run.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { selectRules } from '../../rules/index.js';
import { awsApiProvider } from '../../shared/aws/clients.js';
import { callerIdentity } from '../../shared/aws/identity.js';
import { evaluate } from '../../shared/engine.js';
import { ConfigError, errorMessage } from '../../shared/errors.js';
import type { Finding, Severity } from '../../shared/model.js';
import { type Readiness, readiness } from '../../shared/readiness.js';
import { type CliIo, ExitCode } from '../io.js';
import { progressLine } from '../progress.js';
import { blockingFindings, renderChecklist } from '../report/checklist.js';
import { VERSION } from '../version.js';

export const DEFAULT_FAIL_ON: Severity = 'HIGH';

/** What commander hands the action (flags not given are undefined). */
export interface ScanFlags {
  region?: string[];
  rules?: string;
  format: 'table' | 'json';
  output?: string;
  failOn: Severity;
  params?: string;
}

export interface ScanReport {
  version: string;
  accountId: string;
  regions: string[];
  startedAt: string;
  finishedAt: string;
  failOn: Severity;
  readiness: Readiness;
  findings: Finding[];
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const paramsSchema = z.record(z.string(), z.record(z.string(), z.unknown()));

export async function runScan(flags: ScanFlags, io: CliIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  const regions = scanRegions(flags.region, io.env);
  const ruleIds = flags.rules ? splitList(flags.rules) : undefined;
  const params = flags.params ? await parseParams(flags.params, io.cwd) : undefined;
  // Unknown rule ids and invalid params fail here, before any AWS call.
  const bound = selectRules({ ruleIds, params });
  const rules = bound.map((b) => b.rule);

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

  const report: ScanReport = {
    version: VERSION,
    accountId: identity.accountId,
    regions,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    failOn: flags.failOn,
    readiness: readiness(result.findings, rules),
    findings: result.findings,
  };
  const blocking = blockingFindings(report.findings, flags.failOn);
  const exitCode = blocking.length > 0 ? ExitCode.FAILURES : ExitCode.OK;
  const verdict =
    blocking.length > 0
      ? `Result: ${blocking.length} finding(s) at or above ${flags.failOn} fail or could not be checked (exit ${exitCode}).`
      : `Result: nothing fails at or above ${flags.failOn} (exit ${exitCode}).`;

  const rendered =
    flags.format === 'json'
      ? `${JSON.stringify(report, null, 2)}\n`
      : [
          `Preflight scan of account ${report.accountId} in ${regions.join(', ')}: ${rules.length} rules, ${report.findings.length} findings, ${seconds(startedAt, finishedAt)}`,
          '',
          renderChecklist({ rules, findings: report.findings, readiness: report.readiness }),
          verdict,
          '',
        ].join('\n');

  if (flags.output) {
    const path = resolve(io.cwd, flags.output);
    try {
      await writeFile(path, rendered, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot write --output ${flags.output}: ${errorMessage(error)}`, { cause: error });
    }
    const score = report.readiness.score === null ? 'n/a' : `${report.readiness.score}/100`;
    io.stdout.write(`Report written to ${flags.output} (readiness ${score}). ${verdict}\n`);
  } else {
    io.stdout.write(rendered);
  }
  return exitCode;
}

/** `--region` values (repeatable, commas allowed), else AWS_REGION / AWS_DEFAULT_REGION. */
export function scanRegions(flags: readonly string[] | undefined, env: CliIo['env']): string[] {
  const given = (flags ?? []).flatMap(splitList);
  const regions = given.length > 0 ? given : splitList(env.AWS_REGION || env.AWS_DEFAULT_REGION || '');
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
  if (value.startsWith('@')) {
    const file = value.slice(1);
    try {
      text = await readFile(resolve(cwd, file), 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read --params file ${file}: ${errorMessage(error)}`, { cause: error });
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--params is not valid JSON: ${errorMessage(error)}`, { cause: error });
  }
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

function seconds(from: Date, to: Date): string {
  return `${((to.getTime() - from.getTime()) / 1000).toFixed(1)} s`;
}

export {};

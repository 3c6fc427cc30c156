/**
 * `preflight demo` (DESIGN §8) without an AWS account: the real rules sweep a sample in-memory account
 * through the same readers the AWS path uses, then a drift arrives as a real-shaped CloudTrail event,
 * is routed to the rules it concerns, and the resulting regression is shown.
 */
import type { Rule } from '../../rules/define-rule.js';
import { RULES, selectRules } from '../../rules/index.js';
import { buildTriggerTable, type Route, routeCloudTrailDetail } from '../../shared/cloudtrail-router.js';
import { evaluate, type EvaluateResult } from '../../shared/engine.js';
import { PreflightError } from '../../shared/errors.js';
import { evaluateRoute } from '../../shared/evaluate-route.js';
import { memoryApiProvider } from '../../shared/memory-account/index.js';
import { type Readiness, readiness } from '../../shared/readiness.js';
import { type CliIo, ExitCode } from '../io.js';
import { renderChecklist, renderReadiness } from '../report/checklist.js';
import { applyVersioningDrift, DEMO_DRIFT, putBucketVersioningEvent, type VersioningDrift } from './drift.js';
import { findRegressions, mergeFindings, type Regression, renderRegression } from './regressions.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGIONS, sampleAccount } from './sample-account.js';

export const SAMPLE_BANNER = [
  '================================================================================',
  ' PREFLIGHT DEMO: SAMPLE DATA, NOT A REAL AWS ACCOUNT',
  ` Account ${SAMPLE_ACCOUNT_ID} (${SAMPLE_REGIONS.join(', ')}) lives in memory. Nothing is read from AWS.`,
  '================================================================================',
].join('\n');

export interface DemoResult {
  accountId: string;
  rules: Rule[];
  sweep: EvaluateResult;
  before: Readiness;
  drift: VersioningDrift;
  event: ReturnType<typeof putBucketVersioningEvent>;
  route: Extract<Route, { action: 'evaluate' }>;
  reevaluated: EvaluateResult;
  regressions: Regression[];
  after: Readiness;
}

/** The demo's steps, without printing: sweep, drift, routed re-evaluation, regressions. */
export async function demoScenario(now: () => Date = () => new Date()): Promise<DemoResult> {
  const account = sampleAccount();
  const apis = memoryApiProvider(account);
  const bound = selectRules();
  const rules = bound.map((b) => b.rule);
  const sweep = await evaluate({ accountId: account.accountId, regions: SAMPLE_REGIONS, rules: bound, apis, now });
  const before = readiness(sweep.findings, rules);

  const drift = { ...DEMO_DRIFT, time: now().toISOString() };
  applyVersioningDrift(account, drift);
  const event = putBucketVersioningEvent(account.accountId, drift);
  const route = routeCloudTrailDetail(event.detail, buildTriggerTable(RULES));
  if (route.action !== 'evaluate') {
    throw new PreflightError(`the demo's drift event was not routed: ${route.reason}: ${route.message}`);
  }
  const reevaluated = await evaluateRoute(route, { accountId: account.accountId, apis, now });
  const regressions = findRegressions(sweep.findings, reevaluated.findings);
  const after = readiness(mergeFindings(sweep.findings, reevaluated.findings), rules);
  return { accountId: account.accountId, rules, sweep, before, drift, event, route, reevaluated, regressions, after };
}

const totalCalls = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);

export async function runDemo(io: CliIo): Promise<number> {
  const out = (text = '') => io.stdout.write(`${text}\n`);
  out(SAMPLE_BANNER);
  out();
  const demo = await demoScenario(io.now);
  const { rules, sweep, drift, route, reevaluated, regressions } = demo;

  out(`1. Sweep: ${rules.length} rules over ${SAMPLE_REGIONS.length} regions, ${sweep.findings.length} findings, ${totalCalls(sweep.calls)} API calls to the sample account.`);
  out();
  out(renderChecklist({ rules, findings: sweep.findings, readiness: demo.before }));
  out();

  out(`2. Drift: ${demo.event.detail.userIdentity.arn} calls PutBucketVersioning Status=${drift.status} on ${drift.bucket}.`);
  const targets = route.targets.map((t) => `${t.rule.id}${t.resourceNames.length ? ` (${t.resourceNames.join(', ')})` : ''}`);
  out(`   The CloudTrail event is routed to ${targets.length} rule(s): ${targets.join(', ')}`);
  out(`   Re-evaluated ${reevaluated.findings.length} finding(s) with ${totalCalls(reevaluated.calls)} API calls, no sweep.`);
  out();

  out(`3. Regressions: ${regressions.length} (each would be one alert)`);
  for (const regression of regressions) {
    out();
    out(renderRegression(regression, rules.find((r) => r.id === regression.current.ruleId)));
  }
  out();
  const change = demo.after.score === demo.before.score ? 'unchanged by the drift' : `${demo.before.score ?? 'n/a'}/100 before the drift`;
  out(`${renderReadiness(demo.after)}; ${change}.`);
  out();
  out('Scan a real account: npx preflight scan --region eu-west-1 (read-only; see README.md).');
  return ExitCode.OK;
}

export {};

/**
 * `preflight demo` without an AWS account: the real rules sweep a sample in-memory account
 * into the real findings store (on dynalite, in process), a drift arrives as a real-shaped CloudTrail
 * event, the one regression is alerted exactly as SNS would receive it, and the findings API is served
 * on 127.0.0.1 until Ctrl-C.
 */
import { randomUUID } from 'node:crypto';
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { Rule } from '../../rules/define-rule.js';
import { findRule, RULES } from '../../rules/index.js';
import { createFindingsApi } from '#shared/api/findings-api.js';
import { type LocalServer, startLocalServer } from '#shared/api/local-server.js';
import { type ContinuousDeps, type EventReport, handleCloudTrailDetail, runSweep, type SweepReport } from '#shared/continuous/orchestration.js';
import { errorCode, PreflightError } from '#shared/core/errors.js';
import { memoryApiProvider } from './memory-account/index.js';
import { gsm7Length } from '#shared/alerts/sms.js';
import { type Readiness, readiness } from '#shared/core/readiness.js';
import { DEFAULT_DEMO_PORT } from '../defaults.js';
import { type CliIo, ExitCode } from '../io.js';
import { renderChecklist, renderReadiness } from '../report/checklist.js';
import { applyVersioningDrift, DEMO_DRIFT, putBucketVersioningEvent, type VersioningDrift } from './drift.js';
import { CapturingPublisher, type LocalStack, startLocalStack } from './local-stack.js';
import { type MemberDemo, memberScenario, renderMemberStory } from './member-drift.js';
import { SAMPLE_ACCOUNT_ID, SAMPLE_REGIONS, sampleAccount } from './sample-account.js';

export const SAMPLE_BANNER = [
  '================================================================================',
  ' PREFLIGHT DEMO: SAMPLE DATA, NOT A REAL AWS ACCOUNT',
  ` Account ${SAMPLE_ACCOUNT_ID} (${SAMPLE_REGIONS.join(', ')}) lives in memory. Nothing is read from AWS.`,
  '================================================================================',
].join('\n');

/** Rule params of the sample account (RULE_PARAMS of a deployment). */
export const DEMO_PARAMS: Readonly<Record<string, unknown>> = {
  'elasticache-cache-available': { regions: ['eu-west-1'] },
};

export interface DemoResult {
  accountId: string;
  rules: readonly Rule[];
  sweep: SweepReport;
  before: Readiness;
  drift: VersioningDrift;
  event: ReturnType<typeof putBucketVersioningEvent>;
  reaction: EventReport;
  /** Every SNS Publish request, in order: the baseline summary, then the regression alert. */
  published: PublishCommandInput[];
  after: Readiness;
  /** A drift in a member account in another region, through the central bus (sample data too). */
  member: MemberDemo;
  stack: LocalStack;
}

/** The demo's steps, without printing. The caller closes `stack`. */
export async function demoScenario(now: () => Date = () => new Date()): Promise<DemoResult> {
  const account = sampleAccount();
  const stack = await startLocalStack();
  try {
    const publisher = new CapturingPublisher();
    const deps: ContinuousDeps = {
      store: stack.store,
      publisher,
      apis: memoryApiProvider(account),
      rules: RULES,
      // The sample runs its cache in eu-west-1 only: say so, as a real deployment would.
      params: DEMO_PARAMS,
      messages: { describeRule: (id) => findRule(id), apiUrl: `http://127.0.0.1:${DEFAULT_DEMO_PORT}` },
      now,
    };
    const sweep = await runSweep(deps, account.accountId, SAMPLE_REGIONS);
    const before = readiness(sweep.evaluation.findings, RULES);

    const drift = { ...DEMO_DRIFT, time: now().toISOString() };
    applyVersioningDrift(account, drift);
    const event = putBucketVersioningEvent(account.accountId, drift);
    const reaction = await handleCloudTrailDetail(deps, event.detail, account.accountId);
    if (reaction.route.action !== 'evaluate') {
      throw new PreflightError(`the demo's drift event was not routed: ${reaction.route.reason}: ${reaction.route.message}`);
    }
    const current = await stack.store.findingsByStatus('FAIL');
    const stored = [...current, ...(await stack.store.findingsByStatus('PASS')), ...(await stack.store.findingsByStatus('ERROR'))];
    const after = readiness(stored, RULES);
    const member = await memberScenario(deps, account.accountId, now);
    return { accountId: account.accountId, rules: RULES, sweep, before, drift, event, reaction, published: publisher.sent, after, member, stack };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

export interface DemoOptions {
  /** Serve the findings API after the story (default true). */
  serve: boolean;
  port: number;
  /** Resolves when the server should stop (Ctrl-C in the CLI). */
  until?: Promise<void>;
  /** Called once the API is listening (tests use it to make requests). */
  onListening?: (server: LocalServer) => void;
}

const totalCalls = (calls: Record<string, number>) => Object.values(calls).reduce((sum, n) => sum + n, 0);

export async function runDemo(io: CliIo, options: DemoOptions = { serve: true, port: DEFAULT_DEMO_PORT }): Promise<number> {
  const out = (text = '') => io.stdout.write(`${text}\n`);
  out(SAMPLE_BANNER);
  out();
  const demo = await demoScenario(io.now);
  try {
    const { sweep, drift, reaction, published } = demo;
    const baseline = published.find((p) => p.MessageAttributes?.kind?.StringValue === 'BASELINE');
    const alerts = published.filter((p) => p !== baseline);

    out(
      `1. Sweep: ${demo.rules.length} rules over ${SAMPLE_REGIONS.length} regions, ${sweep.evaluation.findings.length} findings, ${totalCalls(sweep.evaluation.calls)} API calls to the sample account.`,
    );
    out(`   Recorded in the findings store (DynamoDB API, dynalite in this process): ${sweep.record.writes} writes.`);
    out();
    out(renderChecklist({ rules: [...demo.rules], findings: sweep.evaluation.findings, readiness: demo.before }));
    out();
    if (baseline) out(`   First sweep of the account: one baseline summary instead of one alert per failure:\n   SMS: ${smsOf(baseline)}`);
    out();

    out(`2. Drift: ${demo.event.detail.userIdentity.arn} calls PutBucketVersioning Status=${drift.status} on ${drift.bucket}.`);
    if (reaction.route.action === 'evaluate') {
      const targets = reaction.route.targets.map((t) => `${t.rule.id}${t.resourceNames.length ? ` (${t.resourceNames.join(', ')})` : ''}`);
      out(`   The CloudTrail event is routed to ${targets.length} rule(s): ${targets.join(', ')}`);
    }
    out(`   Re-evaluated ${reaction.evaluation?.findings.length ?? 0} finding(s) with ${totalCalls(reaction.evaluation?.calls ?? {})} API calls, no sweep;`);
    out(`   ${reaction.record?.transitions.length ?? 0} transition(s) recorded with a version-conditional write.`);
    out();

    out(`3. Regressions: ${alerts.length} alert(s), exactly as SNS receives them:`);
    for (const alert of alerts) out(renderPublish(alert));
    out();
    const change = demo.after.score === demo.before.score ? 'unchanged by the drift' : `${demo.before.score ?? 'n/a'}/100 before the drift`;
    out(`${renderReadiness(demo.after)}; ${change}.`);
    out();
    for (const line of renderMemberStory(demo.member, SAMPLE_REGIONS[0] ?? 'eu-west-1', smsOf)) out(line);
    out();

    if (options.serve) await serveApi(demo, options, out);
    out('Scan a real account: npx preflight scan --region eu-west-1 (read-only; see README.md).');
    return ExitCode.OK;
  } finally {
    await demo.stack.close();
  }
}

async function serveApi(demo: DemoResult, options: DemoOptions, out: (text?: string) => void): Promise<void> {
  const api = createFindingsApi({ store: demo.stack.store, rules: demo.rules, cursorSecret: randomUUID() });
  let server: LocalServer;
  try {
    server = await startLocalServer(api, options.port);
  } catch (error) {
    throw new PreflightError(`cannot serve the findings API on 127.0.0.1:${options.port} (${errorCode(error)}); try --port <another>`, { cause: error });
  }
  out(`4. The findings API of the demo is served on ${server.url} (127.0.0.1 only; Ctrl-C to stop).`);
  out(`   Dashboard: ${server.url}/  (open it in a browser)`);
  out(`   curl '${server.url}/findings?status=FAIL'`);
  out(`   curl '${server.url}/findings?severity=HIGH&limit=5'`);
  out(`   curl '${server.url}/findings/s3-bucket-versioning-enabled/${encodeURIComponent('arn:aws:s3:::prod-data')}'`);
  out(`   curl ${server.url}/summary`);
  out(`   curl ${server.url}/rules`);
  out();
  options.onListening?.(server);
  await (options.until ?? untilInterrupted());
  await server.close();
  out('Stopped.');
}

function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function smsOf(publish: PublishCommandInput): string {
  return (JSON.parse(publish.Message ?? '{}') as { sms?: string }).sms ?? '';
}

/** A Publish request as SNS receives it: topic, subject, attributes, and the per-protocol bodies. */
export function renderPublish(publish: PublishCommandInput): string {
  const message = JSON.parse(publish.Message ?? '{}') as { default?: string; email?: string; sms?: string; https?: string };
  const chat = JSON.parse(message.https ?? '{}') as { content?: { title?: string; description?: string; nextSteps?: string[] } };
  const attributes = Object.entries(publish.MessageAttributes ?? {})
    .map(([name, value]) => `${name}=${value.StringValue}`)
    .join(' ');
  const sms = message.sms ?? '';
  return [
    '',
    `   sns:Publish TopicArn=${publish.TopicArn} MessageStructure=${publish.MessageStructure}`,
    `   Subject: ${publish.Subject}`,
    `   MessageAttributes: ${attributes}`,
    `   --- sms (${gsm7Length(sms)} of 160 GSM-7 characters) ---`,
    `   ${sms}`,
    '   --- email ---',
    ...(message.email ?? '').split('\n').map((line) => `   ${line}`),
    '   --- https (an AWS Chatbot card in Slack or Teams) ---',
    `   ${chat.content?.title ?? ''}`,
    ...(chat.content?.description ?? '').split('\n').map((line) => `   ${line}`),
    ...(chat.content?.nextSteps ?? []).map((step) => `   > ${step}`),
  ].join('\n');
}

/**
 * Alert messages as SNS delivers them: one JSON message (`MessageStructure: 'json'`) with a `default`
 * body, a rich `email` body, a one-segment `sms` and, for AWS Chatbot, an `https` custom notification.
 *
 * A message holds alerts of one severity and one kind, so the `kind` attribute subscriptions filter on
 * is true of every alert in it. Every value that comes from the audited account is escaped and cut to
 * a bounded length (text.ts), which also bounds the size of one alert in a message.
 */
import type { RuleInfo } from '../../rules/rule-info.js';
import { SEVERITIES, type Severity } from '#shared/core/model.js';
import type { AlertKind, PendingAlert, StoredFinding } from '#shared/store/transitions.js';
import { chatBody } from './chat.js';
import { fitSms } from './sms.js';
import { asciiSubject, escapeControl, field } from './text.js';

/** What the notifier knows of a rule (its catalog entry, in part): enough to tell a reader what to do. */
export type RuleAdvice = Pick<RuleInfo, 'title' | 'remediation'>;

export type DescribeRule = (ruleId: string) => RuleAdvice | undefined;

export type MessageKind = AlertKind | 'BASELINE';

/** Where alerts go: SNS in a deployment, a recorder in the demo and the tests. */
export interface AlertPublisher {
  publish(message: AlertMessage): Promise<void>;
}

export interface AlertMessage {
  subject: string;
  /** The SNS JSON message: a body per protocol (`https` is AWS Chatbot's custom notification). */
  message: { default: string; email: string; sms: string; https: string };
  attributes: { severity: Severity; kind: MessageKind; count: number };
}

export interface MessageContext {
  describeRule: DescribeRule;
  /** Base URL of the findings API, for links (omitted when unknown). */
  apiUrl?: string;
}

export interface AlertItem {
  finding: StoredFinding;
  alert: PendingAlert;
}

/** How each kind reads for one alert and for several. */
const KIND_WORDS: Record<AlertKind, { one: string; many: string; article: string }> = {
  REGRESSION: { one: 'regression', many: 'regressions', article: 'a regression' },
  NEW_FAILURE: { one: 'new failure', many: 'new failures', article: 'a new failure' },
  FIXED: { one: 'fixed', many: 'fixed findings', article: 'a fixed finding' },
  ERROR_PERSISTING: { one: 'cannot be checked', many: 'findings that cannot be checked', article: 'a finding that cannot be checked' },
};

/** Bounds of the fields taken from the audited account (characters, after escaping). */
const MAX = { rule: 128, name: 256, id: 1024, account: 32, region: 64, reason: 1024, evidence: 1024, text: 1024 } as const;

/** One message for alerts of one severity and one kind (one or several findings). */
export function alertMessage(items: readonly AlertItem[], ctx: MessageContext): AlertMessage {
  const first = items[0];
  if (!first) throw new RangeError('alertMessage needs at least one alert');
  const severity = first.finding.severity;
  const kind = first.alert.kind;
  if (items.some((i) => i.finding.severity !== severity || i.alert.kind !== kind)) {
    throw new RangeError('one message holds alerts of one severity and one kind');
  }
  const words = KIND_WORDS[kind];
  const single = items.length === 1;
  const f = first.finding;

  const subject = single
    ? `[Preflight] ${severity} ${words.one}: ${field(f.ruleId, MAX.rule)} on ${field(f.resourceName, MAX.name)}`
    : `[Preflight] ${severity}: ${items.length} ${words.many}`;
  const email = [
    single ? `Preflight found ${words.article}.` : `Preflight found ${items.length} ${severity} ${words.many}.`,
    '',
    ...items.flatMap((item) => [...findingBlock(item, ctx), '']),
    'You receive this because you subscribed to Preflight alerts. Alerts are sent once per transition.',
  ].join('\n');
  const rules = items.map((i) => ctx.describeRule(i.finding.ruleId)).filter((r): r is RuleAdvice => r !== undefined);
  const https = chatBody({
    title: single ? `${severity} ${words.one}: ${f.ruleId} on ${f.resourceName}` : `${severity}: ${items.length} ${words.many}`,
    lines: items.map(({ finding }) => `${finding.ruleId} on ${finding.resourceName} (${finding.region}, ${finding.accountId}): ${finding.reason}`),
    nextSteps: [
      ...rules.map((r) => r.remediation.cli),
      ...(ctx.apiUrl ? [`Details: ${single ? findingLink(f, ctx.apiUrl) : `${ctx.apiUrl}/findings?severity=${severity}`}`] : []),
    ],
    keywords: [severity, kind, ...items.map((i) => i.finding.ruleId)],
    summary: asciiSubject(subject),
    eventType: `Preflight${kind}`,
    severity,
    relatedResources: items.map((i) => i.finding.resourceId),
    context: { severity, kind, count: String(items.length) },
  });

  return {
    subject: asciiSubject(subject),
    message: { default: single ? smsLine(first) : items.map(smsLine).join('\n'), email, sms: single ? smsLine(first) : smsBatch(severity, items), https },
    attributes: { severity, kind, count: items.length },
  };
}

/**
 * The shortest message that still says which finding: used when SNS refuses the full one for good
 * (InvalidParameter). ASCII, no evidence, no reason: only identifiers and the link to the finding.
 */
export function minimalAlertMessage({ finding, alert }: AlertItem, ctx: MessageContext): AlertMessage {
  const ascii = (text: string, max: number) => asciiSubject(field(text, max)).slice(0, max);
  const line = `[${finding.severity}] ${ascii(finding.ruleId, 64)} ${alert.to} ${ascii(finding.resourceName, 40)} (${ascii(finding.region, 24)})`;
  const link = ctx.apiUrl ? findingLink(finding, ctx.apiUrl) : undefined;
  const text = [line, `Resource: ${ascii(finding.resourceId, 256)}`, `Account: ${ascii(finding.accountId, 32)}`, ...(link ? [`Details: ${link}`] : [])].join(
    '\n',
  );
  return {
    subject: asciiSubject(`[Preflight] ${finding.severity} ${KIND_WORDS[alert.kind].one}: ${ascii(finding.ruleId, 64)}`),
    message: {
      default: text,
      email: `Preflight found ${KIND_WORDS[alert.kind].article} (shortened message: the full one could not be sent).\n\n${text}`,
      sms: fitSms(line),
      https: chatBody({
        title: `${finding.severity} ${KIND_WORDS[alert.kind].one}: ${finding.ruleId}`,
        lines: [text.replace(/\n/g, ' ')],
        nextSteps: link ? [link] : [],
        keywords: [finding.severity, alert.kind],
        summary: line,
        eventType: `Preflight${alert.kind}`,
        severity: finding.severity,
        relatedResources: [],
        context: { severity: finding.severity, kind: alert.kind, count: '1' },
      }),
    },
    attributes: { severity: finding.severity, kind: alert.kind, count: 1 },
  };
}

/** What one baseline summary covers: the first sweep of an account, over one or several regions. */
export interface BaselineSummary {
  accountId: string;
  /** Regions (and `global`) whose first sweep the summary covers. */
  regions: readonly string[];
  /** Regions planned for that first sweep that had not reported when the summary was sent. */
  missing: readonly string[];
  failing: number;
  /** Findings the first sweep could not check (ERROR): they alert on their own if the error persists. */
  errors: number;
  bySeverity: Partial<Record<Severity, number>>;
  /** Failing findings per rule. */
  byRule: Readonly<Record<string, number>>;
}

/** The baseline: one summary for an account's first sweep instead of one alert per failing finding. */
export function baselineMessage(summary: BaselineSummary, ctx: MessageContext): AlertMessage {
  const account = field(summary.accountId, MAX.account);
  const bySeverity = SEVERITIES.map((s) => [s, summary.bySeverity[s] ?? 0] as const).filter(([, n]) => n > 0);
  const counts = bySeverity.map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
  const rules = Object.keys(summary.byRule).sort();
  const worst = bySeverity[0]?.[0] ?? 'LOW';
  const regions = summary.regions.map((r) => field(r, MAX.region)).join(', ');
  const text = `Preflight baseline for account ${account}: ${summary.failing} failing findings (${counts}) across ${rules.length} ${rules.length === 1 ? 'rule' : 'rules'} in ${regions}.`;
  const ruleLines = rules.map((id) => `${field(id, MAX.rule)}: ${summary.byRule[id]} failing (${field(ctx.describeRule(id)?.title ?? id, MAX.text)})`);
  const notes = [
    ...(summary.errors > 0 ? [`${summary.errors} findings could not be checked (ERROR); each alerts on its own if the error persists.`] : []),
    ...(summary.missing.length > 0
      ? [
          `Not yet swept: ${summary.missing.map((r) => field(r, MAX.region)).join(', ')}. Each of them gets its own baseline summary when its first sweep completes.`,
        ]
      : []),
  ];
  const email = [
    text,
    '',
    'From now on you will get one alert per regression (a resource going from compliant to non-compliant).',
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
    ...ruleLines.map((line) => `- ${line}`),
    ...(ctx.apiUrl ? ['', `Failing findings: ${ctx.apiUrl}/findings?status=FAIL`] : []),
  ].join('\n');
  return {
    subject: asciiSubject(`[Preflight] Baseline for ${account}: ${summary.failing} failing findings`),
    message: {
      default: text,
      email,
      sms: fitSms(`[Preflight] baseline ${account}: ${summary.failing} failing (${counts})`),
      https: chatBody(
        {
          title: `Preflight baseline for account ${summary.accountId}: ${summary.failing} failing findings (${counts})`,
          lines: [...notes, ...ruleLines],
          nextSteps: ctx.apiUrl ? [`Failing findings: ${ctx.apiUrl}/findings?status=FAIL`] : [],
          keywords: ['BASELINE', ...bySeverity.map(([s]) => s)],
          summary: text,
          eventType: 'PreflightBASELINE',
          severity: worst,
          relatedResources: [],
          context: { account: summary.accountId, regions: summary.regions.join(','), failing: String(summary.failing) },
        },
        ':clipboard:',
      ),
    },
    attributes: { severity: worst, kind: 'BASELINE', count: summary.failing },
  };
}

/** e.g. `[HIGH] s3-bucket-versioning-enabled FAIL prod-data (eu-west-1): versioning is Suspended on prod-data` */
export function smsLine({ finding }: AlertItem): string {
  return fitSms(
    `[${finding.severity}] ${field(finding.ruleId, MAX.rule)} ${finding.status} ${field(finding.resourceName, MAX.name)} (${field(finding.region, MAX.region)}): ${field(finding.reason, MAX.reason)}`,
  );
}

function smsBatch(severity: Severity, items: readonly AlertItem[]): string {
  // Only the first few names can fit a segment anyway: do not escape a thousand of them to cut them.
  const names = items.slice(0, 10).map((i) => `${field(i.finding.ruleId, MAX.rule)} ${field(i.finding.resourceName, 64)}`);
  return fitSms(`[${severity}] ${items.length} findings: ${names.join('; ')}`);
}

function findingLink(finding: StoredFinding, apiUrl: string): string {
  return `${escapeControl(apiUrl)}/findings/${encodeURIComponent(finding.ruleId)}/${encodeURIComponent(finding.resourceId)}`;
}

function findingBlock({ finding, alert }: AlertItem, ctx: MessageContext): string[] {
  const rule = ctx.describeRule(finding.ruleId);
  const link = ctx.apiUrl ? findingLink(finding, ctx.apiUrl) : undefined;
  return [
    `${finding.severity} ${KIND_WORDS[alert.kind].one}: ${field(rule?.title ?? finding.ruleId, MAX.text)}`,
    `  Rule:        ${field(finding.ruleId, MAX.rule)}`,
    `  Resource:    ${field(finding.resourceName, MAX.name)} (${field(finding.resourceId, MAX.id)})`,
    `  Account:     ${field(finding.accountId, MAX.account)}   Region: ${field(finding.region, MAX.region)}`,
    `  Status:      ${alert.from ?? 'new'} -> ${alert.to} at ${field(alert.createdAt, 40)}`,
    `  Reason:      ${field(finding.reason, MAX.reason)}`,
    `  Evidence:    ${field(JSON.stringify(finding.evidence) ?? '{}', MAX.evidence)}`,
    ...(rule ? [`  Remediation: ${field(rule.remediation.text, MAX.text)}`, `               ${field(rule.remediation.cli, MAX.text)}`] : []),
    ...(link ? [`  Details:     ${link}`] : []),
  ];
}

/**
 * Alert messages as SNS delivers them: one JSON message (`MessageStructure: 'json'`) with a `default`
 * body, a rich `email` body and a one-segment `sms`.
 */
import { SEVERITIES, type Severity } from '../model.js';
import type { AlertKind, PendingAlert, StoredFinding } from '../store/transitions.js';
import { fitSms } from './sms.js';

/** What the notifier knows of a rule: enough to tell a reader what to do. */
export interface RuleInfo {
  title: string;
  remediation: { text: string; cli: string };
}

export type DescribeRule = (ruleId: string) => RuleInfo | undefined;

export interface AlertMessage {
  subject: string;
  /** The SNS JSON message: `{ default, email, sms }`. */
  message: { default: string; email: string; sms: string };
  attributes: { severity: Severity; kind: AlertKind | 'BASELINE'; count: number };
}

export interface MessageContext {
  describeRule: DescribeRule;
  /** Base URL of the findings API, for links (omitted when unknown). */
  apiUrl?: string;
}

const KIND_WORDS: Record<AlertKind, string> = {
  REGRESSION: 'regression',
  NEW_FAILURE: 'new failure',
  FIXED: 'fixed',
  ERROR_PERSISTING: 'cannot be checked',
};

const SUBJECT_MAX = 100;

export interface AlertItem {
  finding: StoredFinding;
  alert: PendingAlert;
}

/** One message for alerts of one severity (one or several findings). */
export function alertMessage(items: readonly AlertItem[], ctx: MessageContext): AlertMessage {
  const first = items[0];
  if (!first) throw new RangeError('alertMessage needs at least one alert');
  const severity = first.finding.severity;
  const kind = first.alert.kind;
  const single = items.length === 1;

  const subject = single
    ? `[Preflight] ${severity} ${KIND_WORDS[kind]}: ${first.finding.ruleId} on ${first.finding.resourceName}`
    : `[Preflight] ${severity}: ${items.length} findings need attention`;

  const sms = single ? smsLine(first) : smsBatch(severity, items);
  const email = [
    single ? `Preflight found a ${KIND_WORDS[kind]}.` : `Preflight found ${items.length} ${severity} findings that need attention.`,
    '',
    ...items.flatMap((item) => [...findingBlock(item, ctx), '']),
    'You receive this because you subscribed to Preflight alerts. Alerts are sent once per transition.',
  ].join('\n');
  const text = single ? `${sms}` : items.map(smsLine).join('\n');

  return {
    subject: asciiSubject(subject),
    message: { default: text, email, sms },
    attributes: { severity, kind, count: items.length },
  };
}

/** The baseline: one summary for an account's first sweep instead of one alert per failing finding. */
export function baselineMessage(accountId: string, findings: readonly StoredFinding[], ctx: MessageContext): AlertMessage {
  const failing = findings.filter((f) => f.status === 'FAIL');
  const bySeverity = SEVERITIES.map((s) => [s, failing.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const counts = bySeverity.map(([s, n]) => `${n} ${s}`).join(', ') || 'none';
  const rules = new Set(failing.map((f) => f.ruleId));
  const worst = bySeverity[0]?.[0] ?? 'LOW';
  const summary = `Preflight baseline for account ${accountId}: ${failing.length} failing findings (${counts}) across ${rules.size} rules.`;
  const email = [
    summary,
    '',
    'From now on you will get one alert per regression (a resource going from compliant to non-compliant).',
    '',
    ...[...rules].sort().map((id) => {
      const n = failing.filter((f) => f.ruleId === id).length;
      return `- ${id}: ${n} failing (${ctx.describeRule(id)?.title ?? id})`;
    }),
    ...(ctx.apiUrl ? ['', `Failing findings: ${ctx.apiUrl}/findings?status=FAIL`] : []),
  ].join('\n');
  return {
    subject: asciiSubject(`[Preflight] Baseline for ${accountId}: ${failing.length} failing findings`),
    message: { default: summary, email, sms: fitSms(`[Preflight] baseline ${accountId}: ${failing.length} failing (${counts})`) },
    attributes: { severity: worst, kind: 'BASELINE', count: failing.length },
  };
}

/** e.g. `[HIGH] s3-bucket-versioning-enabled FAIL prod-data (eu-west-1): versioning is Suspended on prod-data` */
export function smsLine({ finding }: AlertItem): string {
  return fitSms(`[${finding.severity}] ${finding.ruleId} ${finding.status} ${finding.resourceName} (${finding.region}): ${finding.reason}`);
}

function smsBatch(severity: Severity, items: readonly AlertItem[]): string {
  const names = items.map((i) => `${i.finding.ruleId} ${i.finding.resourceName}`);
  return fitSms(`[${severity}] ${items.length} findings: ${names.join('; ')}`);
}

function findingBlock({ finding, alert }: AlertItem, ctx: MessageContext): string[] {
  const rule = ctx.describeRule(finding.ruleId);
  const link = ctx.apiUrl
    ? `${ctx.apiUrl}/findings/${encodeURIComponent(finding.ruleId)}/${encodeURIComponent(finding.resourceId)}`
    : undefined;
  return [
    `${finding.severity} ${KIND_WORDS[alert.kind]}: ${rule?.title ?? finding.ruleId}`,
    `  Rule:        ${finding.ruleId}`,
    `  Resource:    ${finding.resourceName} (${finding.resourceId})`,
    `  Account:     ${finding.accountId}   Region: ${finding.region}`,
    `  Status:      ${alert.from ?? 'new'} -> ${alert.to} at ${alert.createdAt}`,
    `  Reason:      ${finding.reason}`,
    `  Evidence:    ${JSON.stringify(finding.evidence)}`,
    ...(rule ? [`  Remediation: ${rule.remediation.text}`, `               ${rule.remediation.cli}`] : []),
    ...(link ? [`  Details:     ${link}`] : []),
  ];
}

/** SNS subjects must be ASCII, without newlines, at most 100 characters. */
function asciiSubject(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\x20-\x7E]/g, '?');
  return ascii.length <= SUBJECT_MAX ? ascii : `${ascii.slice(0, SUBJECT_MAX - 3)}...`;
}

export {};

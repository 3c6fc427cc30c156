/**
 * `--format html`: one self-contained HTML file (no script, no external asset; the inline style is
 * allowed by its hash in the page's own CSP) with the readiness score, a checklist per rule family and
 * every failing resource with its reason and fix command (the resource filled in). Every value from a
 * scan is escaped and stripped of control characters; all text meets WCAG AA contrast (4.5:1), which
 * test/e2e/html-report.test.ts measures in Chromium.
 */
import { createHash } from 'node:crypto';
import { type FindingStatus, SEVERITIES, type Severity } from '#shared/core/model.js';
import type { RuleReadiness } from '#shared/core/readiness.js';
import { fixCommand } from './fix-command.js';
import { byFamily, problemOrder, type ReportFinding, type ReportRule, type ScanReport } from './model.js';

/**
 * Control characters (C0 but tab and line breaks, DEL, C1) render as boxes or not at all, and the bidi
 * overrides and isolates can make a name read as another: none of them is shown.
 */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(INVISIBLE, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
:root{color-scheme:light;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--fail:#b42318;--error:#9a6700;--pass:#1a7f37;--na:#57606a;--supp:#6639ba}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.25rem;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:1.05rem;margin:20px 0 6px}
.meta{color:var(--muted);margin:0}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:150px;background:var(--soft)}
.card strong{display:block;font-size:1.8rem;line-height:1.2}.score strong{font-size:2.6rem}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}th{background:var(--soft);font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.8rem;font-weight:700;color:#fff;white-space:nowrap}
.badge.FAIL{background:var(--fail)}.badge.ERROR{background:var(--error)}.badge.PASS{background:var(--pass)}.badge.NOT_APPLICABLE,.badge.RESOLVED{background:var(--na)}.badge.SUPPRESSED{background:var(--supp)}.badge.sev{background:none;color:inherit;border:1px solid var(--line)}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:2px 4px;border-radius:4px;word-break:break-all}
.problem{border:1px solid var(--line);border-left:4px solid var(--fail);border-radius:6px;padding:8px 12px;margin:8px 0;background:var(--bg)}.problem.ERROR{border-left-color:var(--error)}.problem.SUPPRESSED{border-left-color:var(--supp)}
.problem h3{margin:0 0 4px;font-size:1rem}.problem p{margin:4px 0}.verdict{font-weight:600}.ok{color:var(--pass)}.bad{color:var(--fail)}
footer{color:var(--muted);margin-top:32px;font-size:.85rem}
`;

const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

const LABEL: Readonly<Record<FindingStatus | RuleReadiness['verdict'], string>> = {
  PASS: 'PASS',
  FAIL: 'FAIL',
  ERROR: 'ERROR',
  NOT_APPLICABLE: 'N/A',
  RESOLVED: 'RESOLVED',
  SUPPRESSED: 'SUPPRESSED',
};

const badge = (status: FindingStatus | RuleReadiness['verdict']) => `<span class="badge ${status}">${LABEL[status]}</span>`;

function checklistSection(report: ScanReport, byId: Map<string, ReportRule>): string {
  const n = (v: number | undefined) => `<td class="n">${v ?? 0}</td>`;
  const sections = byFamily(report.readiness.rules).map((family) => {
    const passing = family.rules.filter((r) => r.verdict === 'PASS').length;
    const applicable = family.rules.filter((r) => r.verdict !== 'NOT_APPLICABLE').length;
    const rows = family.rules.map((r) => {
      const rule = byId.get(r.ruleId);
      return `<tr><td>${badge(r.verdict)}</td><td>${escapeHtml(r.severity)}</td><td><strong>${escapeHtml(rule?.title ?? r.ruleId)}</strong><br><code>${escapeHtml(r.ruleId)}</code></td><td>${escapeHtml(rule?.checklist.item ?? '')}</td>${n(r.counts.PASS)}${n(r.counts.FAIL)}${n(r.counts.ERROR)}${n((r.counts.NOT_APPLICABLE ?? 0) + (r.counts.RESOLVED ?? 0))}${n(r.counts.SUPPRESSED)}</tr>`;
    });
    return `<h3>${escapeHtml(family.name)} <span class="meta">(${passing} of ${applicable} applicable rules pass)</span></h3>
<table><thead><tr><th scope="col">Result</th><th scope="col">Severity</th><th scope="col">Rule</th><th scope="col">Checklist item</th><th scope="col">Pass</th><th scope="col">Fail</th><th scope="col">Error</th><th scope="col">N/A</th><th scope="col">Suppressed</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
  });
  return `<section aria-labelledby="checklist"><h2 id="checklist">Checklist by family</h2>${sections.join('\n')}</section>`;
}

function problemBlock(f: ReportFinding, rule: ReportRule | undefined): string {
  const parts = [
    `<h3>${badge(f.status)} <span class="badge sev">${escapeHtml(f.severity)}</span> ${escapeHtml(f.resourceName)} <span class="meta">(${escapeHtml(f.region)})</span></h3>`,
    `<p>${escapeHtml(f.reason)}</p>`,
    `<p class="meta">Rule <code>${escapeHtml(f.ruleId)}</code> · ${escapeHtml(f.resourceType)} · <code>${escapeHtml(f.resourceId)}</code></p>`,
  ];
  if (f.status === 'FAIL' && rule?.remediation.text) {
    parts.push(`<p><strong>Fix:</strong> ${escapeHtml(rule.remediation.text)}</p>`);
    if (rule.remediation.cli) parts.push(`<p><code class="fix">${escapeHtml(fixCommand(rule.remediation.cli, f))}</code></p>`);
  }
  if (f.status === 'ERROR') parts.push('<p><strong>Fix:</strong> grant the read-only permission named above (or retry), then scan again.</p>');
  if (f.status === 'SUPPRESSED' && f.suppression) {
    const until = f.suppression.expiresAt ? ` until ${escapeHtml(f.suppression.expiresAt)}` : '';
    parts.push(`<p><strong>Accepted${until}:</strong> ${escapeHtml(f.suppression.reason)}</p>`);
  }
  return `<article class="problem ${f.status}">${parts.join('\n')}</article>`;
}

export function renderHtml(report: ScanReport, rules: readonly ReportRule[]): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const order = problemOrder(SEVERITIES);
  const problems = report.findings.filter((f) => f.status === 'FAIL' || f.status === 'ERROR').sort(order);
  const suppressed = report.findings.filter((f) => f.status === 'SUPPRESSED').sort(order);
  const byStatus: Partial<Record<FindingStatus, number>> = {};
  for (const f of report.findings) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  const failingBySeverity = (severity: Severity) => problems.filter((f) => f.severity === severity && f.status === 'FAIL').length;
  const blocking = problems.filter((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(report.failOn)).length;
  const score = report.readiness.score;

  const cards = [
    `<div class="card score"><span>Readiness</span><strong>${score === null ? 'n/a' : `${score}<small>/100</small>`}</strong><span class="meta">${report.readiness.passing} of ${report.readiness.applicable} applicable rules pass</span></div>`,
    ...SEVERITIES.map((s) => `<div class="card"><span>${s} failing</span><strong>${failingBySeverity(s)}</strong></div>`),
    `<div class="card"><span>Could not check</span><strong>${byStatus.ERROR ?? 0}</strong></div>`,
    `<div class="card"><span>Suppressed</span><strong>${byStatus.SUPPRESSED ?? 0}</strong></div>`,
  ];
  const verdict =
    blocking > 0
      ? `<p class="verdict bad">${blocking} finding(s) at or above ${escapeHtml(report.failOn)} fail or could not be checked.</p>`
      : `<p class="verdict ok">Nothing fails at or above ${escapeHtml(report.failOn)}.</p>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${STYLE_HASH}'; img-src data:">
<meta name="referrer" content="no-referrer">
<title>Preflight report: account ${escapeHtml(report.accountId)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>Preflight report</h1>
<p class="meta">Account <strong>${escapeHtml(report.accountId)}</strong> · ${escapeHtml(report.regions.join(', '))} · scanned ${escapeHtml(report.startedAt)} – ${escapeHtml(report.finishedAt)} · Preflight ${escapeHtml(report.version)}${report.config ? ` · config ${escapeHtml(report.config)}` : ''}</p>
${verdict}
</header>
<section aria-label="Summary"><div class="cards">${cards.join('')}</div></section>
${checklistSection(report, byId)}
<section aria-labelledby="problems"><h2 id="problems">Failing and erroring resources (${problems.length})</h2>
${problems.length === 0 ? '<p>No failing or erroring resources.</p>' : problems.map((f) => problemBlock(f, byId.get(f.ruleId))).join('\n')}
</section>
${suppressed.length > 0 ? `<section aria-labelledby="suppressed"><h2 id="suppressed">Suppressed (${suppressed.length})</h2>\n${suppressed.map((f) => problemBlock(f, byId.get(f.ruleId))).join('\n')}\n</section>` : ''}
<footer>Readiness: the share of applicable rules that pass, weighted by severity (CRITICAL 8, HIGH 4, MEDIUM 2, LOW 1). ERROR never passes a rule; SUPPRESSED neither passes nor fails it.</footer>
</main>
</body>
</html>
`;
}

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml, renderHtml } from '../../../src/cli/report/html.js';
import { ruleInfos } from '../../../src/cli/report/model.js';
import { RULES } from '../../../src/rules/index.js';
import { HOSTILE, sampleReport } from './fixtures.js';

function html(): string {
  const report = sampleReport();
  return renderHtml(report, ruleInfos(report, RULES));
}

describe('renderHtml', () => {
  it('is one self-contained file: no script, no external asset, its style allowed by hash in its own CSP', () => {
    const page = html();
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).not.toMatch(/<script|<link|<img|\ssrc=|\shref=|@import|url\(/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'; img-src data:">`);
    expect(page).not.toContain('style="');
  });

  it('shows the readiness score, the verdict and counts by severity', () => {
    const page = html();
    expect(page).toContain('<span>Readiness</span><strong>0<small>/100</small></strong>');
    expect(page).toContain('3 finding(s) at or above HIGH fail or could not be checked.');
    expect(page).toContain('<span>HIGH failing</span><strong>2</strong>');
  });

  it('has a checklist per rule family and every failing resource with its remediation', () => {
    const page = html();
    for (const family of ['S3', 'Budgets', 'CloudWatch', 'ElastiCache']) expect(page).toContain(`<h3>${family} <span class="meta">`);
    expect(page).toContain('Failing and erroring resources (3)');
    expect(page).toContain('<p>versioning is Suspended on old-logs</p>');
    expect(page).toContain('<code class="fix">aws s3api put-bucket-versioning --bucket old-logs --versioning-configuration Status=Enabled</code>');
    expect(page).toContain('Suppressed (1)');
    expect(page).toContain('<strong>Accepted until 2027-01-01T00:00:00.000Z:</strong> MFA device on order');
  });

  it('escapes every value from the scan', () => {
    const page = html();
    expect(page).not.toContain('<script>alert');
    expect(page).toContain(escapeHtml(HOSTILE));
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('bell\u0007\u0000\u001b[31m\u009b\u202eevil\ttab\nline')).toBe('bell[31mevil\ttab\nline');
  });
});

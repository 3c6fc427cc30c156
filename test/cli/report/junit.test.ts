import { describe, expect, it } from 'vitest';
import { renderJunit, xmlEscape } from '../../../src/cli/report/junit.js';
import { ruleInfos } from '../../../src/cli/report/model.js';
import { RULES } from '../../../src/rules/index.js';
import { HOSTILE, sampleReport } from './fixtures.js';

function junit(): string {
  const report = sampleReport();
  return renderJunit(report, ruleInfos(report, RULES));
}

describe('renderJunit', () => {
  it('is one test suite per family and one test case per rule, with the totals', () => {
    const xml = junit();
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="preflight" tests="5" failures="2" errors="1" time="2.500">')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(4);
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain('<testsuite name="S3 (111122223333)" tests="2" failures="1" errors="0" skipped="1"');
    expect(xml).toContain('<property name="readiness" value="0/100"/>');
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
  });

  it('fails a failing rule with each failing resource, its reason and the fix', () => {
    const xml = junit();
    expect(xml).toContain('<testcase classname="preflight.s3" name="s3-bucket-versioning-enabled: S3 buckets keep every version of every object" time="0">');
    expect(xml).toContain(
      '<failure message="[HIGH] 1 resource(s) fail: old-logs" type="HIGH">FAIL old-logs (eu-west-1): versioning is Suspended on old-logs\n  resource: arn:aws:s3:::old-logs\n  fix: aws s3api put-bucket-versioning --bucket old-logs --versioning-configuration Status=Enabled</failure>',
    );
  });

  it('reports a rule that could not tell as an error, a suppressed or inapplicable one as skipped', () => {
    const xml = junit();
    expect(xml).toContain('<error message="[HIGH] 1 resource(s) could not be checked: AccessDenied: budgets:ViewBudget was denied" type="ERROR">');
    expect(xml).toContain('<skipped message="1 resource(s) suppressed"/>');
    expect(xml).toContain(
      '<system-out>severity: MEDIUM\nchecklist: Enable MFA Delete on S3 Buckets\nSUPPRESSED prod-data (eu-west-1): MFA delete is Disabled on prod-data; accepted: MFA device on order</system-out>',
    );
    expect(xml).toContain('<skipped message="not applicable to this account"/>');
  });

  it("puts each case's severity and checklist item in its system-out, never properties inside a testcase", () => {
    const xml = junit();
    expect(xml).toContain('<system-out>severity: HIGH\nchecklist: Enable S3 Bucket Versioning</system-out>');
    expect(xml).not.toMatch(/<testcase[^>]*>\s*<properties>/);
    expect(xml).not.toMatch(/<testsuites [^>]*skipped=/);
  });

  it('escapes markup from resource names and reasons', () => {
    const xml = junit();
    expect(xml).not.toContain('<script>');
    expect(xml).toContain(xmlEscape(HOSTILE));
    expect(xmlEscape('a\u0000b\u001b<&"\'>')).toBe('ab&lt;&amp;&quot;&apos;&gt;');
  });
});

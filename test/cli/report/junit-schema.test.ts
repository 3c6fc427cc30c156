/**
 * The JUnit XML against the schema the Jenkins xUnit plugin validates with (test/fixtures/junit/junit-10.xsd,
 * see the README beside it), checked by xmllint (Debian libxml2-utils).
 *
 * Without xmllint the test is skipped with a message, except in CI (CI set), where it runs and fails:
 * .ci/run installs libxml2-utils, so a missing xmllint there is a bug.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../../src/cli/report/junit.js';
import { type ScanReport, ruleInfos } from '../../../src/cli/report/model.js';
import { RULES } from '../../../src/rules/index.js';
import { readiness } from '#shared/core/readiness.js';
import { finding, HOSTILE, sampleReport } from './fixtures.js';

const XSD = resolve(import.meta.dirname, '../../fixtures/junit/junit-10.xsd');
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
const skip = !hasXmllint && !process.env.CI;
const title = skip
  ? 'JUnit XML against the Jenkins xUnit junit-10.xsd (SKIPPED: xmllint is absent; install it with: apt-get install -y libxml2-utils)'
  : 'JUnit XML against the Jenkins xUnit junit-10.xsd';

function validate(xml: string): { ok: boolean; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'preflight-junit-')), 'report.xml');
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });
  if (result.error) throw result.error;
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

function junit(report: ScanReport): string {
  return renderJunit(report, ruleInfos(report, RULES));
}

describe.skipIf(skip)(title, () => {
  it('validates a report with failures, errors, suppressions and rules that do not apply', () => {
    expect(validate(junit(sampleReport()))).toEqual({ ok: true, output: expect.stringContaining('validates') });
  });

  it('validates a report with hostile names, control characters and no finding at all', () => {
    const findings = [finding({ status: 'FAIL', resourceName: `${HOSTILE}\u0007\u0000]]>`, reason: `bell\u0007 and ]]> and \uFFFE` })];
    const rules = RULES.filter((r) => r.id === 's3-bucket-versioning-enabled');
    const hostile: ScanReport = { ...sampleReport(), accountId: HOSTILE, findings, readiness: readiness(findings, rules) };
    const empty: ScanReport = { ...sampleReport(), findings: [], readiness: readiness([], []) };

    expect(validate(junit(hostile))).toMatchObject({ ok: true });
    expect(validate(junit(empty))).toMatchObject({ ok: true });
  });

  it('rejects what the plugin rejects (the check is not blind)', () => {
    const invalid = junit(sampleReport()).replace('<testsuites ', '<testsuites skipped="1" ');
    expect(validate(invalid)).toMatchObject({ ok: false, output: expect.stringContaining("attribute 'skipped' is not allowed") });
  });
});

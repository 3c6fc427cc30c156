/**
 * `--format ocsf` against the OCSF 1.3.0 Compliance Finding schema (test/fixtures/ocsf/, see the README
 * beside it), and the promises strict consumers rely on: a unique event uid per scan, URLs only in
 * remediation.references, no "global" region.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { type ScanReport, ruleInfos } from '../../../src/cli/report/model.js';
import { renderOcsf } from '../../../src/cli/report/ocsf.js';
import { RULES } from '../../../src/rules/index.js';
import { finding, HOSTILE, sampleReport } from './fixtures.js';

const SCHEMA = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/ocsf/compliance_finding-1.3.0.schema.json'), 'utf8')) as object;
const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(SCHEMA);

type Event = Record<string, unknown> & {
  metadata: { uid: string; correlation_uid?: string };
  finding_info: { uid: string };
  cloud: { region?: string };
  resources: Array<{ region?: string; name: string }>;
  remediation?: { desc: string; references?: string[] };
};

function events(report: ScanReport = sampleReport()): Event[] {
  return JSON.parse(renderOcsf(report, ruleInfos(report, RULES))) as Event[];
}

function problems(event: unknown): string[] {
  return validate(event) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}

describe('OCSF output for strict consumers', () => {
  it('validates every event against the OCSF 1.3.0 Compliance Finding schema', () => {
    const all = events();
    expect(all).toHaveLength(5);
    for (const event of all) expect(problems(event), JSON.stringify(event.finding_info)).toEqual([]);
  });

  it('validates with hostile names, a deleted resource and a rule this version does not know', () => {
    const report = sampleReport();
    report.findings.push(
      finding({ resourceName: HOSTILE, reason: `${HOSTILE}\u0007`, status: 'RESOLVED' }),
      finding({ ruleId: 'retired-rule', status: 'FAIL', resourceType: 'AWS::Old::Thing' }),
    );
    for (const event of events(report)) expect(problems(event)).toEqual([]);
  });

  it('rejects what the schema rejects (the check is not blind)', () => {
    const [event] = events();
    expect(problems({ ...event, rule: 'x' })).not.toEqual([]);
    expect(problems({ ...event, severity: 'Severe' })).not.toEqual([]);
    expect(problems({ ...event, cloud: { region: 'eu-west-1' } })).not.toEqual([]);
  });

  it('gives every event of a scan its own metadata.uid, new each scan, while finding_info.uid stays the finding', () => {
    const first = events();
    const next = events({ ...sampleReport(), startedAt: '2026-11-24T10:00:00.000Z', finishedAt: '2026-11-24T10:00:02.000Z' });

    expect(new Set(first.map((e) => e.metadata.uid)).size).toBe(first.length);
    for (const [i, event] of first.entries()) {
      expect(event.metadata.uid).not.toBe(event.finding_info.uid);
      expect(next[i]?.finding_info.uid).toBe(event.finding_info.uid);
      expect(next[i]?.metadata.uid).not.toBe(event.metadata.uid);
    }
    expect(events().map((e) => e.metadata.uid)).toEqual(first.map((e) => e.metadata.uid));
  });

  it('puts URLs only in remediation.references, and the fix command, resource filled in, in remediation.desc', () => {
    const all = events();
    for (const event of all) {
      for (const reference of event.remediation?.references ?? []) expect(new URL(reference).protocol).toBe('https:');
    }
    const failing = all.find((e) => e.resources[0]?.name === 'old-logs');
    expect(failing?.remediation?.references).toEqual([
      'https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html#s3-14',
      'https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-versioning-enabled.html',
    ]);
    expect(failing?.remediation?.desc).toContain('aws s3api put-bucket-versioning --bucket old-logs --versioning-configuration Status=Enabled');
  });

  it('never says region "global": an account-wide finding is placed in the home region the rule ran in', () => {
    const all = events();
    for (const event of all) {
      expect(event.cloud.region).not.toBe('global');
      for (const resource of event.resources) expect(resource.region).not.toBe('global');
    }
    const budget = all.find((e) => e.finding_info.uid.startsWith('preflight/budget-cost-budget-exists/'));
    expect(budget?.cloud.region).toBe('us-east-1');
    expect(budget?.resources[0]).not.toHaveProperty('region');
  });
});

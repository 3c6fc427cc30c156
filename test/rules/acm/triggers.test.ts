import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyAcmSample } from '../../../src/cli/demo/sample/acm.js';
import { acmRules } from '../../../src/rules/acm/index.js';
import type { CloudTrailDetail } from '../../../src/rules/define-rule.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';
import { ACCOUNT, REGION } from '../../helpers/aws.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): CloudTrailDetail {
  const url = new URL(`../../fixtures/cloudtrail/acm-${eventName}.json`, import.meta.url);
  const { detail } = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { ...detail, requestParameters: detail.requestParameters ?? null, responseElements: detail.responseElements ?? null };
}

const arnOf = (id: string) => `arn:aws:acm:${REGION}:${ACCOUNT}:certificate/${id}`;
const API = arnOf('6f1c2a4e-8b3d-4e5f-9a70-1b2c3d4e5f60');
const LEGACY = arnOf('0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d');
const REPORTS = arnOf('3c4d5e6f-7a8b-4c9d-8e0f-a1b2c3d4e5f6');

/** Every eventName the certificate rule listens to, and the certificate each fixture names. */
const EXPECTED: ReadonlyArray<[eventName: string, certificateArn: string]> = [
  ['RequestCertificate', REPORTS],
  ['ImportCertificate', LEGACY],
  ['DeleteCertificate', REPORTS],
  ['RenewCertificate', API],
];

function targetsOf(eventName: string): Array<[string, string[]]> {
  const route = routeRecord(fixture(eventName), buildTriggerTable(acmRules));
  if (route.action !== 'evaluate') throw new Error(`${eventName} was skipped: ${route.message}`);
  expect(route.region).toBe('eu-west-1');
  return route.targets.map((t) => [t.rule.id, t.resourceNames]);
}

describe('ACM CloudTrail triggers', () => {
  it('cover exactly the events listed here, all from acm.amazonaws.com', () => {
    const declared = acmRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([name]) => `acm-certificate-not-expiring acm.amazonaws.com ${name}`).sort());
  });

  it.each(EXPECTED)('%s names the certificate ARN', (eventName, certificateArn) => {
    expect(targetsOf(eventName)).toEqual([['acm-certificate-not-expiring', [certificateArn]]]);
  });

  it('gives an event the same finding id a sweep gives', async () => {
    const account = emptyAccount(ACCOUNT);
    applyAcmSample(account);
    const apis = memoryApiProvider(account);
    const rules = acmRules.map((r) => r.bind());
    const named = ['ImportCertificate', 'RenewCertificate'].flatMap((name) => targetsOf(name).flatMap(([, names]) => names));

    const sweep = await evaluate({ accountId: ACCOUNT, regions: ['eu-west-1'], rules, apis });
    const targeted = await evaluate({ accountId: ACCOUNT, regions: ['eu-west-1'], rules, apis, target: { region: 'eu-west-1', resourceNames: named } });

    expect(sweep.findings.map((f) => `${f.resourceId} ${f.status}`).sort()).toEqual([`${LEGACY} FAIL`, `${API} PASS`].sort());
    expect(targeted.findings.map((f) => `${f.resourceId} ${f.status}`).sort()).toEqual([`${LEGACY} FAIL`, `${API} PASS`].sort());
  });
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sesRules } from '../../../src/rules/ses/index.js';
import { buildTriggerTable, cloudTrailEventSchema, routeCloudTrailDetail } from '#shared/engine/cloudtrail-router.js';

function fixture(eventName: string) {
  const url = new URL(`../../fixtures/cloudtrail/ses-${eventName}.json`, import.meta.url);
  return cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
}

const EVENTS = ['PutAccountDetails', 'CreateEmailIdentity', 'DeleteEmailIdentity'];

describe('SES CloudTrail triggers', () => {
  it('cover exactly these events, all from ses.amazonaws.com (the SESv2 API logs there too)', () => {
    const declared = sesRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EVENTS.map((name) => `ses.amazonaws.com ${name}`).sort());
  });

  it.each(EVENTS)('%s re-runs the account-level check of the event region (no resource names)', (eventName) => {
    const { detail } = fixture(eventName);
    const route = routeCloudTrailDetail(detail, buildTriggerTable(sesRules));

    expect(sesRules.flatMap((r) => r.triggers).every((t) => t.resourceNames === undefined)).toBe(true);
    expect(route).toMatchObject({ action: 'evaluate', region: 'eu-west-1', eventName });
    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([['ses-production-access', []]]);
  });
});

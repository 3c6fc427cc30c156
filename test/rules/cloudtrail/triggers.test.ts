import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cloudtrailRules } from '../../../src/rules/cloudtrail/index.js';
import type { CloudTrailDetail, Rule } from '../../../src/rules/define-rule.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): { detail: CloudTrailDetail } {
  const url = new URL(`../../fixtures/cloudtrail/cloudtrail-${eventName}.json`, import.meta.url);
  const event = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return {
    detail: { ...event.detail, requestParameters: event.detail.requestParameters ?? null, responseElements: event.detail.responseElements ?? null },
  };
}

function rule(id: string): Rule {
  const found = cloudtrailRules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

/** Every (rule, eventName) the CloudTrail rules listen to, with the trail each must extract. */
const EXPECTED: ReadonlyArray<[ruleId: string, eventName: string, names: string[] | 'account']> = [
  ['cloudtrail-multi-region-logging', 'CreateTrail', 'account'],
  ['cloudtrail-multi-region-logging', 'UpdateTrail', 'account'],
  ['cloudtrail-multi-region-logging', 'DeleteTrail', 'account'],
  ['cloudtrail-multi-region-logging', 'StartLogging', 'account'],
  ['cloudtrail-multi-region-logging', 'StopLogging', 'account'],
  ['cloudtrail-multi-region-logging', 'PutEventSelectors', 'account'],
  // CreateTrail/UpdateTrail answer with the trail's ARN; the console's DeleteTrail names it by ARN too.
  ['cloudtrail-log-file-validation', 'CreateTrail', ['org-trail']],
  ['cloudtrail-log-file-validation', 'UpdateTrail', ['app-audit']],
  ['cloudtrail-log-file-validation', 'DeleteTrail', ['app-audit']],
];

describe('CloudTrail triggers of the CloudTrail rules', () => {
  it('cover exactly the events listed here, all from cloudtrail.amazonaws.com', () => {
    const declared = cloudtrailRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([id, name]) => `${id} cloudtrail.amazonaws.com ${name}`).sort());
  });

  it.each(EXPECTED)('%s extracts the trail from a real-shaped %s record', (ruleId, eventName, names) => {
    const { detail } = fixture(eventName);
    const trigger = rule(ruleId).triggers.find((t) => t.eventNames.includes(eventName));
    expect(detail).toMatchObject({ eventSource: 'cloudtrail.amazonaws.com', eventName });
    if (names === 'account') expect(trigger?.resourceNames).toBeUndefined();
    else expect(trigger?.resourceNames?.(detail)).toEqual(names);
  });

  it('routes StopLogging to the account-level logging check (our own event path goes blind with it)', () => {
    const route = routeRecord(fixture('StopLogging').detail, buildTriggerTable(cloudtrailRules));

    expect(route).toMatchObject({ action: 'evaluate', region: 'us-east-1', eventName: 'StopLogging' });
    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([['cloudtrail-multi-region-logging', []]]);
  });

  it("routes UpdateTrail to both rules, the validation rule in the trail's home region", () => {
    const route = routeRecord(fixture('UpdateTrail').detail, buildTriggerTable(cloudtrailRules));

    expect(route).toMatchObject({ action: 'evaluate', region: 'eu-west-1' });
    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([
      ['cloudtrail-multi-region-logging', []],
      ['cloudtrail-log-file-validation', ['app-audit']],
    ]);
  });
});

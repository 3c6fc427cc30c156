import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyLogsSample } from '../../../src/cli/demo/sample/logs.js';
import type { CloudTrailDetail } from '../../../src/rules/define-rule.js';
import { logsRules } from '../../../src/rules/logs/index.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../src/cli/demo/memory-account/index.js';
import { ACCOUNT } from '../../helpers/aws.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): CloudTrailDetail {
  const url = new URL(`../../fixtures/cloudtrail/logs-${eventName}.json`, import.meta.url);
  const { detail } = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { ...detail, requestParameters: detail.requestParameters ?? null, responseElements: detail.responseElements ?? null };
}

/** Every eventName the log retention rule listens to, and the log group each fixture names. */
const EXPECTED: ReadonlyArray<[eventName: string, logGroup: string]> = [
  ['CreateLogGroup', '/aws/lambda/retainwise-export'],
  ['PutRetentionPolicy', '/aws/ecs/retainwise-worker'],
  ['DeleteRetentionPolicy', '/aws/lambda/retainwise-api'],
  ['DeleteLogGroup', '/aws/lambda/retainwise-export'],
];

describe('CloudWatch Logs CloudTrail triggers', () => {
  it('cover exactly the events listed here, all from logs.amazonaws.com', () => {
    const declared = logsRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([name]) => `logs-retention-set logs.amazonaws.com ${name}`).sort());
  });

  it.each(EXPECTED)('%s names the log group %s', (eventName, logGroup) => {
    const route = routeRecord(fixture(eventName), buildTriggerTable(logsRules));

    expect(route).toMatchObject({ action: 'evaluate', region: 'eu-west-1', eventName });
    expect(route.action === 'evaluate' && route.targets.map((t) => [t.rule.id, t.resourceNames])).toEqual([['logs-retention-set', [logGroup]]]);
  });

  it('gives an event the same finding id a sweep gives, and sees the retention the call set', async () => {
    const account = emptyAccount(ACCOUNT);
    applyLogsSample(account);
    const apis = memoryApiProvider(account);
    const [rule] = logsRules;
    if (!rule) throw new Error('no logs rule');
    const before = await evaluate({ accountId: ACCOUNT, regions: ['eu-west-1'], rules: [rule.bind()], apis });
    // The PutRetentionPolicy of the fixture, applied to the account.
    const worker = account.regions['eu-west-1']?.logs.logGroups.find((g) => g.name === '/aws/ecs/retainwise-worker');
    if (worker) worker.retentionInDays = 30;

    const after = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: [rule.bind()],
      apis,
      target: { region: 'eu-west-1', resourceNames: ['/aws/ecs/retainwise-worker'] },
    });

    const swept = before.findings.find((f) => f.resourceName === '/aws/ecs/retainwise-worker');
    expect(swept?.status).toBe('FAIL');
    expect(after.findings).toMatchObject([{ resourceId: swept?.resourceId, status: 'PASS' }]);
  });
});

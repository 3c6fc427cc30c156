import { describe, expect, it } from 'vitest';
import { applyLogsSample } from '../../../../src/cli/demo/sample/logs.js';
import { logsRules } from '../../../../src/rules/logs/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyAccount, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import { memoryLogsApi } from '../../../../src/cli/demo/memory-account/logs.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();

describe('memory CloudWatch Logs', () => {
  it('answers DescribeLogGroups in name order, with both ARN forms, a prefix filter and nextToken pages', async () => {
    // Prepare
    const api = memoryLogsApi(
      { logGroups: [{ name: '/b', retentionInDays: 30 }, { name: '/a' }, { name: '/a/b', logGroupClass: 'DELIVERY', retentionInDays: 1 }] },
      'eu-west-1',
      ACCOUNT,
      direct,
    );
    // Act
    const first = await api.describeLogGroups({ limit: 2 });
    const second = await api.describeLogGroups({ limit: 2, nextToken: first.nextToken });
    const prefixed = await api.describeLogGroups({ logGroupNamePrefix: '/a' });
    // Assess
    expect(first.logGroups?.map((g) => g.logGroupName)).toEqual(['/a', '/a/b']);
    expect(first.logGroups?.[0]).toMatchObject({
      arn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/a:*`,
      logGroupArn: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/a`,
      logGroupClass: 'STANDARD',
    });
    expect(first.logGroups?.[0]?.retentionInDays).toBeUndefined();
    expect(second.logGroups?.map((g) => g.logGroupName)).toEqual(['/b']);
    expect(second.nextToken).toBeUndefined();
    expect(prefixed.logGroups?.map((g) => g.logGroupName)).toEqual(['/a', '/a/b']);
    await expect(api.describeLogGroups({ limit: 51 })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('gives the demo sample its verdicts from one listing', async () => {
    const account = emptyAccount(ACCOUNT);
    applyLogsSample(account);
    const calls: string[] = [];

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: logsRules.map((r) => r.bind()),
      apis: memoryApiProvider(account, { onCall: (c) => calls.push(c.operation) }),
    });

    expect(findings.map((f) => `${f.resourceName} ${f.status}: ${f.reason}`)).toEqual([
      '/aws/ecs/retainwise-worker FAIL: log group /aws/ecs/retainwise-worker never expires its events; required 30-365 days',
      '/aws/lambda/retainwise-api PASS: log group /aws/lambda/retainwise-api keeps events 30 days, within the required 30-365',
      '/vpc/flow-logs/retainwise-prod PASS: log group /vpc/flow-logs/retainwise-prod keeps events 365 days, within the required 30-365',
    ]);
    expect(calls).toEqual(['DescribeLogGroups']);
  });
});

import { describe, expect, it } from 'vitest';
import { applyCloudWatchSample } from '../../../../src/cli/demo/sample/cloudwatch.js';
import { cloudwatchRules } from '../../../../src/rules/cloudwatch/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyRegion, type MemoryAccount, memoryApiProvider, emptyAccount as createEmptyAccount } from '../../../../src/cli/demo/memory-account/index.js';

const ACCOUNT = '123456789012';

function sampleAccount(): MemoryAccount {
  const account: MemoryAccount = createEmptyAccount(ACCOUNT);
  applyCloudWatchSample(account);
  return account;
}

describe('the demo sample account, CloudWatch part', () => {
  it('shows every CloudWatch rule passing and failing through the real readers', async () => {
    // Prepare
    const apis = memoryApiProvider(sampleAccount());
    // Act
    const { findings, calls } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1', 'us-east-1'],
      rules: cloudwatchRules.map((rule) => rule.bind({})),
      apis,
    });
    // Assess
    expect(findings.map((f) => `${f.ruleId} ${f.region} ${f.resourceName} ${f.status}: ${f.reason}`)).toEqual([
      'cloudwatch-alarm-action-configured eu-west-1 api-5xx-rate PASS: alarm api-5xx-rate has actions enabled and 1 ALARM action (ops-alerts)',
      'cloudwatch-alarm-action-configured eu-west-1 api-degraded PASS: alarm api-degraded has actions enabled and 1 ALARM action (ops-alerts)',
      'cloudwatch-alarm-action-configured eu-west-1 daily-cost-exceeded PASS: alarm daily-cost-exceeded has actions enabled and 1 ALARM action (billing-alerts)',
      'cloudwatch-alarm-action-configured eu-west-1 prediction-p95-latency PASS: alarm prediction-p95-latency has actions enabled and 1 ALARM action (ops-alerts)',
      'cloudwatch-alarm-action-configured eu-west-1 worker-queue-depth FAIL: alarm worker-queue-depth has its actions disabled: its 1 ALARM action will not run',
      'cloudwatch-alarm-action-configured us-east-1 billing-estimated-charges PASS: alarm billing-estimated-charges has actions enabled and 1 ALARM action (account-billing)',
      'cloudwatch-alarm-topic-subscribed eu-west-1 billing-alerts FAIL: SNS topic billing-alerts has only 1 subscription pending confirmation: notifications from alarm daily-cost-exceeded reach nobody',
      'cloudwatch-alarm-topic-subscribed eu-west-1 ops-alerts PASS: SNS topic ops-alerts has 1 confirmed subscription (email)',
      'cloudwatch-alarm-topic-subscribed us-east-1 account-billing PASS: SNS topic account-billing has 2 confirmed subscriptions (email, sms)',
      'cloudwatch-billing-alarm-exists global 123456789012 PASS: billing alarm billing-estimated-charges watches AWS/Billing EstimatedCharges with an enabled ALARM action',
      'cloudwatch-dashboard-exists global 123456789012 PASS: the account has 1 CloudWatch dashboard (RetainWise-Production)',
    ]);
    // One DescribeAlarms sweep per region serves all three alarm rules.
    expect(calls['cloudwatch:DescribeAlarms']).toBe(2);
  });

  it('adds to a region another family already created instead of replacing it', () => {
    const account: MemoryAccount = createEmptyAccount(ACCOUNT);
    const ireland = emptyRegion();
    ireland.sns.topics.push({ name: 'deploy-events', subscriptions: [] });
    account.regions['eu-west-1'] = ireland;

    applyCloudWatchSample(account);

    expect(account.regions['eu-west-1']).toBe(ireland);
    expect(ireland.sns.topics.map((t) => t.name)).toEqual(['deploy-events', 'ops-alerts', 'billing-alerts']);
  });
});

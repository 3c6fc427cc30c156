import { describe, expect, it } from 'vitest';
import { applyCloudTrailSample } from '../../../../src/cli/demo/sample/cloudtrail.js';
import { cloudtrailRules } from '../../../../src/rules/cloudtrail/index.js';
import { evaluate } from '#shared/engine/engine.js';
import { emptyCloudTrailState, memoryCloudTrailApi, type MemoryTrail } from '../../../../src/cli/demo/memory-account/cloudtrail.js';
import { emptyAccount, ensureRegion, type MemoryCallInfo, memoryApiProvider } from '../../../../src/cli/demo/memory-account/index.js';
import type { MemoryCall } from '../../../../src/cli/demo/memory-account/support.js';

const ACCOUNT = '123456789012';
const direct: MemoryCall = async (_service, _operation, _input, answer) => answer();
const ORG_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`;

/** eu-west-1 holds its own trail and the shadow of a multi-region trail homed in us-east-1. */
function ireland() {
  const orgTrail: MemoryTrail = { name: 'org-trail', homeRegion: 'us-east-1', multiRegion: true };
  const state = { ...emptyCloudTrailState(), trails: [orgTrail, { name: 'app-audit', logFileValidation: true, logging: false }] };
  return memoryCloudTrailApi(state, 'eu-west-1', ACCOUNT, direct);
}

describe('memory CloudTrail', () => {
  it('describes trails with their shadows by default, as CloudTrail does, and without them on request', async () => {
    const all = await ireland().describeTrails({});
    const own = await ireland().describeTrails({ includeShadowTrails: false });

    expect(all.trailList?.map((t) => [t.Name, t.HomeRegion, t.TrailARN])).toEqual([
      ['org-trail', 'us-east-1', ORG_ARN],
      ['app-audit', 'eu-west-1', `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/app-audit`],
    ]);
    expect(all.trailList?.[0]).toMatchObject({ IsMultiRegionTrail: true, LogFileValidationEnabled: false, HasCustomEventSelectors: false });
    expect(own.trailList?.map((t) => t.Name)).toEqual(['app-audit']);
  });

  it("finds a shadow trail's status by ARN only, and answers TrailNotFoundException otherwise", async () => {
    await expect(ireland().getTrailStatus({ Name: ORG_ARN })).resolves.toEqual({ IsLogging: true });
    await expect(ireland().getTrailStatus({ Name: 'org-trail' })).rejects.toMatchObject({ name: 'TrailNotFoundException' });
    await expect(ireland().getTrailStatus({ Name: 'app-audit' })).resolves.toMatchObject({ IsLogging: false });
  });

  it('answers the default selectors, or the custom basic or advanced ones', async () => {
    const advanced = [{ Name: 'mgmt', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] }];
    const state = {
      trails: [
        { name: 'default' },
        { name: 'writes', eventSelectors: [{ ReadWriteType: 'WriteOnly' as const, IncludeManagementEvents: true }] },
        { name: 'advanced', advancedEventSelectors: advanced },
      ],
    };
    const api = memoryCloudTrailApi(state, 'us-east-1', ACCOUNT, direct);

    expect((await api.getEventSelectors({ TrailName: 'default' })).EventSelectors).toMatchObject([{ ReadWriteType: 'All', IncludeManagementEvents: true }]);
    expect((await api.getEventSelectors({ TrailName: 'writes' })).EventSelectors).toEqual([{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true }]);
    expect(await api.getEventSelectors({ TrailName: 'advanced' })).toEqual({
      TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/advanced`,
      AdvancedEventSelectors: advanced,
    });
  });

  it("serves the real rules: the demo sample logs everywhere but does not validate org-trail's files", async () => {
    const sample = emptyAccount(ACCOUNT);
    applyCloudTrailSample(sample);
    const calls: MemoryCallInfo[] = [];

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1', 'us-east-1'],
      rules: cloudtrailRules.map((rule) => rule.bind()),
      apis: memoryApiProvider(sample, { onCall: (call) => calls.push(call) }),
    });

    expect(findings.map((f) => `${f.ruleId} ${f.region} ${f.resourceName}: ${f.status}: ${f.reason}`)).toEqual([
      'cloudtrail-log-file-validation eu-west-1 app-audit: PASS: log file validation is enabled on trail app-audit',
      'cloudtrail-log-file-validation us-east-1 org-trail: FAIL: log file validation is disabled on trail org-trail',
      `cloudtrail-multi-region-logging global ${ACCOUNT}: PASS: multi-region trail org-trail is logging all management events for account ${ACCOUNT}`,
    ]);
    // One DescribeTrails per region serves both rules.
    expect(
      calls
        .filter((c) => c.operation === 'DescribeTrails')
        .map((c) => c.region)
        .sort(),
    ).toEqual(['eu-west-1', 'us-east-1']);
  });

  it('shows the drift the rule exists for: a stopped multi-region trail fails the account', async () => {
    const sample = emptyAccount(ACCOUNT);
    applyCloudTrailSample(sample);
    for (const trail of ensureRegion(sample, 'us-east-1').cloudtrail.trails) trail.logging = false;
    const multiRegion = cloudtrailRules.find((r) => r.id === 'cloudtrail-multi-region-logging');

    const { findings } = await evaluate({
      accountId: ACCOUNT,
      regions: ['eu-west-1'],
      rules: multiRegion ? [multiRegion.bind()] : [],
      apis: memoryApiProvider(sample),
    });

    expect(findings.map((f) => `${f.status}: ${f.reason}`)).toEqual([
      `FAIL: no multi-region trail is logging all management events for account ${ACCOUNT}: org-trail is not logging`,
    ]);
  });
});

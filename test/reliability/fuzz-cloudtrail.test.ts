/**
 * Fuzz: CloudTrail events. Random JSON and mutated real-shaped fixtures must end in a skip (with a
 * reason) or an evaluation, never a throw or an unhandled rejection — through the pure router (bulk of
 * the runs), the router plus the engine on an in-memory account with random API faults, and the real
 * Lambda handler (middy, Powertools, the findings store on dynalite, every SDK client mocked).
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../src/handlers/cloudtrail-event.js';
import { sampleAccount } from '../../src/cli/demo/sample-account.js';
import { RULES } from '../../src/rules/index.js';
import { buildTriggerTable, type SkipReason } from '#shared/engine/cloudtrail-router.js';
import { evaluateRoute } from '#shared/engine/evaluate-route.js';
import { memoryApiProvider } from '../../src/cli/demo/memory-account/index.js';
import { MemoryServiceError } from '../../src/cli/demo/memory-account/support.js';
import { type LocalDynamo, startDynalite } from '../helpers/dynalite.js';
import { lambdaContext, useHandlerEnvironment } from '../helpers/lambda.js';
import { assertWellFormed, trackUnhandledRejections } from './support/checks.js';
import { fuzz, fuzzSync, printRunCounts } from './support/fuzz.js';
import { anyEvent, FIXTURES, type JsonObject, mutatedEvent } from './support/hostile.js';
import { mockRuleClients } from './support/sdk-mocks.js';
import { routeRecord } from '../helpers/cloudtrail.js';

const SKIPS = new Set<SkipReason | 'unknown-account'>(['malformed', 'failed-call', 'read-only', 'unknown-event', 'no-resource', 'unknown-account']);
const table = buildTriggerTable(RULES);
const detailOf = (event: unknown): unknown => (event && typeof event === 'object' && !Array.isArray(event) ? (event as JsonObject).detail : event);
const rejections = trackUnhandledRejections();

afterAll(() => {
  rejections.stop();
  printRunCounts('fuzz-cloudtrail');
});

describe('CloudTrail router under random and mutated events', () => {
  it('every fixture routes untouched to an evaluation, in the account the handler validated (no call is left to the sweep)', () => {
    expect(FIXTURES.length).toBeGreaterThan(20);
    const skipped = FIXTURES.flatMap(({ file, event }) => {
      const route = routeRecord(event.detail, table, { accountId: '123456789012' });
      return route.action === 'evaluate' ? [] : [`${file}: ${route.reason}`];
    });
    expect(skipped).toEqual([]);
  });

  it('always returns a skip with a known reason, or an evaluation with named string targets', () => {
    const seen = { evaluate: 0, skip: 0 };
    fuzzSync(
      'router: random JSON + mutated fixtures',
      anyEvent,
      (event) => {
        const route = routeRecord(detailOf(event), table);
        seen[route.action] += 1;
        if (route.action === 'skip') {
          expect(SKIPS.has(route.reason)).toBe(true);
          expect(typeof route.message).toBe('string');
          return;
        }
        expect(route.targets.length).toBeGreaterThan(0);
        expect(typeof route.region).toBe('string');
        for (const target of route.targets) {
          for (const name of target.resourceNames) expect(typeof name === 'string' && name.length > 0).toBe(true);
          // A resource rule names what it re-evaluates, or says it re-evaluates every resource of the region.
          if (target.rule.scope === 'resource') expect(target.resourceNames.length > 0 || target.everyResource === true).toBe(true);
        }
      },
      20_000,
    );
    // The mutations must reach the evaluation path often, or the property proves little.
    expect(seen.evaluate).toBeGreaterThan(4_000);
    expect(seen.skip).toBeGreaterThan(4_000);
  });

  it('routed events evaluate on an in-memory account, with random API faults, into well-formed findings', async () => {
    const account = sampleAccount();
    const faults = ['AccessDenied', 'ThrottlingException', 'InternalFailure', 'ExpiredToken', 'RequestTimeout'];
    await fuzz(
      'router + engine on the sample account with faults',
      fc.tuple(mutatedEvent, fc.integer({ min: 0, max: 9 }), fc.constantFrom(...faults), fc.integer({ min: 0, max: 2 ** 31 - 1 })),
      async ([{ event }, faultPercentTens, code, salt]) => {
        const route = routeRecord(event.detail, table);
        if (route.action !== 'evaluate') return;
        let calls = 0;
        const apis = memoryApiProvider(account, {
          // A deterministic fault schedule: roughly faultPercentTens×10 % of calls fail with `code`.
          fault: () => ((salt + calls++ * 7_919) % 10 < faultPercentTens ? new MemoryServiceError(code, `${code} (injected)`, 400) : undefined),
        });
        const result = await evaluateRoute(route, { accountId: '123456789012', apis });
        for (const finding of result.findings) assertWellFormed(finding, new Set([code, 'InvalidNextToken', 'InvalidParameter', 'NotFound']));
      },
      2_000,
    );
  });
});

describe('cloudtrail-event Lambda handler under random and mutated events', () => {
  let dynamo: LocalDynamo;
  const sdk = mockRuleClients();

  beforeAll(async () => {
    dynamo = await startDynalite();
    // Every rule enabled: each mutated event can reach any rule's extractor and evaluation.
    await useHandlerEnvironment(dynamo, { ENABLED_RULES: '' });
    sdk.sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
  });
  afterAll(async () => {
    sdk.restore();
    await dynamo.stop();
  });

  it('resolves to evaluated or skipped (with a known reason) for any event, never rejects', async () => {
    const outcomes: Record<string, number> = {};
    await fuzz('handler: random JSON + mutated fixtures (mocked SDK, dynalite store)', anyEvent, async (event) => {
      const outcome = await handler(event, lambdaContext('preflight-cloudtrail-event'));
      outcomes[outcome.reason ?? outcome.action] = (outcomes[outcome.reason ?? outcome.action] ?? 0) + 1;
      expect(['evaluated', 'skipped']).toContain(outcome.action);
      if (outcome.action === 'skipped') expect(SKIPS.has(outcome.reason as SkipReason)).toBe(true);
    });
    console.log('[fuzz] handler outcomes', outcomes);
    expect(outcomes.evaluated ?? 0).toBeGreaterThan(200);
    expect(rejections.count()).toBe(0);
  }, 240_000);
});

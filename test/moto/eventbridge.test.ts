/**
 * The packaged templates' EventBridge rules on a real matcher: each CloudTrail rule of the main stack
 * (home region: default bus and central bus) and of the us-east-1 forwarder is put on moto's EventBridge
 * with an SQS queue as its target; every CloudTrail fixture (test/fixtures/cloudtrail/) and variants no
 * rule needs are put on the default bus, and the fixtures as a member account's calls in another region
 * (what the member stack forwards) on the central bus; moto's pattern matching, not ours, decides what
 * reaches each queue.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RULES } from '../../src/rules/index.js';
import { eventNamesBySource } from '#shared/engine/cloudtrail-router.js';
import { isObject, type Template } from '../deploy/package.js';
import { describeWithMoto, type MotoServer, startMoto } from '../helpers/moto.js';
import { FORWARDER_PACKAGE, MAIN_PACKAGE, packagedOnce } from '../helpers/packaged.js';
import { motoClients } from './seed/clients.js';
import { motoJson } from './seed/raw.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/cloudtrail');

interface CloudTrailEvent {
  source: string;
  'detail-type': string;
  time: string;
  resources: string[];
  detail: { eventSource: string; eventName: string; eventID: string } & Record<string, unknown>;
}

/** The fixtures, and variants no rule needs: other event names, another detail-type, another source. */
function events(): { fixtures: CloudTrailEvent[]; unwanted: CloudTrailEvent[] } {
  // Each event is told apart by its fixture's file name, put in its eventID (which no pattern reads).
  const fixtures = readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const event = JSON.parse(readFileSync(join(FIXTURES, f), 'utf8')) as CloudTrailEvent;
      event.detail.eventID = f;
      return event;
    });
  const firstOfEachSource = [...new Map(fixtures.map((e) => [e.detail.eventSource, e])).values()];
  const variant = (e: CloudTrailEvent, tag: string, change: (copy: CloudTrailEvent) => void): CloudTrailEvent => {
    const copy = structuredClone(e);
    copy.detail.eventID = `${e.detail.eventID}-${tag}`;
    change(copy);
    return copy;
  };
  // A read of each service (no rule re-evaluates on one); for a few services, the same call under
  // another detail-type or another source.
  const unwanted = [
    ...firstOfEachSource.map((e) =>
      variant(e, 'read', (c) => {
        c.detail.eventName = `Describe${c.detail.eventName}`;
        c.detail.readOnly = true;
      }),
    ),
    ...firstOfEachSource.slice(0, 3).flatMap((e) => [
      variant(e, 'service-event', (c) => {
        c['detail-type'] = 'AWS Service Event via CloudTrail';
      }),
      variant(e, 'custom-source', (c) => {
        c.source = 'com.example.app';
      }),
    ]),
  ];
  return { fixtures, unwanted };
}

/** The fixtures as a member account's calls in another region, as they arrive on the central bus (ids tagged). */
const MEMBER = '444455556666';
const MEMBER_TAG = '#member';
function asMemberCalls(events: readonly CloudTrailEvent[]): CloudTrailEvent[] {
  return events.map((e) => {
    const copy = structuredClone(e);
    copy.detail = { ...copy.detail, eventID: `${e.detail.eventID}${MEMBER_TAG}`, recipientAccountId: MEMBER, awsRegion: 'eu-central-1' };
    return copy;
  });
}

/** The CloudTrail rules of a packaged template: logical id → event pattern, and whether it is on the central bus. */
function cloudTrailRules(template: Template): Array<[string, Record<string, unknown>, boolean]> {
  return Object.entries(template.Resources).flatMap(([id, resource]) => {
    const pattern = resource.Properties.EventPattern;
    const central = resource.Properties.EventBusName !== undefined;
    return resource.Type === 'AWS::Events::Rule' && isObject(pattern)
      ? [[id, pattern as Record<string, unknown>, central] as [string, Record<string, unknown>, boolean]]
      : [];
  });
}

/** The event ids that reached each queue. */
async function drain(sqs: SQSClient, queues: ReadonlyMap<string, string>): Promise<Map<string, string[]>> {
  const received = new Map<string, string[]>();
  for (const [rule, url] of queues) {
    const ids: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 300 }),
      );
      if (Messages.length === 0) break;
      for (const m of Messages) ids.push((JSON.parse(m.Body ?? '{}') as { eventID: string }).eventID);
    }
    received.set(rule, ids.sort());
  }
  return received;
}

let moto: MotoServer | undefined;
const delivered = new Map<'home' | 'central' | 'forwarder', Map<string, string[]>>();
/** The central bus of the packaged main stack (stage test). */
const CENTRAL_BUS = 'preflight-test';
const { fixtures, unwanted } = events();
const sourceOf = new Map([...fixtures, ...unwanted, ...asMemberCalls(fixtures)].map((e) => [e.detail.eventID, e.detail.eventSource]));

/** Ids of the fixtures the given rules need, by event source. */
function needed(rules: typeof RULES): Map<string, string[]> {
  const wanted = eventNamesBySource(rules);
  const bySource = new Map<string, string[]>();
  for (const e of fixtures) {
    if (!wanted[e.detail.eventSource]?.includes(e.detail.eventName)) continue;
    bySource.set(e.detail.eventSource, [...(bySource.get(e.detail.eventSource) ?? []), e.detail.eventID].sort());
  }
  return bySource;
}

describeWithMoto("the packaged templates' EventBridge rules on moto's matcher", () => {
  beforeAll(async () => {
    const [main, forwarder, server] = await Promise.all([
      packagedOnce(MAIN_PACKAGE.args, MAIN_PACKAGE.cwd),
      packagedOnce(FORWARDER_PACKAGE.args, FORWARDER_PACKAGE.cwd),
      startMoto(),
    ]);
    moto = server;
    const stacks = [
      { name: 'home' as const, region: 'eu-west-1', template: main.template },
      { name: 'forwarder' as const, region: 'us-east-1', template: forwarder.template },
    ];
    const rulesOnBuses = Promise.all(
      stacks.map(async ({ name, region, template }) => {
        const { sqs } = motoClients(server)(region);
        const queues = new Map<string, string>();
        const centralQueues = new Map<string, string>();
        const rules = cloudTrailRules(template);
        if (rules.some(([, , central]) => central)) await motoJson(server.endpoint, 'events', region, 'AWSEvents.CreateEventBus', { Name: CENTRAL_BUS });
        for (const [id, pattern, central] of rules) {
          const bus = central ? { EventBusName: CENTRAL_BUS } : {};
          const { QueueUrl = '' } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-${id}`.slice(0, 80) }));
          const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
          await motoJson(server.endpoint, 'events', region, 'AWSEvents.PutRule', { Name: id, EventPattern: JSON.stringify(pattern), State: 'ENABLED', ...bus });
          // The target forwards the event's id only: moto evaluates every input path of a transformer with a
          // freshly built JSONPath parser (about a second each on a loaded machine), eight for the default one.
          const transformer = { InputPathsMap: { eventID: '$.detail.eventID' }, InputTemplate: '{"eventID": "<eventID>"}' };
          await motoJson(server.endpoint, 'events', region, 'AWSEvents.PutTargets', {
            Rule: id,
            Targets: [{ Id: 'queue', Arn: Attributes?.QueueArn, InputTransformer: transformer }],
            ...bus,
          });
          (central ? centralQueues : queues).set(id, QueueUrl);
        }
        const put = async (events: readonly CloudTrailEvent[], bus: { EventBusName?: string }) => {
          for (let i = 0; i < events.length; i += 10) {
            // JSON protocol timestamps are epoch seconds.
            const entries = events.slice(i, i + 10).map((e) => ({
              Source: e.source,
              DetailType: e['detail-type'],
              Detail: JSON.stringify(e.detail),
              Resources: e.resources,
              Time: Date.parse(e.time) / 1000,
              ...bus,
            }));
            const out = await motoJson<{ FailedEntryCount: number }>(server.endpoint, 'events', region, 'AWSEvents.PutEvents', { Entries: entries });
            expect(out.FailedEntryCount).toBe(0);
          }
        };
        await put([...fixtures, ...unwanted], {});
        if (centralQueues.size > 0) await put(asMemberCalls(fixtures), { EventBusName: CENTRAL_BUS });
        delivered.set(name, await drain(sqs, queues));
        if (centralQueues.size > 0) delivered.set('central', await drain(sqs, centralQueues));
      }),
    );
    await rulesOnBuses.catch((error: unknown) => {
      throw new Error(`moto's EventBridge failed; its output ends with:\n${server.output().slice(-3000)}`, { cause: error });
    });
  }, 600_000);

  afterAll(async () => {
    await moto?.stop();
  });

  /** Per queue: the event source of what it received, and the ids; every queue receives one source only. */
  function bySource(received: Map<string, string[]>): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [rule, ids] of received) {
      const sources = [...new Set(ids.map((id) => sourceOf.get(id)))];
      expect(sources.length, `${rule} received events of ${sources.join(', ')}`).toBeLessThanOrEqual(1);
      const [source] = sources;
      if (!source) continue;
      expect(out.has(source), `two rules receive ${source} events`).toBe(false);
      out.set(source, ids);
    }
    return out;
  }

  it('delivers every CloudTrail fixture a rule needs to exactly one home-region rule, and nothing else', () => {
    const received = delivered.get('home')!;
    expect(Object.fromEntries(bySource(received))).toEqual(Object.fromEntries(needed(RULES)));
    expect(needed(RULES).size).toBeGreaterThanOrEqual(15);
    console.info(
      `[moto] eventbridge: ${fixtures.length} fixtures and ${unwanted.length} unwanted variants put on the bus of ${received.size} home-region rules`,
    );
  });

  it("delivers a member account's calls in another region, put on the central bus, to cloudtrailEvent's central rules only", () => {
    const received = delivered.get('central')!;
    expect(received.size).toBe(delivered.get('home')!.size);
    const ids = [...received.values()].flat();
    // Nothing put on the default bus reached a central rule (and, above, nothing of the central bus a home rule).
    expect(ids.filter((id) => !id.endsWith(MEMBER_TAG))).toEqual([]);
    expect([...delivered.get('home')!.values()].flat().filter((id) => id.endsWith(MEMBER_TAG))).toEqual([]);
    const untagged = new Map([...bySource(received)].map(([source, got]) => [source, got.map((id) => id.slice(0, -MEMBER_TAG.length)).sort()]));
    expect(Object.fromEntries(untagged)).toEqual(Object.fromEntries(needed(RULES)));
  });

  it("forwards from us-east-1 exactly the global rules' events, and nothing else", () => {
    const globalRules = RULES.filter((rule) => rule.global === true);
    const received = delivered.get('forwarder')!;
    expect(Object.fromEntries(bySource(received))).toEqual(Object.fromEntries(needed(globalRules)));
    // The forwarder does not carry regional services' events (S3, EC2...): their rules run where they happen.
    expect([...bySource(received).keys()]).not.toContain('s3.amazonaws.com');
  });
});

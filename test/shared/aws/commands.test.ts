/**
 * A service's API is derived from its command map: one method per command, named after the operation,
 * that sends that command with the caller's input; answers typed without `$metadata`.
 */
import {
  DescribeTrailsCommand,
  type DescribeTrailsRequest,
  type DescribeTrailsResponse,
  GetTrailStatusCommand,
  type GetTrailStatusResponse,
} from '@aws-sdk/client-cloudtrail';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { type ApiOf, bindCommands, methodName } from '#shared/aws/commands.js';
import type { CloudTrailApi } from '#shared/aws/services/cloudtrail/sdk.js';

const COMMANDS = { DescribeTrailsCommand, GetTrailStatusCommand };

/** A client that records what it is given and answers from a table by command name. */
function fakeClient(answers: Record<string, object>) {
  const sent: object[] = [];
  const middleware: string[] = [];
  const client = {
    middlewareStack: {
      use: (plugin: { applyToStack(stack: { add(handler: unknown, options: { name: string }): void }): void }) =>
        plugin.applyToStack({ add: (_handler, options) => middleware.push(options.name) }),
    },
    send: async (command: object) => {
      sent.push(command);
      return answers[command.constructor.name] ?? {};
    },
  };
  return { client, sent, middleware };
}

/** The fake has only the parts of a client the binding uses (`use` of the stack, `send`). */
const asClient = (fake: ReturnType<typeof fakeClient>['client']) => fake as unknown as Parameters<typeof bindCommands>[0];

describe('methodName', () => {
  it.each([
    ['ListTablesCommand', 'listTables'],
    ['DescribeDBInstancesCommand', 'describeDBInstances'],
    ['GetBucketLifecycleConfigurationCommand', 'getBucketLifecycleConfiguration'],
  ])('%s → %s', (command, method) => {
    expect(methodName(command)).toBe(method);
  });
});

describe('bindCommands', () => {
  it('gives one method per command, named after its operation, and nothing else', () => {
    const { client } = fakeClient({});
    const api = bindCommands(asClient(client), COMMANDS);
    expect(Object.keys(api).sort()).toEqual(['describeTrails', 'getTrailStatus']);
  });

  it('sends the command a method is named after, with the input, once, and answers what the client answers', async () => {
    const status = { IsLogging: true };
    const { client, sent } = fakeClient({ GetTrailStatusCommand: status });
    const api = bindCommands(asClient(client), COMMANDS);
    await expect(api.getTrailStatus({ Name: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/main' })).resolves.toBe(status);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(GetTrailStatusCommand);
    expect((sent[0] as GetTrailStatusCommand).input).toEqual({ Name: 'arn:aws:cloudtrail:eu-west-1:123456789012:trail/main' });
  });

  it('makes the client keep raw answers (evidence for answers the SDK cannot parse)', () => {
    const { client, middleware } = fakeClient({});
    bindCommands(asClient(client), COMMANDS);
    expect(middleware).toEqual(['preflightKeepRawAnswers']);
  });

  it('types each method as the operation: its request in, its response out without $metadata', () => {
    type Api = ApiOf<typeof COMMANDS>;
    expectTypeOf<keyof CloudTrailApi>().toEqualTypeOf<'describeTrails' | 'getTrailStatus' | 'getEventSelectors'>();
    expectTypeOf<Parameters<Api['describeTrails']>[0]>().toMatchTypeOf<DescribeTrailsRequest>();
    expectTypeOf<DescribeTrailsRequest>().toMatchTypeOf<Parameters<Api['describeTrails']>[0]>();
    expectTypeOf<Awaited<ReturnType<Api['describeTrails']>>>().toMatchTypeOf<DescribeTrailsResponse>();
    expectTypeOf<DescribeTrailsResponse>().toMatchTypeOf<Awaited<ReturnType<Api['describeTrails']>>>();
    expectTypeOf<Awaited<ReturnType<Api['getTrailStatus']>>>().toMatchTypeOf<GetTrailStatusResponse>();
    expectTypeOf<Awaited<ReturnType<Api['getTrailStatus']>>>().not.toHaveProperty('$metadata');
  });
});

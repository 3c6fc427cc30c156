/**
 * A DynamoDB client for dynalite built exactly like production's (adaptive retries, 6 attempts), with
 * a fault-injection middleware inside the retry loop: each attempt asks the schedule whether to fail,
 * so injected throttling and 5xx errors are retried by the SDK the way real ones are.
 */
import { DynamoDBClient, InternalServerError, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import type { FinalizeHandlerArguments } from '@smithy/types';
import { clientConfig } from '#shared/aws/clients.js';
import type { LocalDynamo } from '../../helpers/dynalite.js';

export interface DynamoRequest {
  /** `PutItem`, `UpdateItem`, `GetItem`, `Query`... */
  operation: string;
  /** The request body (JSON). */
  body: string;
}

export type DynamoFault = 'throttle' | 'internal' | 'dead' | undefined;

export interface FaultyDynamo {
  client: DynamoDBClient;
  /** Faults injected so far, by kind. */
  injected: Record<string, number>;
  attempts: Record<string, number>;
  setSchedule(schedule: (request: DynamoRequest) => DynamoFault): void;
}

export function faultyDynamo(dynamo: LocalDynamo, schedule: (request: DynamoRequest) => DynamoFault = () => undefined): FaultyDynamo {
  const client = new DynamoDBClient({
    ...clientConfig('eu-west-1'),
    endpoint: dynamo.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const state: FaultyDynamo = {
    client,
    injected: {},
    attempts: {},
    setSchedule(next) {
      schedule = next;
    },
  };
  client.middlewareStack.add(
    (next) => async (args: FinalizeHandlerArguments<object>) => {
      const request = args.request as { headers?: Record<string, string>; body?: unknown };
      const operation = (request.headers?.['x-amz-target'] ?? '').split('.')[1] ?? 'unknown';
      state.attempts[operation] = (state.attempts[operation] ?? 0) + 1;
      const body = typeof request.body === 'string' ? request.body : request.body instanceof Uint8Array ? Buffer.from(request.body).toString('utf8') : '';
      const fault = schedule({ operation, body });
      if (fault) {
        state.injected[fault] = (state.injected[fault] ?? 0) + 1;
        const $metadata = { httpStatusCode: fault === 'throttle' ? 400 : 500, attempts: 1 };
        if (fault === 'throttle') throw new ProvisionedThroughputExceededException({ message: 'injected: throughput exceeded', $metadata });
        if (fault === 'internal') throw new InternalServerError({ message: 'injected: internal server error', $metadata });
        // The process is gone (Lambda timeout): not an AWS error, nothing retries it.
        throw Object.assign(new Error('Task timed out'), { name: 'LambdaTimeout' });
      }
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'preflightFaultInjection' },
  );
  return state;
}

/**
 * An SDK client middleware that keeps each answer's raw bytes, so an answer the SDK cannot parse (an
 * HTML error page from a proxy or an emulator, a truncated body) can be shown in a finding's evidence
 * instead of lost in a consumed stream; and that refuses an HTML page answered with a 2xx status,
 * which the XML protocols would otherwise read as an empty, successful answer ("no load balancers").
 * Preflight calls no streaming operation: every answer is parsed whole anyway.
 */
import { streamCollector } from '@smithy/node-http-handler';
import type { DeserializeHandlerOutput, MetadataBearer, MiddlewareStack, Pluggable } from '@smithy/types';

interface RawResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: unknown;
}

function isRawResponse(value: unknown): value is RawResponse {
  return value !== null && typeof value === 'object' && typeof (value as RawResponse).statusCode === 'number';
}

const HTML_START = /^\s*<(!doctype\s+html|html[\s>])/i;

/** JSON protocols answer an object; some emulators (moto) label it text/html, which is harmless. */
const JSON_START = /^\s*[{[]/;

function isHtmlPage(response: RawResponse, bytes: Uint8Array): boolean {
  const type = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  const start = new TextDecoder().decode(bytes.subarray(0, 64));
  if (HTML_START.test(start)) return true;
  return /text\/html/i.test(type) && !JSON_START.test(start);
}

/** A SyntaxError, as the SDK's JSON parsers throw, carrying the answer the way SDK errors do. */
function htmlAnswerError(response: RawResponse): SyntaxError {
  const error = new SyntaxError('an HTML page is not an AWS answer');
  Object.defineProperty(error, '$response', { value: response, enumerable: false });
  return Object.assign(error, { $metadata: { httpStatusCode: response.statusCode } });
}

export function keepRawAnswers<Input extends object, Output extends MetadataBearer>(): Pluggable<Input, Output> {
  return {
    applyToStack(stack) {
      stack.add(
        (next) => async (args) => {
          const result: DeserializeHandlerOutput<Output> = await next(args);
          const { response } = result;
          if (!isRawResponse(response) || response.body === undefined || response.body === null) return result;
          if (!(response.body instanceof Uint8Array) && typeof response.body !== 'string') {
            response.body = await streamCollector(response.body as Parameters<typeof streamCollector>[0]);
          }
          const bytes = typeof response.body === 'string' ? new TextEncoder().encode(response.body) : (response.body as Uint8Array);
          if (response.statusCode >= 200 && response.statusCode < 300 && isHtmlPage(response, bytes)) throw htmlAnswerError(response);
          return result;
        },
        // Low priority in the deserialize step: inside the SDK's deserializer, so it sees the raw answer first.
        { step: 'deserialize', priority: 'low', name: 'preflightKeepRawAnswers' },
      );
    },
  };
}

/** A client that keeps the raw text of answers it cannot parse (every client of the readers is one). */
export function readable<Input extends object, Output extends MetadataBearer, C>(client: C & { middlewareStack: MiddlewareStack<Input, Output> }): C {
  client.middlewareStack.use(keepRawAnswers<Input, Output>());
  return client;
}

/** Named errors: callers branch on the class, never on message text. */
import type { Evidence } from './model.js';

export class PreflightError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PreflightError';
  }
}

/** A rule's definition is invalid (caught when the registry loads, never at scan time). */
export class RuleDefinitionError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'RuleDefinitionError';
  }
}

/** The resource a rule was asked about does not exist (any more): its finding is closed, not failed. */
export class ResourceNotFoundError extends PreflightError {
  /** The sentence for the closed finding; defaults to "<name> no longer exists". */
  readonly reason?: string;

  constructor(
    readonly resourceName: string,
    options?: ErrorOptions & { reason?: string },
  ) {
    super(`resource ${resourceName} does not exist`, options);
    this.name = 'ResourceNotFoundError';
    this.reason = options?.reason;
  }
}

/**
 * The resource exists but the rule judges it through another one (a cluster member through its
 * cluster): like a vanished resource, its finding is closed (never opened), and sweeps do not list it.
 */
export class OutOfScopeError extends ResourceNotFoundError {
  constructor(resourceName: string, reason: string, options?: ErrorOptions) {
    super(resourceName, { ...options, reason });
    this.name = 'OutOfScopeError';
  }
}

/** Configuration (environment, CLI flags, rule params) is invalid. */
export class ConfigError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigError';
  }
}

/** No usable AWS credentials: the CLI exits 2 with a one-line message. */
export class CredentialsError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CredentialsError';
  }
}

/**
 * An AWS answer without a field the verdict needs (the API makes most fields optional): the finding is
 * ERROR naming the missing field, never a verdict guessed from its absence.
 */
export class IncompleteAnswerError extends PreflightError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IncompleteAnswer';
  }
}

/** What an endpoint answered that is not an AWS answer: kept, cut to a readable length, for the evidence. */
export interface UnreadableAnswer {
  /** Preflight's name of the service (`ses`, `elbv2`...) and the API operation. */
  service: string;
  operation: string;
  httpStatus?: number;
  contentType?: string;
  /** The raw text, cut at MAX_ANSWER_TEXT characters. */
  text?: string;
  /** The answer's size in bytes, when known. */
  bytes?: number;
  /** What the SDK's parser said, first line only. */
  parseError?: string;
}

export const MAX_ANSWER_TEXT = 2_000;

/**
 * An endpoint answered with something that is not the service's protocol: an HTML error page from a
 * proxy or an emulator, a truncated or malformed body. The SDK reports a parser error (`SyntaxError:
 * Unexpected token '<'...`); this says which call got what, in one line, and keeps the raw text.
 */
export class UnreadableAnswerError extends PreflightError {
  constructor(
    readonly answer: UnreadableAnswer,
    options?: ErrorOptions,
  ) {
    const status = answer.httpStatus === undefined ? 'an unknown HTTP status' : `HTTP ${answer.httpStatus}`;
    const what = [answer.contentType, answer.bytes === undefined ? undefined : `${answer.bytes} bytes`].filter(Boolean).join(', ');
    super(
      `${answer.service} ${answer.operation} answered ${status}${what ? ` (${what})` : ''} with something other than an AWS answer; ` +
        'the raw text is in the evidence',
      options,
    );
    this.name = 'UnreadableAnswer';
  }

  get evidence(): Evidence {
    const { service, operation, httpStatus, contentType, text, bytes, parseError } = this.answer;
    return {
      service,
      operation,
      httpStatus: httpStatus ?? null,
      contentType: contentType ?? null,
      answer: text ?? null,
      answerBytes: bytes ?? null,
      parseError: parseError ?? null,
    };
  }
}

interface AnsweredError {
  $response?: { statusCode?: number; headers?: Record<string, string | undefined>; body?: unknown };
  $metadata?: { httpStatusCode?: number };
}

/**
 * The SDK error for an answer it could not read, as an UnreadableAnswerError; undefined for any other
 * error (an AWS error code, a timeout, a refused connection...). The SDK marks those answers three
 * ways: a SyntaxError (JSON protocols), a parse error with its "Deserialization error" hint (XML), or a
 * service exception whose code it could not find (`Unknown`, an HTML page in answer to a query-protocol call).
 */
export function unreadableAnswer(error: unknown, service: string, operation: string): UnreadableAnswerError | undefined {
  if (!(error instanceof Error) || error instanceof PreflightError) return undefined;
  const { $response: response, $metadata: metadata } = error as Error & AnsweredError;
  if (!response || typeof response !== 'object') return undefined;
  const code = errorCode(error);
  const unreadable = error.name === 'SyntaxError' || error.message.includes('Deserialization error') || code === 'Unknown' || code === 'UnknownError';
  if (!unreadable) return undefined;
  const body = response.body;
  const raw = typeof body === 'string' ? body : body instanceof Uint8Array ? new TextDecoder().decode(body) : undefined;
  const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body instanceof Uint8Array ? body.byteLength : undefined;
  const contentType = Object.entries(response.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type')?.[1];
  return new UnreadableAnswerError(
    {
      service,
      operation,
      httpStatus: response.statusCode ?? metadata?.httpStatusCode,
      contentType: contentType || undefined,
      text: raw === undefined ? undefined : raw.length > MAX_ANSWER_TEXT ? `${raw.slice(0, MAX_ANSWER_TEXT)}…` : raw,
      bytes,
      parseError: error.message.split('\n')[0]?.trim() || undefined,
    },
    { cause: error },
  );
}

/** The evidence an error carries beyond its code (the raw text of an unreadable answer). */
export function errorEvidence(error: unknown): Evidence {
  return error instanceof UnreadableAnswerError ? error.evidence : {};
}

/**
 * The short code of any error: the AWS error code for SDK errors (`AccessDenied`,
 * `ThrottlingException`...), else the error's class name.
 */
export function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const withCode = error as Error & { Code?: unknown; code?: unknown };
    if (typeof withCode.Code === 'string' && withCode.Code) return withCode.Code;
    if (error.name && error.name !== 'Error') return error.name;
    if (typeof withCode.code === 'string' && withCode.code) return withCode.code;
    return 'Error';
  }
  return 'UnknownError';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || errorCode(error);
  return String(error);
}

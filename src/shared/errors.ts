/** Named errors: callers branch on the class, never on message text. */

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

export {};

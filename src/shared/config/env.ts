/** The one place that reads `process.env`: validated with zod once, failing fast with the variable's name. */
import * as z from 'zod';
import { MIN_CURSOR_SECRET_LENGTH } from '#shared/store/cursor.js';
import { ConfigError } from '#shared/core/errors.js';

const csv = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

const jsonObject = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (!value?.trim()) return {} as Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(value);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Reported below as a validation issue with the variable's name.
    }
    ctx.addIssue({ code: 'custom', message: 'must be a JSON object' });
    return z.NEVER;
  });

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const envSchema = z.object({
  FINDINGS_TABLE: z.string().min(1),
  ALERT_TOPIC_ARN: z.string().regex(/^arn:aws[a-z-]*:sns:/, 'must be an SNS topic ARN'),
  AWS_REGION: z.string().min(1),
  SCAN_REGIONS: csv,
  ENABLED_RULES: csv,
  RULE_PARAMS: jsonObject,
  /** Base URL of the findings API, for links in alerts. */
  API_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ALERT_ON_FIXED: flag,
  ERROR_ALERT_AFTER_SWEEPS: z.coerce.number().int().min(1).max(100).default(3),
  // --- issue 8: Security Hub export and the configuration parameter ---
  /** Export transitions to Security Hub as ASFF (the `securityHub` deploy param). */
  SECURITY_HUB: flag,
  /**
   * Name of an SSM parameter holding preflight.config (JSON or YAML); see src/shared/config/parameter.ts.
   * A leading `/` is required: the functions' IAM statement builds the ARN as `...:parameter<name>`.
   */
  PREFLIGHT_CONFIG_PARAMETER: z
    .string()
    .regex(/^\/[a-zA-Z0-9_.\-/]{1,2047}$/, 'must be an SSM parameter name starting with / (e.g. /preflight/config)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The stack's FollowUpQueue: re-evaluations of changes AWS applies later (cloudtrailEvent and followUp). */
  FOLLOW_UP_QUEUE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export interface RuntimeConfig {
  findingsTable: string;
  alertTopicArn: string;
  region: string;
  scanRegions: string[];
  enabledRules: string[];
  ruleParams: Record<string, unknown>;
  apiUrl?: string;
  alertOnFixed: boolean;
  errorAlertAfterSweeps: number;
  securityHub: boolean;
  configParameter?: string;
  followUpQueueUrl?: string;
}

/** An empty variable counts as unset (serverless.yml writes empty params as ''). */
const optional = <T extends z.ZodType<string | undefined>>(schema: T) => schema.optional().or(z.literal('').transform(() => undefined));

const apiEnvSchema = z
  .object({
    FINDINGS_TABLE: z.string().min(1),
    AWS_REGION: z.string().min(1),
    /** The Secrets Manager secret whose value signs pagination cursors; the stack creates one per deployment. */
    CURSOR_SECRET_ARN: optional(z.string().regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/, 'must be a Secrets Manager secret ARN')),
    /** The signing key itself, where there is no Secrets Manager (local runs, tests). */
    CURSOR_SECRET: optional(z.string().min(MIN_CURSOR_SECRET_LENGTH, `must be at least ${MIN_CURSOR_SECRET_LENGTH} characters`)),
    /** Origins allowed to read the API from a browser; empty = none. */
    CORS_ORIGINS: csv,
  })
  // No default: a key derived from anything public (the table name was one) lets anyone sign cursors.
  .refine((e) => e.CURSOR_SECRET_ARN || e.CURSOR_SECRET, { message: 'set CURSOR_SECRET_ARN (deployed) or CURSOR_SECRET', path: ['CURSOR_SECRET_ARN'] });

export interface ApiConfig {
  findingsTable: string;
  region: string;
  /** Where the cursor signing key comes from: a Secrets Manager secret, or the key itself. */
  cursorSecret: { arn: string } | { value: string };
  corsOrigins: string[];
}

/** The environment as `schema` reads it; every problem named in one ConfigError. */
function parseEnv<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  throw new ConfigError(`invalid environment: ${problems}`);
}

export function loadApiConfig(env: NodeJS.ProcessEnv = process.env): ApiConfig {
  const e = parseEnv(apiEnvSchema, env);
  return {
    findingsTable: e.FINDINGS_TABLE,
    region: e.AWS_REGION,
    cursorSecret: e.CURSOR_SECRET_ARN ? { arn: e.CURSOR_SECRET_ARN } : { value: e.CURSOR_SECRET ?? '' },
    corsOrigins: e.CORS_ORIGINS,
  };
}

/**
 * X-Ray tracing of the handlers (TRACING, the `tracing` deploy param; off when unset). Read apart from
 * loadConfig: every function's middleware stack needs it at import, the findings API's included.
 */
export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return parseEnv(z.object({ TRACING: flag }), env).TRACING;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const e = parseEnv(envSchema, env);
  return {
    findingsTable: e.FINDINGS_TABLE,
    alertTopicArn: e.ALERT_TOPIC_ARN,
    region: e.AWS_REGION,
    scanRegions: e.SCAN_REGIONS.length > 0 ? e.SCAN_REGIONS : [e.AWS_REGION],
    enabledRules: e.ENABLED_RULES,
    ruleParams: e.RULE_PARAMS,
    apiUrl: e.API_URL,
    alertOnFixed: e.ALERT_ON_FIXED,
    errorAlertAfterSweeps: e.ERROR_ALERT_AFTER_SWEEPS,
    securityHub: e.SECURITY_HUB,
    configParameter: e.PREFLIGHT_CONFIG_PARAMETER,
    ...(e.FOLLOW_UP_QUEUE_URL ? { followUpQueueUrl: e.FOLLOW_UP_QUEUE_URL } : {}),
  };
}

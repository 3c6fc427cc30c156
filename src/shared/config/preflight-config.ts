/**
 * `preflight.config.json` / `preflight.config.yaml`: the one configuration format of the CLI (a file in
 * the repository) and of deployments (the same text in an SSM parameter). Rule params, enabled rules,
 * suppressions, regions and member accounts, validated with zod against the rule registry: an unknown
 * key, an unknown rule id or a bad value is an error that names the path of the offending field.
 */
import { access, readFile, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import * as z from 'zod';
import type { Rule } from '../../rules/define-rule.js';
import { ConfigError, errorMessage } from '#shared/core/errors.js';
import { ACCOUNT_ID_PATTERN, REGION_PATTERN } from '#shared/core/resource-ids.js';
import type { Suppression } from '#shared/core/model.js';

/**
 * The largest configuration accepted. A real one is a few KB (an SSM parameter holds at most 8 KB);
 * the cap keeps a huge or generated file from costing minutes of parsing and validation.
 */
export const CONFIG_MAX_BYTES = 1024 * 1024;

/** Keys that would reach an object's prototype when copied, refused wherever they appear. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Looked up in this order in the working directory when `--config` is not given. */
export const DEFAULT_CONFIG_FILES = ['preflight.config.json', 'preflight.config.yaml', 'preflight.config.yml'] as const;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export interface MemberAccount {
  id: string;
  name?: string;
  /** Role the fan-out workers assume in the member account (read-only). */
  roleArn?: string;
  /** Regions to scan in this account; default: the config's `regions`. */
  regions?: string[];
}

export interface PreflightConfig {
  /** Where the configuration came from (a path, or `ssm:<name>`), for messages. */
  source: string;
  regions?: string[];
  /** Allow-list of rule ids; absent = every rule. */
  enabledRules?: string[];
  disabledRules: string[];
  /** Param overrides by rule id (validated against each rule's params schema). */
  params: Record<string, Record<string, unknown>>;
  /** Normalized: `expiresAt` is an ISO date-time. */
  suppressions: Suppression[];
  accounts: MemberAccount[];
}

function buildSchema(rules: readonly Rule[]) {
  const known = new Set(rules.map((r) => r.id));
  const ruleId = z.string().refine((id) => known.has(id), { message: 'is not a known rule id (see preflight rules)' });
  const region = z.string().regex(REGION_PATTERN, 'must be an AWS region such as eu-west-1');
  const expiry = z.string().refine((v) => (DATE_ONLY.test(v) || DATE_TIME.test(v)) && !Number.isNaN(Date.parse(v)), {
    message: 'must be a date (2026-12-31) or an ISO date-time (2026-12-31T18:00:00Z)',
  });
  const suppression = z
    .object({
      ruleId: z.string().refine((id) => id === '*' || known.has(id), { message: 'is not a known rule id, nor * (every rule)' }),
      resourcePattern: z.string().min(1, 'must not be empty'),
      reason: z.string().trim().min(1, 'must say why the risk is accepted'),
      expiresAt: expiry.optional(),
    })
    .strict();
  const account = z
    .object({
      id: z.string().regex(ACCOUNT_ID_PATTERN, 'must be a 12-digit AWS account id'),
      name: z.string().min(1).optional(),
      roleArn: z
        .string()
        .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'must be an IAM role ARN')
        .optional(),
      regions: z.array(region).min(1).optional(),
    })
    .strict();
  return z
    .object({
      $schema: z.string().optional(),
      regions: z.array(region).min(1, 'must name at least one region').optional(),
      enabledRules: z.array(ruleId).optional(),
      disabledRules: z.array(ruleId).optional(),
      params: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
      suppressions: z.array(suppression).optional(),
      accounts: z.array(account).optional(),
    })
    .strict()
    .superRefine((config, ctx) => {
      // Params are checked by the rules themselves, so the messages match `--params` and RULE_PARAMS.
      for (const [id, overrides] of Object.entries(config.params ?? {})) {
        const rule = rules.find((r) => r.id === id);
        if (!rule) {
          ctx.addIssue({ code: 'custom', path: ['params', id], message: 'is not a known rule id (see preflight rules)' });
          continue;
        }
        try {
          rule.bind(overrides);
        } catch (error) {
          for (const problem of paramProblems(id, errorMessage(error))) {
            ctx.addIssue({ code: 'custom', path: ['params', id, ...problem.path], message: problem.message });
          }
        }
      }
      const dupes = duplicates((config.accounts ?? []).map((a) => a.id));
      for (const id of dupes) ctx.addIssue({ code: 'custom', path: ['accounts'], message: `lists account ${id} twice` });
    });
}

/** Splits "invalid params: rule.a.b: msg; rule.c: msg" (RuleDefinitionError) into paths under the rule. */
function paramProblems(ruleId: string, message: string): Array<{ path: string[]; message: string }> {
  const body = message.replace(/^invalid params: /, '');
  return body.split('; ').map((part) => {
    const match = /^([^:]+): (.*)$/.exec(part);
    if (!match?.[1] || match[2] === undefined || !match[1].startsWith(ruleId)) return { path: [], message: part };
    const rest = match[1].slice(ruleId.length).split('.').filter(Boolean);
    return { path: rest, message: match[2] };
  });
}

function duplicates(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const v of values) (seen.has(v) ? twice : seen).add(v);
  return [...twice];
}

/** "suppressions.0.reason: must say why" — one per issue, unknown keys named one by one. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${at ? `${at}.` : ''}${key}: unknown key`);
    }
    return [`${at || '(root)'}: ${issue.message}`];
  });
}

/** End of the given day (UTC) for a date, the instant itself for a date-time. */
function normalizeExpiry(value: string): string {
  if (!DATE_ONLY.test(value)) return new Date(value).toISOString();
  return new Date(Date.parse(`${value}T00:00:00Z`) + 86_400_000).toISOString();
}

export type ConfigFormat = 'json' | 'yaml';

function tooLarge(source: string, bytes: number): ConfigError {
  return new ConfigError(`${source}: ${bytes} bytes, larger than the ${CONFIG_MAX_BYTES / 1024 / 1024} MiB a configuration may have`);
}

/** "params.x.__proto__" for every reserved key in a parsed document, at any depth. */
export function reservedKeyPaths(value: unknown, path: readonly string[] = []): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const at = [...path, key];
    const here = RESERVED_KEYS.has(key) ? [at.join('.')] : [];
    return [...here, ...reservedKeyPaths((value as Record<string, unknown>)[key], at)];
  });
}

/** Throws a ConfigError naming each reserved key of `raw` (under `source`). */
export function refuseReservedKeys(raw: unknown, source: string): void {
  const found = reservedKeyPaths(raw);
  if (found.length > 0) {
    throw new ConfigError(`${source}: ${found.map((at) => `${at}: is a reserved name (__proto__, constructor, prototype)`).join('; ')}`);
  }
}

/**
 * JSON or YAML text as plain data; a syntax error, an alias bomb or oversized text is a ConfigError naming
 * `source`. The YAML parser loads on first use (yaml-text.ts): JSON never needs it.
 */
async function parseText(text: string, format: ConfigFormat, source: string): Promise<unknown> {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > CONFIG_MAX_BYTES) throw tooLarge(source, bytes);
  if (format === 'yaml') return (await import('./yaml-text.js')).parseYamlText(text, source);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${source}: not valid JSON: ${errorMessage(error)}`, { cause: error });
  }
}

/** Parses and validates configuration text. Throws ConfigError naming `source` and every offending path. */
export async function parsePreflightConfig(text: string, format: ConfigFormat, source: string, rules: readonly Rule[]): Promise<PreflightConfig> {
  let raw = await parseText(text, format, source);
  if (raw === null || raw === undefined) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${source}: must be an object (a mapping of settings)`);
  refuseReservedKeys(raw, source);

  const parsed = buildSchema(rules).safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${source}: ${describeIssues(parsed.error).join('; ')}`, { cause: parsed.error });
  }
  const c = parsed.data;
  return {
    source,
    regions: c.regions ? [...new Set(c.regions)] : undefined,
    enabledRules: c.enabledRules,
    disabledRules: c.disabledRules ?? [],
    params: c.params ?? {},
    suppressions: (c.suppressions ?? []).map((s) => ({
      ruleId: s.ruleId,
      resourcePattern: s.resourcePattern,
      reason: s.reason,
      ...(s.expiresAt ? { expiresAt: normalizeExpiry(s.expiresAt) } : {}),
    })),
    accounts: c.accounts ?? [],
  };
}

export function formatOf(path: string): ConfigFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  throw new ConfigError(`${basename(path)}: a configuration file ends in .json, .yaml or .yml`);
}

/** Reads and validates a configuration file. */
export async function loadPreflightConfigFile(path: string, rules: readonly Rule[]): Promise<PreflightConfig> {
  const format = formatOf(path);
  return parsePreflightConfig(await readCappedFile(path, `configuration ${path}`, path), format, path, rules);
}

/**
 * Reads a UTF-8 file of at most CONFIG_MAX_BYTES; its size is checked before a byte is read.
 * `what` names it in a read error ("configuration x.yaml"), `source` in the size error.
 */
export async function readCappedFile(path: string, what: string, source: string): Promise<string> {
  try {
    const { size } = await stat(path);
    if (size > CONFIG_MAX_BYTES) throw tooLarge(source, size);
    return await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot read ${what}: ${errorMessage(error)}`, { cause: error });
  }
}

/** The default configuration file in `dir`, if there is one; two of them is an error (which one wins?). */
export async function findDefaultConfigFile(dir: string): Promise<string | undefined> {
  const present: string[] = [];
  for (const name of DEFAULT_CONFIG_FILES) {
    try {
      await access(join(dir, name));
      present.push(name);
    } catch (error) {
      // ENOENT: that name is simply not used here; anything else (EACCES) is worth reporting.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`cannot read ${name}: ${errorMessage(error)}`, { cause: error });
    }
  }
  if (present.length > 1) throw new ConfigError(`both ${present.join(' and ')} exist: keep one, or pass --config`);
  return present[0] ? join(dir, present[0]) : undefined;
}

/** Reads one SSM parameter's value (GetParameter WithDecryption); injected so this module needs no SSM client. */
export type ParameterFetcher = (name: string) => Promise<string>;

/**
 * A deployment's configuration: the SSM parameter named by PREFLIGHT_CONFIG_PARAMETER, JSON or YAML
 * (JSON when it starts with `{`). The function needs `ssm:GetParameter` on that parameter (and
 * `kms:Decrypt` for a SecureString with a customer key).
 */
export async function loadParameterConfig(name: string, fetch: ParameterFetcher, rules: readonly Rule[]): Promise<PreflightConfig> {
  let text: string;
  try {
    text = await fetch(name);
  } catch (error) {
    throw new ConfigError(`cannot read configuration parameter ${name}: ${errorMessage(error)}`, { cause: error });
  }
  return parsePreflightConfig(text, text.trimStart().startsWith('{') ? 'json' : 'yaml', `ssm:${name}`, rules);
}

/** The rule ids a configuration selects (enabled allow-list minus disabled), in registry order. */
export function configuredRuleIds(config: Pick<PreflightConfig, 'enabledRules' | 'disabledRules'>, rules: readonly Rule[]): string[] {
  const enabled = config.enabledRules ? new Set(config.enabledRules) : undefined;
  const disabled = new Set(config.disabledRules);
  return rules.filter((r) => (!enabled || enabled.has(r.id)) && !disabled.has(r.id)).map((r) => r.id);
}

/**
 * Param overrides layered param by param, later layers winning: the CLI puts `--params` over the
 * configuration file, a deployment puts its configuration parameter over RULE_PARAMS.
 */
export function mergeParams(
  ...layers: ReadonlyArray<Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined>
): Record<string, Record<string, unknown>> | undefined {
  if (layers.every((layer) => !layer)) return undefined;
  const merged: Record<string, Record<string, unknown>> = {};
  for (const layer of layers) {
    for (const [ruleId, values] of Object.entries(layer ?? {})) merged[ruleId] = { ...merged[ruleId], ...values };
  }
  return merged;
}

/** Suppressions already expired at `now`: worth a warning, since they silently stop applying. */
export function expiredSuppressions(config: Pick<PreflightConfig, 'suppressions'>, now: Date): Suppression[] {
  return config.suppressions.filter((s) => s.expiresAt && Date.parse(s.expiresAt) <= now.getTime());
}

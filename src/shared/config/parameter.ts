/**
 * A deployment's configuration parameter (PREFLIGHT_CONFIG_PARAMETER) at run time: the same
 * `preflight.config` text the CLI reads from a file, read from SSM, applied over the environment the
 * way the CLI applies a file over its flags, and kept per container for a short TTL so an edited
 * parameter takes effect without a redeploy.
 *
 * Failure policy: a failed first read fails the invocation (a rule set we cannot read must not become
 * "every rule, no suppression"); a failed refresh after a good read keeps the last good configuration
 * and logs an error, retrying sooner than the TTL.
 */
import type { Rule } from '../../rules/define-rule.js';
import { selectRules } from '../../rules/select-rules.js';
import type { RuntimeConfig } from './env.js';
import { ConfigError, errorMessage } from '#shared/core/errors.js';
import { logger } from '#shared/core/powertools.js';
import { configuredRuleIds, expiredSuppressions, loadParameterConfig, mergeParams, type ParameterFetcher, type PreflightConfig } from './preflight-config.js';
import type { Suppression } from '#shared/core/model.js';

/** How long a container trusts the parameter it read: edits take effect within this time. */
export const CONFIG_TTL_MS = 5 * 60_000;
/** After a failed refresh, the next attempt: sooner than the TTL, without calling SSM on every invocation. */
export const CONFIG_RETRY_MS = 30_000;

/** What the rules run with once the environment and the configuration parameter are combined. */
export interface EffectiveSettings {
  rules: Rule[];
  params: Record<string, Record<string, unknown>>;
  scanRegions: string[];
  suppressions: Suppression[];
}

/**
 * The environment with the configuration applied, as the CLI applies a file:
 * - rules: ENABLED_RULES (when set) intersected with the config's selection (enabledRules minus
 *   disabledRules): the environment is the deployment's ceiling, the parameter narrows it further;
 * - params: RULE_PARAMS overridden param by param by the config's `params`;
 * - regions: the config's `regions` replace SCAN_REGIONS when present;
 * - suppressions: the config's (the store adds the table's).
 * Throws ConfigError for unknown ENABLED_RULES, params a rule rejects, or a selection of no rule at all.
 */
export function effectiveSettings(
  env: Pick<RuntimeConfig, 'enabledRules' | 'ruleParams' | 'scanRegions'>,
  config: PreflightConfig | undefined,
  /** The registry (handed in by the composition roots). */
  rules: readonly Rule[],
): EffectiveSettings {
  const unknown = env.enabledRules.filter((id) => !rules.some((r) => r.id === id));
  if (unknown.length > 0) throw new ConfigError(`ENABLED_RULES names unknown rules: ${unknown.join(', ')}`);
  const fromEnv = env.enabledRules.length > 0 ? new Set(env.enabledRules) : undefined;
  const fromConfig = config ? new Set(configuredRuleIds(config, rules)) : undefined;
  const selected = rules.filter((r) => (!fromEnv || fromEnv.has(r.id)) && (!fromConfig || fromConfig.has(r.id)));
  if (config && selected.length === 0) {
    throw new ConfigError(`${config.source} leaves no rule to run${fromEnv ? ` within ENABLED_RULES (${env.enabledRules.join(', ')})` : ''}`);
  }
  const params = mergeParams(envParams(env.ruleParams), config?.params) ?? {};
  try {
    // Bind now, so a bad combination fails the load (and a refresh keeps the last good one), not a sweep.
    selectRules({ ruleIds: selected.map((r) => r.id), params }, rules);
  } catch (error) {
    throw new ConfigError(`RULE_PARAMS${config ? ` with ${config.source} params` : ''}: ${errorMessage(error)}`, { cause: error });
  }
  return {
    rules: selected,
    params,
    scanRegions: config?.regions ? [...config.regions] : [...env.scanRegions],
    suppressions: config ? [...config.suppressions] : [],
  };
}

/** RULE_PARAMS is any JSON object: each rule's entry must itself be an object to merge with. */
function envParams(params: Readonly<Record<string, unknown>>): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [ruleId, value] of Object.entries(params)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new ConfigError(`RULE_PARAMS.${ruleId}: must be an object of params`);
    out[ruleId] = value as Record<string, unknown>;
  }
  return out;
}

export interface ParameterCacheOptions<T> {
  name: string;
  fetch: ParameterFetcher;
  /** Turns a valid configuration into what callers use; a throw rejects that configuration like a bad text. */
  build: (config: PreflightConfig) => T;
  ttlMs?: number;
  retryMs?: number;
  /** The registry the configuration's rule ids and params are checked against. */
  rules: readonly Rule[];
}

/** One parameter, read at most once per TTL per container, with the last good value kept. */
export class ParameterCache<T> {
  private good?: { value: T; config: PreflightConfig; loadedAt: Date };
  private refreshAt = 0;
  private inflight?: Promise<T>;

  constructor(private readonly options: ParameterCacheOptions<T>) {}

  /** The last good value (possibly older than the TTL), or undefined before the first good read. */
  get last(): T | undefined {
    return this.good?.value;
  }

  /** The value at `now`: cached within the TTL, else re-read; concurrent callers share one read. */
  async get(now: Date = new Date()): Promise<T> {
    if (this.good && now.getTime() < this.refreshAt) return this.good.value;
    this.inflight ??= this.load(now).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(now: Date): Promise<T> {
    const { name, fetch, build, rules } = this.options;
    let config: PreflightConfig;
    let value: T;
    try {
      config = await loadParameterConfig(name, fetch, rules);
      value = build(config);
    } catch (error) {
      const failure = error instanceof ConfigError ? error : new ConfigError(`configuration parameter ${name}: ${errorMessage(error)}`, { cause: error });
      if (!this.good) throw failure;
      this.refreshAt = now.getTime() + (this.options.retryMs ?? CONFIG_RETRY_MS);
      logger.error('configuration parameter refresh failed; keeping the last good configuration', {
        parameter: name,
        lastLoadedAt: this.good.loadedAt.toISOString(),
        retryAt: new Date(this.refreshAt).toISOString(),
        error: failure,
      });
      return this.good.value;
    }
    this.good = { value, config, loadedAt: now };
    this.refreshAt = now.getTime() + (this.options.ttlMs ?? CONFIG_TTL_MS);
    for (const s of expiredSuppressions(config, now)) {
      logger.warn('a suppression of the configuration parameter has expired; it no longer applies', {
        parameter: name,
        ruleId: s.ruleId,
        resourcePattern: s.resourcePattern,
        expiresAt: s.expiresAt,
      });
    }
    return value;
  }
}

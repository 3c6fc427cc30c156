/**
 * What a Lambda container builds once: config, AWS clients, the store, the publisher. Built on first
 * use (not at import) so a bad environment fails the invocation with a clear ConfigError in the logs.
 * With PREFLIGHT_CONFIG_PARAMETER, the rules, params, regions and suppressions come from that SSM
 * parameter too, re-read every few minutes (src/shared/config/parameter.ts): handlers
 * `await runtimeFor(RULES)`, handing in the registry they were built with.
 * DynamoDB (the store) serves every invocation and is built with the container; the clients only some
 * invocations need are loaded and built on first use through a dynamic import (SNS, SQS, STS:
 * aws/on-demand/; AWS Config, Security Hub, SSM: on-demand/), so an invocation that publishes no alert,
 * sends no message, reads no member account, reports to no Config rule, exports nothing to Security Hub
 * and reads no configuration parameter never loads them, and the others load them after the cold start.
 */
import type { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Rule } from '../../rules/define-rule.js';
import { awsApiProvider, clientConfig } from '#shared/aws/clients.js';
import { callerIdentity } from '#shared/aws/identity.js';
import { buildTriggerTable, type TriggerTable } from '#shared/engine/cloudtrail-router.js';
import { loadConfig, type RuntimeConfig } from '#shared/config/env.js';
import { effectiveSettings, ParameterCache } from '#shared/config/parameter.js';
import type { ContinuousDeps } from './orchestration.js';
import { ConfigError } from '#shared/core/errors.js';
import { FollowUpChains } from '#shared/follow-ups/chains.js';
import { FollowUps } from '#shared/follow-ups/follow-ups.js';
import { sqsFollowUpQueue } from '#shared/follow-ups/messages.js';
import { snsPublisher } from '#shared/alerts/notifier.js';
import { logger } from '#shared/core/powertools.js';
import type { ParameterFetcher, PreflightConfig } from '#shared/config/preflight-config.js';
import type { FindingsExporter } from '#shared/securityhub/exporter.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { ACCOUNT_ID_PATTERN } from '#shared/core/resource-ids.js';
import type { Suppression } from '#shared/core/model.js';

export type RuntimeDeps = ContinuousDeps & {
  store: FindingsStore;
  /** SCAN_REGIONS, or the configuration parameter's `regions`. */
  scanRegions: readonly string[];
  /** The configuration parameter's suppressions (record() adds the table's). */
  suppressions: readonly Suppression[];
};

export interface Runtime {
  /** The environment as read (SCAN_REGIONS, ENABLED_RULES... before the configuration parameter). */
  config: RuntimeConfig;
  /** What the rules run with: the environment with the configuration parameter applied. */
  deps: RuntimeDeps;
  triggers: TriggerTable;
  /** The registry the runtime was built with (enabled or not): rule titles and remediation for alerts. */
  registry: readonly Rule[];
  /** AWS Config's client, loaded on first use (only the configRule function reports to Config). */
  configService: () => Promise<ConfigServiceClient>;
  /** SQS, loaded on first use: the scheduled sweep's work items. */
  sqs: () => Promise<SQSClient>;
  /** The configuration parameter as last loaded; its `accounts` are the member accounts of the fan-out. */
  preflightConfig?: PreflightConfig;
}

export interface RuntimeOptions {
  /** Reads the configuration parameter; default: GetParameter with one SSM client per container. */
  fetchParameter?: ParameterFetcher;
}

/** Per container: clients and store built once; the runtime fixed, or cached from the parameter. */
type Container = { config: RuntimeConfig } & ({ fixed: Runtime; parameter?: undefined } | { fixed?: undefined; parameter: ParameterCache<Runtime> });

let container: Container | undefined;
let options: RuntimeOptions = {};

/**
 * The runtime of an invocation starting at `now`, over `registry` (the first call's, for the container's life). Without a configuration parameter it is built once;
 * with one, it is re-read when older than the TTL. Throws ConfigError when the environment is invalid
 * or the parameter cannot be read and never could be.
 */
export async function runtimeFor(registry: readonly Rule[], now: Date = new Date()): Promise<Runtime> {
  container ??= createContainer(loadConfig(), registry, options);
  return container.parameter ? container.parameter.get(now) : container.fixed;
}

/** For tests: forget the container's runtime so the next call reads the environment (and the parameter) again. */
export function resetRuntime(next: RuntimeOptions = {}): void {
  container = undefined;
  options = next;
}

/** A client (or anything) built on the first call and kept; a failed build is tried again by the next call. */
export function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () =>
    (value ??= build().catch((error: unknown) => {
      value = undefined;
      throw error;
    }));
}

function createContainer(config: RuntimeConfig, registry: readonly Rule[], opts: RuntimeOptions): Container {
  // Fail fast on a bad environment, before any client is built or the parameter read.
  const envOnly = effectiveSettings(config, undefined, registry);
  const base = clientConfig(config.region);
  const store = new FindingsStore(new DynamoDBClient(base), config.findingsTable);
  const describeRule = (id: string) => registry.find((rule) => rule.id === id);
  // SQS (work items, follow-ups) and SNS (alerts) are loaded and built on first use, like the commands that use them.
  const sqs = onFirstUse(async () => new (await import('#shared/aws/on-demand/sqs.js')).SQSClient(base));
  const sns = onFirstUse(async () => new (await import('#shared/aws/on-demand/sns.js')).SNSClient(base));
  const configService = onFirstUse(async () => new (await import('./on-demand/config-service.js')).ConfigServiceClient(base));
  const shared: Omit<RuntimeDeps, 'rules' | 'params' | 'scanRegions' | 'suppressions'> = {
    store,
    publisher: snsPublisher(sns, config.alertTopicArn),
    apis: awsApiProvider(),
    messages: { describeRule, apiUrl: config.apiUrl },
    alertOnFixed: config.alertOnFixed,
    errorAlertAfterSweeps: config.errorAlertAfterSweeps,
    onPublishError: (error) => logger.error('SNS Publish failed; the alert stays in the outbox for the next invocation', { error }),
    onUndeliverable: (error, items) =>
      logger.error('SNS refused alerts for good, even shortened: taken out of the outbox, kept on their findings as undeliverableAlert', {
        error,
        alerts: items.map(({ finding, alert }) => ({ ruleId: finding.ruleId, resourceId: finding.resourceId, kind: alert.kind, version: alert.version })),
      }),
  };
  // Follow-ups of changes AWS applies later (FOLLOW_UP_QUEUE_URL): chains in the findings table.
  const { followUpQueueUrl } = config;
  if (followUpQueueUrl) {
    shared.followUps = new FollowUps({
      chains: new FollowUpChains(store.doc, config.findingsTable),
      queue: { send: async (message, delaySeconds) => sqsFollowUpQueue(await sqs(), followUpQueueUrl).send(message, delaySeconds) },
      onCleanupError: (message, error) => logger.error(message, { error }),
    });
  }
  // Security Hub export (SECURITY_HUB=true).
  if (config.securityHub) {
    // Loaded and built on the first export: a function that never exports never loads Security Hub's client.
    const exporter = onFirstUse(async (): Promise<FindingsExporter> => {
      const { SecurityHubClient, securityHubExport } = await import('./on-demand/securityhub.js');
      return securityHubExport({
        client: new SecurityHubClient(base),
        store,
        region: config.region,
        accountId: async () => (await callerIdentity(config.region)).accountId,
        describeRule,
      });
    });
    shared.exporter = { exportChanges: async (input) => (await exporter()).exportChanges(input) };
    shared.onExportError = (error) => logger.error('Security Hub export incomplete; the next export re-sends what is missing', { error });
  }
  const assemble = (preflightConfig: PreflightConfig | undefined): Runtime => {
    const settings = preflightConfig ? effectiveSettings(config, preflightConfig, registry) : envOnly;
    return {
      config,
      deps: { ...shared, ...settings },
      triggers: buildTriggerTable(settings.rules),
      registry,
      configService,
      sqs,
      ...(preflightConfig ? { preflightConfig } : {}),
    };
  };
  if (!config.configParameter) return { config, fixed: assemble(undefined) };
  // One SSM client per container, loaded only when a parameter is configured.
  const ssm = onFirstUse(async () => {
    const { SSMClient, ssmParameterFetcher } = await import('./on-demand/ssm.js');
    return ssmParameterFetcher(new SSMClient(base));
  });
  return {
    config,
    parameter: new ParameterCache({
      name: config.configParameter,
      fetch: opts.fetchParameter ?? (async (name) => (await ssm())(name)),
      build: assemble,
      rules: registry,
    }),
  };
}

/** The account a function runs in, from its own ARN (no API call). */
export function accountIdOf(invokedFunctionArn: string): string {
  const account = invokedFunctionArn.split(':')[4];
  if (!account || !ACCOUNT_ID_PATTERN.test(account)) throw new ConfigError(`cannot read the account id from ${invokedFunctionArn}`);
  return account;
}

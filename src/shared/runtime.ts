/**
 * What a Lambda container builds once: config, AWS clients, the store, the publisher. Built on first
 * use (not at import) so a bad environment fails the invocation with a clear ConfigError in the logs.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { findRule, RULES } from '../rules/index.js';
import { awsApiProvider, clientConfig } from './aws/clients.js';
import { callerIdentity } from './aws/identity.js';
import { buildTriggerTable, type TriggerTable } from './cloudtrail-router.js';
import { loadConfig, type RuntimeConfig } from './config.js';
import type { ContinuousDeps } from './continuous.js';
import { ConfigError } from './errors.js';
import { snsPublisher } from './notifier/notifier.js';
import { logger } from './powertools.js';
import { securityHubExport } from './securityhub/index.js';
import { FindingsStore } from './store/findings-store.js';

export interface Runtime {
  config: RuntimeConfig;
  deps: ContinuousDeps & { store: FindingsStore };
  triggers: TriggerTable;
  configService: ConfigServiceClient;
}

let runtime: Runtime | undefined;

export function getRuntime(): Runtime {
  if (!runtime) runtime = buildRuntime(loadConfig());
  return runtime;
}

/** For tests: forget the container's runtime so the next call reads the environment again. */
export function resetRuntime(): void {
  runtime = undefined;
}

export function buildRuntime(config: RuntimeConfig): Runtime {
  const unknown = config.enabledRules.filter((id) => !findRule(id));
  if (unknown.length > 0) throw new ConfigError(`ENABLED_RULES names unknown rules: ${unknown.join(', ')}`);
  const rules = config.enabledRules.length > 0 ? RULES.filter((r) => config.enabledRules.includes(r.id)) : [...RULES];
  const base = clientConfig(config.region);
  const store = new FindingsStore(new DynamoDBClient(base), config.findingsTable);
  const deps: Runtime['deps'] = {
    store,
    publisher: snsPublisher(new SNSClient(base), config.alertTopicArn),
    apis: awsApiProvider(),
    rules,
    params: config.ruleParams,
    messages: { describeRule: (id) => findRule(id), apiUrl: config.apiUrl },
    alertOnFixed: config.alertOnFixed,
    errorAlertAfterSweeps: config.errorAlertAfterSweeps,
    scanRegions: config.scanRegions,
    onPublishError: (error) => logger.error('SNS Publish failed; the alert stays in the outbox for the next invocation', { error }),
  };
  // --- issue 8: Security Hub export (SECURITY_HUB=true) ---
  if (config.securityHub) {
    deps.exporter = securityHubExport({
      client: new SecurityHubClient(base),
      store,
      region: config.region,
      accountId: async () => (await callerIdentity(config.region)).accountId,
      describeRule: (id) => findRule(id),
    });
    deps.onExportError = (error) => logger.error('Security Hub export incomplete; the next export re-sends what is missing', { error });
  }
  return { config, deps, triggers: buildTriggerTable(rules), configService: new ConfigServiceClient(base) };
}

/** The account a function runs in, from its own ARN (no API call). */
export function accountIdOf(invokedFunctionArn: string): string {
  const account = invokedFunctionArn.split(':')[4];
  if (!account || !/^\d{12}$/.test(account)) throw new ConfigError(`cannot read the account id from ${invokedFunctionArn}`);
  return account;
}

export {};

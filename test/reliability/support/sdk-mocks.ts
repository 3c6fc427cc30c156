/**
 * Mocks every SDK client class Preflight builds (src/shared/aws/clients.ts, runtime.ts), answering any
 * command with an empty output — a valid AWS answer (every output member is optional) — so a handler
 * under fuzz never reaches the network. Tests then script the commands they care about.
 */
import { ACMClient } from '@aws-sdk/client-acm';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { mockClient } from 'aws-sdk-client-mock';

/** Rule-facing clients (DynamoDB is left real: the store runs on dynalite). */
export function mockRuleClients() {
  const mocks = {
    acm: mockClient(ACMClient),
    apigateway: mockClient(APIGatewayClient),
    budgets: mockClient(BudgetsClient),
    cloudtrail: mockClient(CloudTrailClient),
    cloudwatch: mockClient(CloudWatchClient),
    logs: mockClient(CloudWatchLogsClient),
    config: mockClient(ConfigServiceClient),
    ec2: mockClient(EC2Client),
    elbv2: mockClient(ElasticLoadBalancingV2Client),
    elasticache: mockClient(ElastiCacheClient),
    iam: mockClient(IAMClient),
    rds: mockClient(RDSClient),
    s3: mockClient(S3Client),
    secretsmanager: mockClient(SecretsManagerClient),
    ses: mockClient(SESv2Client),
    sns: mockClient(SNSClient),
    sts: mockClient(STSClient),
    wafv2: mockClient(WAFV2Client),
  };
  const all: Array<{ reset(): void; restore(): void; onAnyCommand(): { resolves(output: object): unknown } }> = Object.values(mocks) as never;
  const reset = () => {
    for (const mock of all) {
      mock.reset();
      mock.onAnyCommand().resolves({});
    }
  };
  reset();
  return {
    ...mocks,
    reset,
    restore: () => {
      for (const m of all) m.restore();
    },
  };
}

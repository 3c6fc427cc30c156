/** SDK clients pointed at moto, one set per region, for seeding accounts from the test. */
import { ACMClient } from '@aws-sdk/client-acm';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import type { AwsCredentialIdentity } from '@smithy/types';
import type { MotoServer } from '../../helpers/moto.js';

export interface RegionClients {
  region: string;
  acm: ACMClient;
  apigateway: APIGatewayClient;
  budgets: BudgetsClient;
  cloudtrail: CloudTrailClient;
  cloudwatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  dynamodb: DynamoDBClient;
  ec2: EC2Client;
  elbv2: ElasticLoadBalancingV2Client;
  elasticache: ElastiCacheClient;
  iam: IAMClient;
  rds: RDSClient;
  s3: S3Client;
  secretsmanager: SecretsManagerClient;
  ses: SESv2Client;
  sns: SNSClient;
  sqs: SQSClient;
  wafv2: WAFV2Client;
}

/** Clients of one account (its credentials) in moto, built per region on first use. */
export function motoClients(moto: MotoServer, credentials?: AwsCredentialIdentity): (region: string) => RegionClients {
  const byRegion = new Map<string, RegionClients>();
  return (region) => {
    let clients = byRegion.get(region);
    if (!clients) {
      const config = moto.clientConfig(region, credentials);
      clients = {
        region,
        acm: new ACMClient(config),
        apigateway: new APIGatewayClient(config),
        budgets: new BudgetsClient(config),
        cloudtrail: new CloudTrailClient(config),
        cloudwatch: new CloudWatchClient(config),
        logs: new CloudWatchLogsClient(config),
        dynamodb: new DynamoDBClient(config),
        ec2: new EC2Client(config),
        elbv2: new ElasticLoadBalancingV2Client(config),
        elasticache: new ElastiCacheClient(config),
        iam: new IAMClient(config),
        rds: new RDSClient(config),
        s3: new S3Client(config),
        secretsmanager: new SecretsManagerClient(config),
        ses: new SESv2Client(config),
        sns: new SNSClient(config),
        sqs: new SQSClient(config),
        wafv2: new WAFV2Client(config),
      };
      byRegion.set(region, clients);
    }
    return clients;
  };
}

/**
 * The AWS SDK side of the facts layer: one client per (service, region), created on first use and
 * kept for the life of the process (a Lambda container, a CLI run). Retries are adaptive and every
 * request has timeouts, so a dead endpoint fails fast instead of hanging a scan.
 */
import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { RDSClient } from '@aws-sdk/client-rds';
import { EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ACMClient } from '@aws-sdk/client-acm';
import { WAFV2Client } from '@aws-sdk/client-wafv2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, MetadataBearer, MiddlewareStack } from '@smithy/types';
import { awsBudgetsApi } from './budgets-reader.js';
import { awsCloudWatchApi } from './cloudwatch-reader.js';
import { awsElastiCacheApi } from './elasticache-reader.js';
import type { ApiProvider, AwsApis } from './readers.js';
import { awsS3Api } from './s3-reader.js';
import { awsSnsApi } from './sns-reader.js';
import { awsCloudTrailApi } from './cloudtrail-reader.js';
import { awsIamApi } from './iam-reader.js';
import { awsRdsApi } from './rds-reader.js';
import { awsEc2Api } from './ec2-reader.js';
import { awsLogsApi } from './logs-reader.js';
import { awsSecretsManagerApi } from './secretsmanager-reader.js';
import { awsAcmApi } from './acm-reader.js';
import { awsWafv2Api } from './wafv2-reader.js';
import { awsElbv2Api } from './elbv2-reader.js';
import { awsApiGatewayApi } from './apigateway-reader.js';
import { awsSesApi } from './ses-reader.js';
import { awsDynamoDbApi } from './dynamodb-reader.js';
import { keepRawAnswers } from './raw-answers.js';

export interface AwsClientOptions {
  /** Defaults to the standard credential chain. */
  credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, first one included (adaptive retry mode backs off on throttling). */
  maxAttempts?: number;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
}

export const DEFAULT_CLIENT_OPTIONS = {
  maxAttempts: 6,
  connectionTimeoutMs: 3_000,
  requestTimeoutMs: 15_000,
} as const;

/** The config every SDK client of Preflight is built with. */
export function clientConfig(region: string, options: AwsClientOptions = {}) {
  const merged = { ...DEFAULT_CLIENT_OPTIONS, ...options };
  return {
    region,
    credentials: merged.credentials,
    maxAttempts: merged.maxAttempts,
    retryMode: 'adaptive' as const,
    requestHandler: new NodeHttpHandler({
      connectionTimeout: merged.connectionTimeoutMs,
      requestTimeout: merged.requestTimeoutMs,
    }),
  };
}

/** A client that keeps the raw text of answers it cannot parse (see raw-answers.ts). */
function readable<Input extends object, Output extends MetadataBearer, C>(client: C & { middlewareStack: MiddlewareStack<Input, Output> }): C {
  client.middlewareStack.use(keepRawAnswers<Input, Output>());
  return client;
}

/** An ApiProvider backed by the AWS SDK; clients are cached per region for the provider's lifetime. */
export function awsApiProvider(options: AwsClientOptions = {}): ApiProvider {
  const byRegion = new Map<string, AwsApis>();
  return (region) => {
    let apis = byRegion.get(region);
    if (!apis) {
      const config = clientConfig(region, options);
      apis = {
        // S3 answers bucket calls only from the bucket's own region; each region gets its client.
        s3: awsS3Api(readable(new S3Client({ ...config, followRegionRedirects: true }))),
        budgets: awsBudgetsApi(readable(new BudgetsClient(config))),
        cloudwatch: awsCloudWatchApi(readable(new CloudWatchClient(config))),
        sns: awsSnsApi(readable(new SNSClient(config))),
        elasticache: awsElastiCacheApi(readable(new ElastiCacheClient(config))),
        cloudtrail: awsCloudTrailApi(readable(new CloudTrailClient(config))),
        iam: awsIamApi(readable(new IAMClient(config))),
        rds: awsRdsApi(readable(new RDSClient(config))),
        ec2: awsEc2Api(readable(new EC2Client(config))),
        logs: awsLogsApi(readable(new CloudWatchLogsClient(config))),
        secretsmanager: awsSecretsManagerApi(readable(new SecretsManagerClient(config))),
        acm: awsAcmApi(readable(new ACMClient(config))),
        wafv2: awsWafv2Api(readable(new WAFV2Client(config))),
        elbv2: awsElbv2Api(readable(new ElasticLoadBalancingV2Client(config))),
        apigateway: awsApiGatewayApi(readable(new APIGatewayClient(config))),
        ses: awsSesApi(readable(new SESv2Client(config))),
        dynamodb: awsDynamoDbApi(readable(new DynamoDBClient(config))),
      };
      byRegion.set(region, apis);
    }
    return apis;
  };
}

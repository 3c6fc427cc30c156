/**
 * The facts layer the rules read through. Two levels:
 * - `AwsApis`: one method per AWS API operation, per region. `awsApiProvider` implements it with the
 *   SDK; the demo's sample account and the benchmark implement it from data.
 * - `Readers`: memoized, paginated, concurrency-limited facts over any `AwsApis` — what rules see.
 */
import { type BudgetsApi, BudgetsReader } from './budgets-reader.js';
import { type CloudWatchApi, CloudWatchReader } from './cloudwatch-reader.js';
import { type ElastiCacheApi, ElastiCacheReader } from './elasticache-reader.js';
import { type S3Api, S3Reader } from './s3-reader.js';
import type { ScanSession } from './scan-session.js';
import { type CloudTrailApi, CloudTrailReader } from './cloudtrail-reader.js';
import { type IamApi, IamReader } from './iam-reader.js';
import { type RdsApi, RdsReader } from './rds-reader.js';
import { type Ec2Api, Ec2Reader } from './ec2-reader.js';
import { type LogsApi, LogsReader } from './logs-reader.js';
import { type SecretsManagerApi, SecretsManagerReader } from './secretsmanager-reader.js';
import { type AcmApi, AcmReader } from './acm-reader.js';
import { type Wafv2Api, Wafv2Reader } from './wafv2-reader.js';
import { type Elbv2Api, Elbv2Reader } from './elbv2-reader.js';
import { type ApiGatewayApi, ApiGatewayReader } from './apigateway-reader.js';
import { type SesApi, SesReader } from './ses-reader.js';
import { type DynamoDbApi, DynamoDbReader } from './dynamodb-reader.js';
import { type SnsApi, SnsReader } from './sns-reader.js';

export interface AwsApis {
  s3: S3Api;
  budgets: BudgetsApi;
  cloudwatch: CloudWatchApi;
  sns: SnsApi;
  elasticache: ElastiCacheApi;
  cloudtrail: CloudTrailApi;
  iam: IamApi;
  rds: RdsApi;
  ec2: Ec2Api;
  logs: LogsApi;
  secretsmanager: SecretsManagerApi;
  acm: AcmApi;
  wafv2: Wafv2Api;
  elbv2: Elbv2Api;
  apigateway: ApiGatewayApi;
  ses: SesApi;
  dynamodb: DynamoDbApi;
}

/** The API surface of one region. Implementations create their clients once and cache them. */
export type ApiProvider = (region: string) => AwsApis;

export interface Readers {
  s3: S3Reader;
  budgets: BudgetsReader;
  cloudwatch: CloudWatchReader;
  sns: SnsReader;
  elasticache: ElastiCacheReader;
  cloudtrail: CloudTrailReader;
  iam: IamReader;
  rds: RdsReader;
  ec2: Ec2Reader;
  logs: LogsReader;
  secretsmanager: SecretsManagerReader;
  acm: AcmReader;
  wafv2: Wafv2Reader;
  elbv2: Elbv2Reader;
  apigateway: ApiGatewayReader;
  ses: SesReader;
  dynamodb: DynamoDbReader;
}

export interface ReadersOptions {
  apis: ApiProvider;
  session: ScanSession;
  /** The region being evaluated. */
  region: string;
  accountId: string;
}

export function createReaders({ apis, session, region, accountId }: ReadersOptions): Readers {
  return {
    s3: new S3Reader((r) => apis(r).s3, session, region),
    budgets: new BudgetsReader((r) => apis(r).budgets, session, region, accountId),
    cloudwatch: new CloudWatchReader((r) => apis(r).cloudwatch, session, region, accountId),
    sns: new SnsReader((r) => apis(r).sns, session, region, accountId),
    elasticache: new ElastiCacheReader((r) => apis(r).elasticache, session, region, accountId),
    cloudtrail: new CloudTrailReader((r) => apis(r).cloudtrail, session, region, accountId),
    iam: new IamReader((r) => apis(r).iam, session, region, accountId),
    rds: new RdsReader((r) => apis(r).rds, session, region, accountId),
    ec2: new Ec2Reader((r) => apis(r).ec2, session, region, accountId),
    logs: new LogsReader((r) => apis(r).logs, session, region, accountId),
    secretsmanager: new SecretsManagerReader((r) => apis(r).secretsmanager, session, region, accountId),
    acm: new AcmReader((r) => apis(r).acm, session, region, accountId),
    wafv2: new Wafv2Reader((r) => apis(r).wafv2, session, region, accountId),
    elbv2: new Elbv2Reader((r) => apis(r).elbv2, session, region, accountId),
    apigateway: new ApiGatewayReader((r) => apis(r).apigateway, session, region, accountId),
    ses: new SesReader((r) => apis(r).ses, session, region, accountId),
    dynamodb: new DynamoDbReader((r) => apis(r).dynamodb, session, region, accountId),
  };
}

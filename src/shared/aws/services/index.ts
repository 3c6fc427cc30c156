/**
 * The AWS services Preflight reads, one line each. Adding a service: a folder beside these with its
 * reader.ts (the facts), sdk.ts (the commands it sends, from which its API type and SDK binding come)
 * and service.ts (the declaration), a line here, and its in-memory implementation in the demo's memory
 * account (a compile error until then).
 */
import { acmService } from './acm/service.js';
import { apigatewayService } from './apigateway/service.js';
import { budgetsService } from './budgets/service.js';
import { cloudtrailService } from './cloudtrail/service.js';
import { cloudwatchService } from './cloudwatch/service.js';
import { dynamodbService } from './dynamodb/service.js';
import { ec2Service } from './ec2/service.js';
import { elasticacheService } from './elasticache/service.js';
import { elbv2Service } from './elbv2/service.js';
import { iamService } from './iam/service.js';
import { logsService } from './logs/service.js';
import { rdsService } from './rds/service.js';
import { s3Service } from './s3/service.js';
import { secretsmanagerService } from './secretsmanager/service.js';
import { sesService } from './ses/service.js';
import { snsService } from './sns/service.js';
import { wafv2Service } from './wafv2/service.js';

export const SERVICES = [
  s3Service,
  budgetsService,
  cloudwatchService,
  snsService,
  elasticacheService,
  cloudtrailService,
  iamService,
  rdsService,
  ec2Service,
  logsService,
  secretsmanagerService,
  acmService,
  wafv2Service,
  elbv2Service,
  apigatewayService,
  sesService,
  dynamodbService,
] as const;

export type Service = (typeof SERVICES)[number];
export type ServiceId = Service['id'];
export type ServiceById<S extends ServiceId> = Extract<Service, { id: S }>;

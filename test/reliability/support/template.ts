/**
 * Reads a packaged CloudFormation template as if it were deployed: intrinsic functions resolved with a
 * fixed account and region, and the stack's own resources loaded into an in-memory account, so the
 * real rules can judge Preflight's own stack.
 */
import { emptyAccount, ensureRegion, type MemoryAccount } from '../../../src/cli/demo/memory-account/index.js';
import type { Json, JsonObject, Template } from '../../deploy/package.js';

export const STACK_ACCOUNT = '123456789012';
export const STACK_REGION = 'eu-west-1';

const NAME_PROPERTIES = ['TableName', 'TopicName', 'QueueName', 'LogGroupName', 'RoleName', 'FunctionName', 'BucketName', 'Name'];

export class StackView {
  constructor(readonly template: Template) {}

  private physicalName(id: string): string {
    const resource = this.template.Resources[id];
    for (const key of NAME_PROPERTIES) {
      const value = resource?.Properties?.[key];
      if (value !== undefined) return String(this.resolve(value));
    }
    return id.toLowerCase();
  }

  private arnOf(id: string): string {
    const resource = this.template.Resources[id];
    const name = this.physicalName(id);
    const at = `${STACK_REGION}:${STACK_ACCOUNT}`;
    switch (resource?.Type) {
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${at}:table/${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${at}:${name}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${at}:${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${at}:log-group:${name}:*`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${at}:function:${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${STACK_ACCOUNT}:role/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${at}:event-bus/${name}`;
      default:
        return `arn:aws:cloudformation:${at}:stack/preflight/${id}`;
    }
  }

  /** What `Ref` returns for a resource: the ARN for topics, the URL for queues, else the name. */
  private ref(id: string): string {
    if (id === 'AWS::Region') return STACK_REGION;
    if (id === 'AWS::AccountId') return STACK_ACCOUNT;
    if (id === 'AWS::Partition') return 'aws';
    if (id === 'AWS::URLSuffix') return 'amazonaws.com';
    if (id === 'AWS::StackName') return 'preflight-test';
    const type = this.template.Resources[id]?.Type;
    if (type === 'AWS::SNS::Topic') return this.arnOf(id);
    if (type === 'AWS::SQS::Queue') return `https://sqs.${STACK_REGION}.amazonaws.com/${STACK_ACCOUNT}/${this.physicalName(id)}`;
    return this.physicalName(id);
  }

  /** The value with every Ref, Fn::GetAtt, Fn::Sub, Fn::Join and Fn::If resolved (Fn::If takes its true branch). */
  resolve(value: Json | undefined): Json {
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    if (value === null || typeof value !== 'object') return value ?? null;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [fn, arg] = entries[0]!;
      if (fn === 'Ref' && typeof arg === 'string') return this.ref(arg);
      if (fn === 'Fn::GetAtt' && Array.isArray(arg)) return this.arnOf(String(arg[0]));
      if (fn === 'Fn::Join' && Array.isArray(arg)) return (this.resolve(arg[1]) as Json[]).map(String).join(String(arg[0]));
      if (fn === 'Fn::If' && Array.isArray(arg)) return this.resolve(arg[1]);
      if (fn === 'Fn::Sub') {
        const [text, vars] = Array.isArray(arg) ? [String(arg[0]), (arg[1] ?? {}) as JsonObject] : [String(arg), {} as JsonObject];
        return text.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
          // `${!Literal}` is CloudFormation's escape for a literal `${Literal}` (an IAM policy variable).
          if (name.startsWith('!')) return `\${${name.slice(1)}}`;
          if (vars[name] !== undefined) return String(this.resolve(vars[name]));
          const [id, attribute] = name.split('.');
          return attribute ? this.arnOf(id!) : this.ref(id!);
        });
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.resolve(v)]));
  }

  ofType(type: string): Array<{ id: string; properties: JsonObject }> {
    return Object.entries(this.template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id, r]) => ({ id, properties: this.resolve(r.Properties as Json) as JsonObject }));
  }

  /** The stack's own S3 buckets, DynamoDB tables, log groups, IAM roles and SNS topics as an in-memory account. */
  memoryAccount(): MemoryAccount {
    const account = emptyAccount(STACK_ACCOUNT, [STACK_REGION]);
    const region = ensureRegion(account, STACK_REGION);
    for (const { id, properties } of this.ofType('AWS::S3::Bucket')) {
      const versioning = (properties.VersioningConfiguration as JsonObject | undefined)?.Status;
      const rules = ((properties.LifecycleConfiguration as JsonObject | undefined)?.Rules as Json[] | undefined) ?? [];
      account.s3.buckets.push({
        name: this.physicalName(id),
        region: STACK_REGION,
        versioning: versioning === 'Enabled' || versioning === 'Suspended' ? versioning : undefined,
        lifecycleRules: rules.length,
      });
    }
    for (const { id, properties } of this.ofType('AWS::DynamoDB::Table')) {
      const pitr = (properties.PointInTimeRecoverySpecification as JsonObject | undefined)?.PointInTimeRecoveryEnabled === true;
      region.dynamodb.tables.push({ name: this.physicalName(id), pitr });
    }
    for (const { properties } of this.ofType('AWS::Logs::LogGroup')) {
      const retention = properties.RetentionInDays;
      region.logs.logGroups.push({ name: String(properties.LogGroupName), retentionInDays: typeof retention === 'number' ? retention : undefined });
    }
    for (const { id, properties } of this.ofType('AWS::IAM::Role')) {
      const policies = (properties.Policies as JsonObject[] | undefined) ?? [];
      account.iam.roles.push({
        name: this.physicalName(id),
        path: typeof properties.Path === 'string' ? properties.Path : '/',
        inlinePolicies: Object.fromEntries(policies.map((p) => [String(p.PolicyName), p.PolicyDocument as Record<string, unknown>])),
        attachedPolicies: ((properties.ManagedPolicyArns as Json[] | undefined) ?? []).map(String),
      });
    }
    for (const { id } of this.ofType('AWS::SNS::Topic')) {
      region.sns.topics.push({ name: this.physicalName(id), subscriptions: [] });
    }
    return account;
  }
}

/**
 * Follow-up chains in the findings table: one item per (account, region, rule, resource) whose chain is
 * running, `FOLLOWUP#<account>#<region>#<rule>#<resource>` / `CHAIN`. Every step is a conditional write,
 * so a burst of events starts one chain and a message delivered twice runs its step once.
 *
 * | attribute  | meaning                                                                           |
 * |------------|-----------------------------------------------------------------------------------|
 * | chainId    | the running chain; messages of any other chain are stale                         |
 * | nextStep   | the step whose message is expected next                                          |
 * | leaseUntil | epoch ms: an invocation is running that step until then                          |
 * | expiresAt  | epoch s (the table's TTL): past it the chain is over and a new one may start     |
 *
 * A chain ends by expiring now (the follow-up roles update items, they never delete them); DynamoDB's
 * TTL removes the item later.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE } from '#shared/store/keys.js';

export const CHAIN_SK = 'CHAIN';

export interface ChainKey {
  accountId: string;
  region: string;
  ruleId: string;
  /** The native name the rule evaluates (an ARN for RDS, ElastiCache and Secrets Manager). */
  resourceName: string;
}

export function followUpPk(key: ChainKey): string {
  return `FOLLOWUP#${key.accountId}#${key.region}#${key.ruleId}#${key.resourceName}`;
}

/** What a claim of a step found: it is ours to run, another invocation runs it, or it is not expected (done, or another chain). */
export type ClaimResult = 'claimed' | 'busy' | 'stale';

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

export class FollowUpChains {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Starts a chain unless one is running for the key; false when one is. */
  async start(key: ChainKey, chainId: string, now: Date, expiresAt: Date): Promise<boolean> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk: followUpPk(key), sk: CHAIN_SK, ...key, chainId, nextStep: 0, startedAt: now.toISOString(), [TTL_ATTRIBUTE]: seconds(expiresAt) },
          // TTL deletion lags (up to days): an expired item counts as absent.
          ConditionExpression: 'attribute_not_exists(pk) OR #ttl < :now',
          ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':now': seconds(now) },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Takes `step` of the chain for this invocation until `leaseUntil` (longer than the function's timeout). */
  async claim(key: ChainKey, chainId: string, step: number, now: Date, leaseUntil: Date): Promise<ClaimResult> {
    const claimed = await this.update(key, {
      UpdateExpression: 'SET leaseUntil = :until',
      ConditionExpression: 'chainId = :chain AND nextStep = :step AND #ttl >= :nowS AND (attribute_not_exists(leaseUntil) OR leaseUntil < :nowMs)',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':until': leaseUntil.getTime(), ':chain': chainId, ':step': step, ':nowS': seconds(now), ':nowMs': now.getTime() },
    });
    if (claimed) return 'claimed';
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: { pk: followUpPk(key), sk: CHAIN_SK }, ConsistentRead: true }));
    const item = out.Item;
    const current = item && item.chainId === chainId && item.nextStep === step && Number(item[TTL_ATTRIBUTE]) >= seconds(now);
    return current ? 'busy' : 'stale';
  }

  /** The step ran and the next one is enqueued: that message is now the expected one. */
  async advance(key: ChainKey, chainId: string, step: number): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: 'SET nextStep = :next REMOVE leaseUntil',
      ConditionExpression: 'chainId = :chain AND nextStep = :step',
      ExpressionAttributeValues: { ':next': step + 1, ':chain': chainId, ':step': step },
    });
  }

  /** The step failed: let a redelivery take it at once rather than after the lease. */
  async release(key: ChainKey, chainId: string, step: number): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: 'REMOVE leaseUntil',
      ConditionExpression: 'chainId = :chain AND nextStep = :step',
      ExpressionAttributeValues: { ':chain': chainId, ':step': step },
    });
  }

  /** Ends the chain (settled, out of steps, or never enqueued): expired now, so the next event may start one. */
  async finish(key: ChainKey, chainId: string, now: Date): Promise<boolean> {
    return this.update(key, {
      UpdateExpression: 'SET #ttl = :past, finishedAt = :at REMOVE leaseUntil',
      ConditionExpression: 'chainId = :chain',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':past': seconds(now) - 1, ':at': now.toISOString(), ':chain': chainId },
    });
  }

  private async update(key: ChainKey, input: Omit<UpdateCommandInput, 'TableName' | 'Key'>): Promise<boolean> {
    try {
      await this.doc.send(new UpdateCommand({ TableName: this.tableName, Key: { pk: followUpPk(key), sk: CHAIN_SK }, ...input }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

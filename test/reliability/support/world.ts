/** Continuous-mode deps over dynalite with the reliability suite's fakes: faulty DynamoDB, ledger SNS, a clock. */
import { findRule, RULES } from '../../../src/rules/index.js';
import type { ContinuousDeps } from '#shared/continuous/orchestration.js';
import type { ApiProvider } from '#shared/aws/readers.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import type { LocalDynamo } from '../../helpers/dynalite.js';
import { type FaultyDynamo, faultyDynamo } from './faulty-dynamo.js';
import { LedgerPublisher } from './ledger.js';

export const ACCOUNT = '123456789012';

/** A clock tests move by hand, so claim expiry and evaluation order are exact. */
export class Clock {
  constructor(private t = Date.parse('2026-11-23T10:00:00.000Z')) {}
  now = (): Date => new Date(this.t);
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface World {
  deps: ContinuousDeps & { store: FindingsStore; publisher: LedgerPublisher };
  dynamo: FaultyDynamo;
  clock: Clock;
  table: string;
  /** Another Lambda container: a new DynamoDB client (no faults) on the same table, same SNS ledger. */
  container(): ContinuousDeps & { store: FindingsStore; publisher: LedgerPublisher };
}

export async function world(local: LocalDynamo, apis: ApiProvider, ruleIds: readonly string[], table?: string): Promise<World> {
  const clock = new Clock();
  const name = table ?? (await local.createTable());
  const dynamo = faultyDynamo(local);
  const publisher = new LedgerPublisher();
  const rules = RULES.filter((r) => ruleIds.includes(r.id));
  const depsOn = (store: FindingsStore) => ({
    store,
    publisher,
    apis,
    rules,
    messages: { describeRule: (id: string) => findRule(id) },
    now: clock.now,
  });
  return {
    deps: depsOn(new FindingsStore(dynamo.client, name)),
    dynamo,
    clock,
    table: name,
    container: () => depsOn(new FindingsStore(faultyDynamo(local).client, name)),
  };
}

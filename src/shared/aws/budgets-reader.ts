/** Everything Preflight knows about calling Budgets: the API surface, its AWS implementation, and the facts reader. */
import type { ScanSession } from './scan-session.js';

/** The Budgets calls Preflight makes, one method per API operation, for one region's endpoint. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BudgetsApi {}

export function awsBudgetsApi(_client: unknown): BudgetsApi {
  return {};
}

export class BudgetsReader {
  constructor(
    readonly api: (region: string) => BudgetsApi,
    readonly session: ScanSession,
    readonly region: string,
    readonly accountId: string,
  ) {}
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CloudTrailDetail, Rule } from '../../../src/rules/define-rule.js';
import { budgetsRules } from '../../../src/rules/budgets/index.js';
import { buildTriggerTable, cloudTrailEventSchema } from '#shared/engine/cloudtrail-router.js';
import { routeRecord } from '../../helpers/cloudtrail.js';

function fixture(eventName: string): { detail: CloudTrailDetail } {
  const url = new URL(`../../fixtures/cloudtrail/budgets-${eventName}.json`, import.meta.url);
  const event = cloudTrailEventSchema.parse(JSON.parse(readFileSync(url, 'utf8')));
  return { detail: { ...event.detail, requestParameters: event.detail.requestParameters ?? null } };
}

function rule(id: string): Rule {
  const found = budgetsRules.find((r) => r.id === id);
  if (!found) throw new Error(`no rule ${id}`);
  return found;
}

/** Every (rule, eventName) the Budgets rules listen to, with the budget names each must extract. */
const EXPECTED: ReadonlyArray<[ruleId: string, eventName: string, names: string[] | 'account']> = [
  ['budget-cost-budget-exists', 'CreateBudget', 'account'],
  ['budget-cost-budget-exists', 'UpdateBudget', 'account'],
  ['budget-cost-budget-exists', 'DeleteBudget', 'account'],
  ['budget-alert-thresholds', 'CreateNotification', ['monthly-cost']],
  ['budget-alert-thresholds', 'UpdateNotification', ['monthly-cost']],
  ['budget-alert-thresholds', 'DeleteNotification', ['monthly-cost']],
  ['budget-alert-thresholds', 'DeleteBudget', ['monthly-cost']],
  ['budget-alert-subscribers', 'CreateSubscriber', ['monthly-cost']],
  ['budget-alert-subscribers', 'UpdateSubscriber', ['monthly-cost']],
  ['budget-alert-subscribers', 'DeleteSubscriber', ['monthly-cost']],
];

describe('Budgets CloudTrail triggers', () => {
  it('cover exactly the events listed here, all from budgets.amazonaws.com', () => {
    const declared = budgetsRules.flatMap((r) => r.triggers.flatMap((t) => t.eventNames.map((name) => `${r.id} ${t.eventSource} ${name}`)));
    expect(declared.sort()).toEqual(EXPECTED.map(([id, name]) => `${id} budgets.amazonaws.com ${name}`).sort());
  });

  it.each(EXPECTED)('%s extracts the budget from a real-shaped %s record', (ruleId, eventName, names) => {
    const { detail } = fixture(eventName);
    const trigger = rule(ruleId).triggers.find((t) => t.eventNames.includes(eventName));
    expect(detail).toMatchObject({ eventSource: 'budgets.amazonaws.com', eventName, awsRegion: 'us-east-1' });
    if (names === 'account') {
      // Account-level: the one check is re-run, no resource to extract.
      expect(trigger?.resourceNames).toBeUndefined();
    } else {
      expect(trigger?.resourceNames?.(detail)).toEqual(names);
    }
  });

  it('also reads camelCase request parameters and the budget of Create/UpdateBudget', () => {
    const extract = rule('budget-alert-thresholds').triggers[0]?.resourceNames;
    const base = { eventSource: 'budgets.amazonaws.com', eventName: 'DeleteNotification' };
    expect(extract?.({ ...base, requestParameters: { accountId: '123456789012', budgetName: 'lower' } })).toEqual(['lower']);
    expect(extract?.({ ...base, requestParameters: { NewBudget: { BudgetName: 'updated' } } })).toEqual(['updated']);
    expect(extract?.({ ...base, requestParameters: { Budget: { BudgetName: 'created' } } })).toEqual(['created']);
    expect(extract?.({ ...base, requestParameters: null })).toEqual([]);
  });

  it('routes each fixture to the rules that listen to it', () => {
    const table = buildTriggerTable(budgetsRules);
    const routed = (eventName: string) => {
      const route = routeRecord(fixture(eventName).detail, table);
      if (route.action !== 'evaluate') throw new Error(`${eventName} skipped: ${route.message}`);
      return Object.fromEntries(route.targets.map((t) => [t.rule.id, t.resourceNames]));
    };
    expect(routed('DeleteBudget')).toEqual({ 'budget-cost-budget-exists': [], 'budget-alert-thresholds': ['monthly-cost'] });
    expect(routed('CreateBudget')).toEqual({ 'budget-cost-budget-exists': [] });
    expect(routed('DeleteSubscriber')).toEqual({ 'budget-alert-subscribers': ['monthly-cost'] });
  });
});

import type { Rule } from '../define-rule.js';
import { budgetAlertSubscribers } from './alert-subscribers.js';
import { budgetAlertThresholds } from './alert-thresholds.js';
import { budgetCostBudgetExists } from './cost-budget-exists.js';

export const budgetsRules: Rule[] = [budgetCostBudgetExists, budgetAlertThresholds, budgetAlertSubscribers];

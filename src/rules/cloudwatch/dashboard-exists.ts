import * as z from 'zod';
import { defineAccountRule, fail, pass } from '../define-rule.js';
import { count, MONITORING, nameList } from './support.js';

const params = z
  .object({
    /** Dashboards that must exist (e.g. `RetainWise-Production`); empty = any one dashboard will do. */
    names: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const cloudwatchDashboardExists = defineAccountRule({
  id: 'cloudwatch-dashboard-exists',
  title: 'A CloudWatch dashboard shows production at a glance',
  description: 'The account has at least one CloudWatch dashboard, and every dashboard named in the names param.',
  absentFields: 'A ListDashboards entry without DashboardName is not counted; an answer without DashboardEntries lists no ' + 'dashboard.',
  severity: 'LOW',
  resourceType: 'AWS::::Account',
  checklist: { source: '000 §2', item: 'Deploy CloudWatch Dashboard' },
  controls: {},
  iamActions: ['cloudwatch:ListDashboards'],
  // Account-level: any of these calls simply re-runs the one check.
  triggers: [{ eventSource: MONITORING, eventNames: ['PutDashboard', 'DeleteDashboards'] }],
  remediation: {
    text: 'Create the dashboard (predictions per hour, error rate, P95 latency, daily cost...).',
    cli: 'aws cloudwatch put-dashboard --dashboard-name <name> --dashboard-body file://dashboard.json',
  },
  params,
  // Dashboards are global: one check per account.
  global: true,
  async evaluate({ cloudwatch }, { params: { names: required } }) {
    const dashboards = await cloudwatch.dashboardNames();
    const evidence = { dashboards: [...dashboards], required };
    if (required.length > 0) {
      const missing = required.filter((name) => !dashboards.includes(name));
      if (missing.length > 0) {
        return fail(
          `${missing.length === 1 ? 'required CloudWatch dashboard' : 'required CloudWatch dashboards'} ${nameList(missing, 10)} ` +
            `${missing.length === 1 ? 'does' : 'do'} not exist`,
          { ...evidence, missing },
        );
      }
      return pass(
        `required CloudWatch ${required.length === 1 ? 'dashboard' : 'dashboards'} ${nameList(required, 10)} exist${required.length === 1 ? 's' : ''}`,
        evidence,
      );
    }
    if (dashboards.length === 0) return fail('the account has no CloudWatch dashboard', evidence);
    return pass(`the account has ${count(dashboards.length, 'CloudWatch dashboard')} (${nameList(dashboards)})`, evidence);
  },
});

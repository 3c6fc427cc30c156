import type { Rule } from '../define-rule.js';
import { cloudwatchAlarmActionConfigured } from './alarm-action-configured.js';
import { cloudwatchAlarmTopicSubscribed } from './alarm-topic-subscribed.js';
import { cloudwatchBillingAlarmExists } from './billing-alarm-exists.js';
import { cloudwatchDashboardExists } from './dashboard-exists.js';

export const cloudwatchRules: Rule[] = [
  cloudwatchAlarmActionConfigured,
  cloudwatchAlarmTopicSubscribed,
  cloudwatchBillingAlarmExists,
  cloudwatchDashboardExists,
];

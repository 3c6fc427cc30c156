/**
 * The chat body of an alert: an AWS Chatbot (Amazon Q Developer in chat applications) custom
 * notification, which Slack and Microsoft Teams channels subscribed to the topic render as a card.
 * Chatbot subscribes to the topic over HTTPS, so this body goes under the `https` key of the
 * per-protocol message; email and SMS subscribers keep their own bodies.
 *
 * Event schema: https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html
 * (`version` "1.0", `source` "custom", `content` with `textType` "client-markdown", `title`,
 * `description`, `nextSteps`, `keywords`; `metadata` with `summary`, `eventType`, `relatedResources`,
 * `additionalContext`). Every value taken from an audited account goes through `chatText`.
 */
import type { Severity } from '#shared/core/model.js';
import { chatText } from './text.js';

export interface ChatNotification {
  version: '1.0';
  source: 'custom';
  content: {
    textType: 'client-markdown';
    title: string;
    description: string;
    nextSteps?: string[];
    keywords?: string[];
  };
  metadata: {
    summary: string;
    eventType: string;
    relatedResources?: string[];
    additionalContext: Record<string, string>;
  };
}

/** A card shows this many findings; the email carries all of them. */
export const CHAT_FINDINGS_MAX = 10;
const TITLE_MAX = 250;
const LINE_MAX = 400;
const NEXT_STEPS_MAX = 3;
const KEYWORDS_MAX = 6;

export interface ChatInput {
  /** Plain text (escaped here). */
  title: string;
  /** One line per finding or fact, plain text (escaped here); cut to CHAT_FINDINGS_MAX with a "more" line. */
  lines: readonly string[];
  /** Commands or links, plain text (escaped here). */
  nextSteps: readonly string[];
  keywords: readonly string[];
  summary: string;
  eventType: string;
  severity: Severity;
  relatedResources: readonly string[];
  context: Record<string, string>;
}

const EMOJI: Record<Severity, string> = { CRITICAL: ':rotating_light:', HIGH: ':rotating_light:', MEDIUM: ':warning:', LOW: ':information_source:' };

/** The `https` body: the custom notification as the JSON string Chatbot parses. */
export function chatBody(input: ChatInput, icon = EMOJI[input.severity]): string {
  const shown = input.lines.slice(0, CHAT_FINDINGS_MAX).map((line) => `• ${chatText(line, LINE_MAX)}`);
  const hidden = input.lines.length - shown.length;
  if (hidden > 0) shown.push(`… and ${hidden} more (all of them in the email and the findings API)`);
  const unique = (values: readonly string[], max: number) => [...new Set(values)].slice(0, max);
  const nextSteps = unique(input.nextSteps, NEXT_STEPS_MAX).map((step) => chatText(step, LINE_MAX));
  const keywords = unique(input.keywords, KEYWORDS_MAX).map((k) => chatText(k, 64));
  const related = unique(input.relatedResources, CHAT_FINDINGS_MAX).map((r) => chatText(r, 1024));
  const notification: ChatNotification = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: `${icon} ${chatText(input.title, TITLE_MAX)}`,
      description: shown.join('\n'),
      ...(nextSteps.length > 0 ? { nextSteps } : {}),
      ...(keywords.length > 0 ? { keywords } : {}),
    },
    metadata: {
      summary: chatText(input.summary, TITLE_MAX),
      eventType: input.eventType,
      ...(related.length > 0 ? { relatedResources: related } : {}),
      additionalContext: Object.fromEntries(Object.entries(input.context).map(([k, v]) => [k, chatText(v, 256)])),
    },
  };
  return JSON.stringify(notification);
}

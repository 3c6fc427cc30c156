import { describe, expect, it } from 'vitest';
import { defineAccountRule, pass } from '../../src/rules/define-rule.js';
import { readGrants } from '../../src/rules/iam-grants.js';
import { RULES } from '../../src/rules/index.js';
import { RuleDefinitionError } from '#shared/core/errors.js';

const STAGES = ['arn:aws:apigateway:*::/restapis', 'arn:aws:apigateway:*::/restapis/*/stages'];

describe('readGrants', () => {
  it('puts every action on `*` but those a rule limits, which get the resources it names', () => {
    const grants = readGrants([
      { iamActions: ['s3:GetBucketVersioning', 'apigateway:GET'], iamResources: { 'apigateway:GET': STAGES } },
      { iamActions: ['s3:ListAllMyBuckets', 's3:GetBucketVersioning'] },
    ]);
    expect(grants).toEqual([
      { actions: ['s3:GetBucketVersioning', 's3:ListAllMyBuckets'], resources: ['*'] },
      { actions: ['apigateway:GET'], resources: STAGES },
    ]);
  });

  it('adds up the limits of several rules on one action, and lets a rule that needs it unlimited win', () => {
    const a = { iamActions: ['apigateway:GET'], iamResources: { 'apigateway:GET': [STAGES[0]!] } };
    const b = { iamActions: ['apigateway:GET'], iamResources: { 'apigateway:GET': [STAGES[1]!] } };
    expect(readGrants([a, b])).toEqual([
      { actions: [], resources: ['*'] },
      { actions: ['apigateway:GET'], resources: STAGES },
    ]);
    expect(readGrants([a, { iamActions: ['apigateway:GET'] }])).toEqual([{ actions: ['apigateway:GET'], resources: ['*'] }]);
  });

  it('never grants apigateway:GET on `*` for the registry (it would read API key values)', () => {
    const [onEverything, ...limited] = readGrants(RULES);
    expect(onEverything!.actions).not.toContain('apigateway:GET');
    expect(limited).toEqual([{ actions: ['apigateway:GET'], resources: STAGES }]);
  });
});

describe('iamResources in rule metadata', () => {
  const base = {
    id: 'test-limited-read',
    title: 't',
    description: 'd',
    absentFields: 'a',
    severity: 'LOW' as const,
    resourceType: 'AWS::ApiGateway::Stage' as const,
    checklist: { source: 's', item: 'i' },
    controls: {},
    iamActions: ['apigateway:GET'],
    triggers: [{ eventSource: 'apigateway.amazonaws.com', eventNames: ['CreateStage'] }],
    remediation: { text: 't', cli: 'c' },
    evaluate: async () => pass('ok'),
  };

  it('must name actions of iamActions, with arn:aws: patterns', () => {
    expect(() => defineAccountRule({ ...base, iamResources: { 'apigateway:GET': STAGES } })).not.toThrow();
    expect(() => defineAccountRule({ ...base, iamResources: { 'apigateway:DELETE': STAGES } })).toThrow(
      new RuleDefinitionError('rule test-limited-read: iamResources names "apigateway:DELETE", which is not in iamActions'),
    );
    expect(() => defineAccountRule({ ...base, iamResources: { 'apigateway:GET': [] } })).toThrow(/iamResources of "apigateway:GET" is empty/);
    expect(() => defineAccountRule({ ...base, iamResources: { 'apigateway:GET': ['*'] } })).toThrow(/"\*" is not an arn:aws: pattern/);
  });
});

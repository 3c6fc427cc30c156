import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { iamPolicy, renderRulesDoc, requiredIamActions, updateReadme } from '../../src/cli/catalog.js';
import { RULE_CATALOG } from '../../src/rules/catalog.generated.js';
import { defineAccountRule } from '../../src/rules/define-rule.js';
import { RULES } from '../../src/rules/index.js';
import { CATALOG_MODULE_PATH, catalogEntry, renderCatalogModule } from '../../src/rules/render-catalog.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

describe('generated docs match the registry (run `npm run docs` after changing a rule)', () => {
  it('docs/rules.md', () => {
    expect(read('docs/rules.md')).toBe(renderRulesDoc(RULES));
  });

  it('the rule catalog of the findings API and `preflight rules` (src/rules/catalog.generated.ts)', () => {
    expect(read(CATALOG_MODULE_PATH)).toBe(renderCatalogModule(RULES));
    expect(RULE_CATALOG).toEqual(RULES.map(catalogEntry));
  });

  it("README.md's rule catalog and IAM policy", () => {
    const readme = read('README.md');
    expect(readme).toBe(updateReadme(readme, RULES));
  });

  it('docs/rules.md documents every rule with its checklist item, controls, IAM actions, triggers and remediation', () => {
    const doc = renderRulesDoc(RULES);
    for (const rule of RULES) {
      const section = doc.slice(doc.indexOf(`\n## ${rule.id}\n`)).split('\n## ')[1] ?? '';
      expect(section).toContain(`"${rule.checklist.item}" (seed checklist ${rule.checklist.source})`);
      for (const action of rule.iamActions) expect(section).toContain(`\`${action}\``);
      for (const trigger of rule.triggers) expect(section).toContain(`\`${trigger.eventSource}\`: ${trigger.eventNames.join(', ')}`);
      expect(section).toContain(rule.remediation.cli);
      for (const id of rule.controls.securityHub ?? []) expect(section).toContain(id);
    }
  });

  it('docs/rules.md says, for every rule, what it does when an AWS answer leaves a field out', () => {
    const doc = renderRulesDoc(RULES);
    for (const rule of RULES) {
      const section = doc.slice(doc.indexOf(`\n## ${rule.id}\n`)).split('\n## ')[1] ?? '';
      expect(section).toMatch(/\n- When an answer leaves a field out: \S/);
      expect(section).toContain(rule.absentFields);
    }
  });

  it('a rule without its absent-field behaviour is refused when the registry loads', () => {
    const { bind: _bind, scope: _scope, defaultParams: _defaults, ...metadata } = RULES[0]!;
    expect(() => defineAccountRule({ ...metadata, absentFields: ' ', evaluate: async () => ({ status: 'PASS', reason: 'x' }) })).toThrow(
      /absentFields is empty/,
    );
  });
});

describe('catalog generator', () => {
  it('replaces only the text between the markers, and is idempotent', () => {
    const readme = 'intro\n<!-- iam:start -->\nstale\n<!-- iam:end -->\nmiddle\n<!-- rules:start -->\nold table\n<!-- rules:end -->\noutro\n';

    const once = updateReadme(readme, RULES);

    expect(once.startsWith('intro\n<!-- iam:start -->\n')).toBe(true);
    expect(once).not.toContain('stale');
    expect(once).not.toContain('old table');
    expect(once).toContain('\n<!-- iam:end -->\nmiddle\n<!-- rules:start -->\n');
    expect(once.endsWith('<!-- rules:end -->\noutro\n')).toBe(true);
    expect(once).toContain('| [s3-bucket-versioning-enabled](docs/rules.md#s3-bucket-versioning-enabled) | HIGH | `AWS::S3::Bucket` |');
    expect(updateReadme(once, RULES)).toBe(once);
  });

  it('refuses a README without the markers', () => {
    expect(() => updateReadme('# no markers\n', RULES)).toThrow('README.md lacks the <!-- rules:start --> … <!-- rules:end --> markers');
  });

  it("the IAM policy is the sorted union of the rules' actions, without wildcards, on `*` but where a rule limits them", () => {
    const actions = requiredIamActions(RULES);

    expect(actions).toEqual([...new Set(RULES.flatMap((r) => r.iamActions))].sort());
    expect(actions.some((a) => a.includes('*'))).toBe(false);
    expect(iamPolicy(RULES)).toEqual({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'PreflightReadOnly', Effect: 'Allow', Action: actions.filter((a) => a !== 'apigateway:GET'), Resource: '*' },
        {
          Sid: 'PreflightReadOnlyLimited1',
          Effect: 'Allow',
          Action: ['apigateway:GET'],
          Resource: ['arn:aws:apigateway:*::/restapis', 'arn:aws:apigateway:*::/restapis/*/stages'],
        },
      ],
    });
  });
});

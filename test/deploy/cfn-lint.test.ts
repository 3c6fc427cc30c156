/**
 * AWS's cfn-lint over every template Preflight deploys: the packaged main stack (with its default params and
 * with X-Ray tracing on), the packaged regional forwarder, and every CloudFormation template in deploy/ (the
 * member stack today, and any added later).
 * Errors fail; warnings must be the ones test/deploy/cfn-lint-kept-warnings.yaml keeps, with a reason.
 * Where cfn-lint is not installed the test is skipped (one line per run says so; CI=true fails instead).
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { MAIN_PACKAGE, type PackageRun, packagedOnce, REGIONAL_FORWARDER_PACKAGE, TRACED_PACKAGE } from '../helpers/packaged.js';
import { ROOT } from './package.js';

const cfnLint = inject('externalTools').cfnLint;
const DEPLOY_DIR = join(ROOT, 'deploy');

/** osls service files are linted through what `osls package` makes of them; each needs its package run here. */
const SERVICES: Record<string, PackageRun> = {
  'serverless.yml': MAIN_PACKAGE,
  'deploy/regional-forwarder.yml': REGIONAL_FORWARDER_PACKAGE,
};

/** Packagings of a service with params that change its template, linted too; each keeps its service's warnings. */
const VARIANTS: Record<string, { of: string; run: PackageRun }> = {
  'serverless.yml tracing=true (packaged)': { of: 'serverless.yml', run: TRACED_PACKAGE },
};

interface Match {
  Level: 'Error' | 'Warning' | 'Informational';
  Rule: { Id: string };
  Message: string;
  Filename: string;
  Location: { Path: Array<string | number> | null };
}

interface Kept {
  why: string;
  at: Record<string, string[]>;
}

/** `rule template path` for every warning the file keeps. */
function keptWarnings(): string[] {
  const kept = parse(readFileSync(join(ROOT, 'test/deploy/cfn-lint-kept-warnings.yaml'), 'utf8')) as Record<string, Kept>;
  return Object.entries(kept).flatMap(([rule, { why, at }]) => {
    if (!why?.trim()) throw new Error(`cfn-lint-kept-warnings.yaml: ${rule} keeps warnings without saying why`);
    return Object.entries(at).flatMap(([template, paths]) => {
      const variants = Object.entries(VARIANTS).filter(([, v]) => template === `${v.of} (packaged)`);
      return [template, ...variants.map(([label]) => label)].flatMap((label) => paths.map((path) => `${rule} ${label} ${path}`));
    });
  });
}

/** Files of deploy/ that are CloudFormation templates, and those that are osls services. */
function deployFiles(): { templates: string[]; services: string[] } {
  const files = readdirSync(DEPLOY_DIR).filter((f) => /\.(ya?ml|json)$/.test(f));
  const text = (f: string) => readFileSync(join(DEPLOY_DIR, f), 'utf8');
  return {
    templates: files.filter((f) => /^(AWSTemplateFormatVersion|Resources)\s*:|"(AWSTemplateFormatVersion|Resources)"\s*:/m.test(text(f))),
    services: files.filter((f) => /^service\s*:/m.test(text(f))).map((f) => `deploy/${f}`),
  };
}

function lint(files: readonly string[]): Promise<Match[]> {
  return new Promise((resolve, reject) => {
    const args = ['--format', 'json', '--regions', 'us-east-1', 'eu-west-1', '--', ...files];
    execFile(cfnLint!, args, { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 180_000 }, (error, stdout, stderr) => {
      // cfn-lint exits non-zero when it finds something: the JSON report is what counts.
      try {
        resolve(JSON.parse(stdout) as Match[]);
      } catch {
        reject(new Error(`cfn-lint gave no JSON report (${error?.message ?? 'exit 0'}):\n${stderr}\n${stdout}`));
      }
    });
  });
}

let matches: Array<Match & { template: string; at: string }>;
let linted: string[];

describe.skipIf(!cfnLint)("AWS's cfn-lint on every template Preflight deploys", () => {
  beforeAll(async () => {
    const { templates, services } = deployFiles();
    const unknown = services.filter((s) => !SERVICES[s]);
    if (unknown.length > 0) throw new Error(`add the osls package run of ${unknown.join(', ')} to SERVICES in this test`);
    const runs = [
      ...Object.entries(SERVICES).map(([name, run]) => [`${name} (packaged)`, run] as const),
      ...Object.entries(VARIANTS).map(([label, { run }]) => [label, run] as const),
    ];
    const packaged = await Promise.all(
      runs.map(async ([label, run]) => {
        const { dir } = await packagedOnce(run.args, run.cwd);
        return [join(dir, 'cloudformation-template-update-stack.json'), label] as const;
      }),
    );
    const labels = new Map<string, string>([...packaged, ...templates.map((t) => [join(DEPLOY_DIR, t), `deploy/${t}`] as const)]);
    linted = [...labels.values()];
    const report = await lint([...labels.keys()]);
    matches = report.map((m) => {
      const file = join(ROOT, relative(ROOT, m.Filename));
      const template = labels.get(file) ?? labels.get(m.Filename) ?? m.Filename;
      return { ...m, template, at: (m.Location.Path ?? []).slice(0, 3).join('/') };
    });
  }, 600_000);

  it('lints the packaged main stack (tracing off and on), the packaged regional forwarder and the member stack', () => {
    expect(linted).toEqual(
      expect.arrayContaining([
        'serverless.yml (packaged)',
        'serverless.yml tracing=true (packaged)',
        'deploy/regional-forwarder.yml (packaged)',
        'deploy/member-stack.yml',
      ]),
    );
  });

  it('finds no error', () => {
    expect(matches.filter((m) => m.Level === 'Error').map((m) => `${m.Rule.Id} ${m.template} ${m.at}: ${m.Message}`)).toEqual([]);
  });

  it('finds exactly the warnings kept on purpose (test/deploy/cfn-lint-kept-warnings.yaml)', () => {
    const warnings = matches.filter((m) => m.Level === 'Warning').map((m) => `${m.Rule.Id} ${m.template} ${m.at}`);
    expect(warnings.sort()).toEqual(keptWarnings().sort());
    console.info(`[cfn-lint] ${linted.length} templates: 0 errors, ${warnings.length} warnings, all kept with a reason`);
  });
});

/**
 * Vitest global setup: finds the two independent implementations some tests check Preflight against,
 * moto (`moto_server`, an AWS API emulator) and AWS's `cfn-lint`. Where one is missing, its tests are
 * skipped and ONE line per run says how to install it; under CI=true a missing tool fails the run.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface ExternalTools {
  /** Path of `moto_server`, or undefined when it is not on PATH. */
  motoServer?: string;
  /** Path of `cfn-lint`, or undefined when it is not on PATH. */
  cfnLint?: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    externalTools: ExternalTools;
  }
}

const INSTALL: Record<keyof ExternalTools, { command: string; install: string; what: string }> = {
  motoServer: { command: 'moto_server', install: "pip install 'moto[server]'", what: 'the moto tests (test/moto/)' },
  cfnLint: { command: 'cfn-lint', install: 'pip install cfn-lint', what: 'the cfn-lint test (test/deploy/cfn-lint.test.ts)' },
};

/** The executable `command` resolves to on PATH, or undefined. */
export function onPath(command: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory: try the next one.
    }
  }
  return undefined;
}

export default function setup(project: TestProject): void {
  const tools: ExternalTools = {};
  const missing: string[] = [];
  const ci = process.env.CI !== undefined && !['', 'false', '0'].includes(process.env.CI);
  for (const key of Object.keys(INSTALL) as Array<keyof ExternalTools>) {
    const { command, install, what } = INSTALL[key];
    tools[key] = onPath(command);
    if (tools[key]) continue;
    missing.push(command);
    process.stderr.write(`\n*** ${ci ? 'CANNOT RUN' : 'SKIPPED'} ${what}: \`${command}\` is not on PATH. Install it with: ${install} ***\n`);
  }
  if (missing.length > 0 && ci) {
    throw new Error(`CI=true and ${missing.join(', ')} missing: the tests against independent implementations must run in CI (see .ci/run)`);
  }
  project.provide('externalTools', tools);
}

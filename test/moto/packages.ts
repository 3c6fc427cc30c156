/** The `osls package` runs the moto and cfn-lint tests share (test/helpers/packaged.ts packages each once per run). */
import { join } from 'node:path';
import { ROOT } from '../deploy/package.js';

export interface PackageRun {
  args: readonly string[];
  cwd: string;
}

/** The main stack, as the stack tests package it. */
export const MAIN_PACKAGE: PackageRun = { args: ['--stage', 'test', '--region', 'eu-west-1'], cwd: ROOT };

/** The us-east-1 forwarder of a stack homed in eu-west-1. */
export const FORWARDER_PACKAGE: PackageRun = {
  args: ['--config', 'global-forwarder.yml', '--stage', 'test', '--param', 'homeRegion=eu-west-1'],
  cwd: join(ROOT, 'deploy'),
};

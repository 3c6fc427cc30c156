/**
 * Builds the function zips (deploy/build-functions.mjs) whenever osls packages: `osls package`, `osls
 * deploy` (which packages first), `osls deploy function` and `osls offline`. serverless.yml points every
 * function's package.artifact at the zip this writes, so a stale or missing build is never deployed.
 * The zips are also copied into the package directory (`--package`, default .serverless), where osls
 * writes the templates: one directory holds everything a deployment uploads.
 */
'use strict';

const { copyFile, mkdir } = require('node:fs/promises');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

class BuildFunctions {
  constructor(serverless) {
    this.serverless = serverless;
    const build = () => this.build();
    this.hooks = {
      'before:package:createDeploymentArtifacts': build,
      'before:deploy:function:packageFunction': build,
      'before:offline:start:init': build,
      'before:offline:start': build,
      'after:package:createDeploymentArtifacts': () => this.copyToPackage(),
    };
  }

  async copyToPackage() {
    // Where osls writes a package before it moves it to `--package` (aws/common/lib/artifacts.js).
    const dir = path.join(this.serverless.serviceDir, '.serverless');
    await mkdir(dir, { recursive: true });
    for (const fn of Object.values(this.serverless.service.functions)) {
      const artifact = fn.package?.artifact;
      if (artifact) await copyFile(path.resolve(this.serverless.serviceDir, artifact), path.join(dir, path.basename(artifact)));
    }
  }

  async build() {
    const { buildFunctions } = await import(pathToFileURL(path.join(__dirname, 'build-functions.mjs')).href);
    const built = await buildFunctions({ root: this.serverless.serviceDir });
    this.serverless.cli.log(`Built ${built.length} function zips with esbuild (deploy/build-functions.mjs)`);
  }
}

module.exports = BuildFunctions;

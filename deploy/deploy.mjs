// `npm run deploy -- [osls options]` / `npm run package -- [osls options]`: the main stack
// (serverless.yml) in its region, then, unless that region is us-east-1, the us-east-1 forwarder
// (deploy/global-forwarder.yml) that brings the global services' CloudTrail events to it.
// `--print-plan` prints the osls commands as JSON instead of running them (used by test/deploy/).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const deployDir = fileURLToPath(new URL('.', import.meta.url));
const osls = fileURLToPath(new URL('../node_modules/osls/bin/serverless.js', import.meta.url));
const GLOBAL_EVENT_REGION = 'us-east-1';

/** Options that select the stack or the credentials, and so matter to both stacks. */
const SHARED_OPTIONS = new Map([
  ['--stage', 1], ['-s', 1], ['--region', 1], ['-r', 1], ['--aws-profile', 1], ['--verbose', 0], ['--debug', 1],
]);

function usage(message) {
  console.error(`${message}\nusage: node deploy/deploy.mjs deploy|package [--stage s] [--region r] [--param k=v ...] [--print-plan]`);
  process.exit(2);
}

/** The options both stacks need (stage, region, profile...), each as its argv tokens. */
function sharedOptions(args) {
  const picked = [];
  for (let i = 0; i < args.length; i += 1) {
    const [name, inline] = args[i].split(/=(.*)/s, 2);
    if (!SHARED_OPTIONS.has(name)) continue;
    const takesValue = inline === undefined && SHARED_OPTIONS.get(name) === 1;
    picked.push({ name, tokens: takesValue ? [args[i], args[(i += 1)]] : [args[i]] });
  }
  return picked;
}

function osl(args, cwd, capture = false) {
  const result = spawnSync(process.execPath, [osls, ...args], { cwd, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result.stdout;
}

/** The stage and region serverless.yml resolves to with these options (its defaults stay its own). */
function resolvedTarget(shared) {
  const provider = JSON.parse(osl(['print', '--path', 'provider', '--format', 'json', ...shared], root, true));
  return { stage: provider.stage, region: provider.region };
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'deploy' && command !== 'package') usage(`unknown command: ${command ?? '(none)'}`);
const printPlan = rest.includes('--print-plan');
const args = rest.filter((arg) => arg !== '--print-plan');
const shared = sharedOptions(args);
const { stage, region } = resolvedTarget(shared.flatMap((o) => o.tokens));

const plan = [{ stack: 'main', cwd: root, args: [command, ...args] }];
if (region !== GLOBAL_EVENT_REGION) {
  // Stage as resolved for the main stack; region fixed; profile, verbosity as given.
  const forwarderArgs = shared.filter((o) => !['--stage', '-s', '--region', '-r'].includes(o.name)).flatMap((o) => o.tokens);
  plan.push({
    stack: 'global-forwarder',
    cwd: deployDir,
    args: [command, '--config', 'global-forwarder.yml', '--stage', stage, '--region', GLOBAL_EVENT_REGION, '--param', `homeRegion=${region}`, ...forwarderArgs],
  });
}

if (printPlan) {
  console.log(JSON.stringify({ stage, region, plan }, null, 2));
} else {
  for (const step of plan) {
    console.log(`\n== ${step.stack}: osls ${step.args.join(' ')}`);
    osl(step.args, step.cwd);
  }
}

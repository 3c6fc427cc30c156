// `npm run deploy -- [osls options]` / `npm run package -- [osls options]`: the main stack
// (serverless.yml) in its home region, then a regional forwarder (deploy/regional-forwarder.yml) in every
// other region of the scanRegions param, and in us-east-1 (global services' events) when the home is elsewhere.
// `--print-plan` prints the osls commands as JSON instead of running them (used by test/deploy/).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const deployDir = fileURLToPath(new URL('.', import.meta.url));
const osls = fileURLToPath(new URL('../node_modules/osls/bin/serverless.js', import.meta.url));
const GLOBAL_EVENT_REGION = 'us-east-1';

/** Options that select the stack or the credentials, and so matter to both stacks. */
const SHARED_OPTIONS = new Map([
  ['--stage', 1],
  ['-s', 1],
  ['--region', 1],
  ['-r', 1],
  ['--aws-profile', 1],
  ['--verbose', 0],
  ['--debug', 1],
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
    const tokens = takesValue ? [args[i], args[i + 1]] : [args[i]];
    if (takesValue) i += 1;
    picked.push({ name, tokens });
  }
  return picked;
}

function osl(args, cwd, capture = false) {
  const result = spawnSync(process.execPath, [osls, ...args], { cwd, stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  return result.stdout;
}

/** The stage, region and scan regions serverless.yml resolves to with these options (its defaults stay its own). */
function resolvedTarget(options) {
  const provider = JSON.parse(osl(['print', '--path', 'provider', '--format', 'json', ...options], root, true));
  const scanRegions = String(provider.environment?.SCAN_REGIONS ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean);
  return { stage: provider.stage, region: provider.region, scanRegions: [...new Set(scanRegions)] };
}

/** The forwarders: every scanned region but home forwards all rules' events; us-east-1 at least the global rules'. */
function forwarders(home, scanRegions) {
  const regions = scanRegions.filter((r) => r !== home).map((r) => ({ region: r, forwardedRules: 'all' }));
  if (home !== GLOBAL_EVENT_REGION && !scanRegions.includes(GLOBAL_EVENT_REGION)) regions.push({ region: GLOBAL_EVENT_REGION, forwardedRules: 'global' });
  return regions;
}

const [command, ...rest] = process.argv.slice(2);
if (command !== 'deploy' && command !== 'package') usage(`unknown command: ${command ?? '(none)'}`);
const printPlan = rest.includes('--print-plan');
const args = rest.filter((arg) => arg !== '--print-plan');
const shared = sharedOptions(args);
// The params too: scanRegions may come from --param (or serverless.yml's default).
const params = args.flatMap((arg, i) => (arg === '--param' ? [arg, args[i + 1]] : arg.startsWith('--param=') ? [arg] : []));
const { stage, region, scanRegions } = resolvedTarget([...shared.flatMap((o) => o.tokens), ...params]);

const plan = [{ stack: 'main', cwd: root, args: [command, ...args] }];
// Stage as resolved for the main stack; region per forwarder; profile, verbosity as given.
const forwarderArgs = shared.filter((o) => !['--stage', '-s', '--region', '-r'].includes(o.name)).flatMap((o) => o.tokens);
for (const forwarder of forwarders(region, scanRegions)) {
  plan.push({
    stack: `regional-forwarder-${forwarder.region}`,
    cwd: deployDir,
    args: [
      command,
      '--config',
      'regional-forwarder.yml',
      '--stage',
      stage,
      '--region',
      forwarder.region,
      '--param',
      `homeRegion=${region}`,
      '--param',
      `forwardedRules=${forwarder.forwardedRules}`,
      ...forwarderArgs,
    ],
  });
}

if (printPlan) {
  console.log(JSON.stringify({ stage, region, scanRegions, plan }, null, 2));
} else {
  for (const step of plan) {
    console.log(`\n== ${step.stack}: osls ${step.args.join(' ')}`);
    osl(step.args, step.cwd);
  }
}

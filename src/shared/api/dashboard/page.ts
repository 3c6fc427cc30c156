/**
 * The findings dashboard served at `GET /` by the findings API (and so by `preflight demo`): one static
 * HTML page whose inline script calls the same API (/summary, /rules, /findings, /findings/{rule}/{id}).
 * No framework, no build step, no external asset: the inline script and style are allowed by their
 * SHA-256 hashes in the page's own Content-Security-Policy, and the page may only fetch from its origin.
 * Accessible: labelled controls, a skip link, real buttons, focus moved to the opened finding and back,
 * Escape to close, live regions for loading and errors.
 */
import { createHash } from 'node:crypto';
import { type HttpResponse, SECURITY_HEADERS } from '../http.js';
import { DASHBOARD_SCRIPT } from './script.js';
import { DASHBOARD_STYLE } from './style.js';

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

export const DASHBOARD_CSP = [
  "default-src 'none'",
  `script-src ${sha256(DASHBOARD_SCRIPT)}`,
  `style-src ${sha256(DASHBOARD_STYLE)}`,
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STATUS_OPTIONS = ['FAIL', 'ERROR', 'SUPPRESSED', 'PASS', 'NOT_APPLICABLE', 'RESOLVED'];
const SEVERITY_OPTIONS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'];
const options = (values: readonly string[]) => values.map((v) => `<option value="${v}">${v === 'NOT_APPLICABLE' ? 'N/A' : v}</option>`).join('');

export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Preflight findings</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<a class="skip" href="#findings-title">Skip to findings</a>
<header>
<h1>Preflight findings</h1>
<p>Production-readiness checks, kept current by sweeps and CloudTrail events.</p>
</header>
<main>
<div id="error" role="alert"></div>
<p id="status" class="muted" role="status" aria-live="polite">Loading…</p>

<section aria-labelledby="summary-title">
<h2 id="summary-title">Summary</h2>
<div class="summary">
<div class="cards">
<div class="card"><span>Readiness score</span><span class="big" id="score">–</span><span class="muted" id="score-detail"></span></div>
<div class="card"><span>Findings</span><span class="big" id="total">–</span></div>
</div>
<table aria-labelledby="severity-title">
<caption id="severity-title">Findings by severity and status</caption>
<thead><tr><th scope="col">Severity</th>${['FAIL', 'ERROR', 'SUPPRESSED', 'PASS'].map((s) => `<th scope="col">${s}</th>`).join('')}</tr></thead>
<tbody id="severity-rows"></tbody>
</table>
</div>
</section>

<div class="layout">
<section aria-labelledby="findings-title">
<h2 id="findings-title" tabindex="-1">Findings</h2>
<form id="filters" class="filters" role="search" aria-label="Filter findings">
<div class="field"><label for="f-status">Status</label><select id="f-status" name="status"><option value="">Any</option>${options(STATUS_OPTIONS)}</select></div>
<div class="field"><label for="f-severity">Severity</label><select id="f-severity" name="severity"><option value="">Any</option>${options(SEVERITY_OPTIONS)}</select></div>
<div class="field"><label for="f-rule">Rule</label><select id="f-rule" name="ruleId"><option value="">Any</option></select></div>
<div class="field"><label for="f-region">Region</label><input id="f-region" name="region" placeholder="eu-west-1 or global" size="14"></div>
<div class="field"><label for="f-type">Resource type</label><input id="f-type" name="resourceType" placeholder="AWS::S3::Bucket" size="20"></div>
<button type="submit" class="primary">Apply filters</button>
<button type="button" id="clear">Clear</button>
</form>
<table id="findings" aria-labelledby="findings-title findings-caption">
<caption id="findings-caption"></caption>
<thead><tr><th scope="col">Status</th><th scope="col">Severity</th><th scope="col">Resource, reason and rule</th><th scope="col">Region</th><th scope="col">Last change</th></tr></thead>
<tbody id="finding-rows"></tbody>
</table>
<p id="empty" class="muted" hidden>No finding matches these filters.</p>
<p><button type="button" id="more" hidden>Load more findings</button></p>
</section>

<section id="detail" aria-labelledby="detail-title" hidden>
<h2 id="detail-title" tabindex="-1">Finding</h2>
<div id="detail-body"></div>
<p><button type="button" id="close">Close finding</button> <span class="muted">(Escape)</span></p>
</section>
</div>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;

/** `GET /`: the page with its own CSP (the API's JSON responses keep `default-src 'none'`). */
export function dashboardResponse(): HttpResponse {
  return {
    statusCode: 200,
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': DASHBOARD_CSP },
    body: DASHBOARD_HTML,
  };
}

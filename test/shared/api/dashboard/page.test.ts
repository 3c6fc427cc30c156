import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RULES } from '../../../../src/rules/index.js';
import { createFindingsApi } from '#shared/api/findings-api.js';
import { DASHBOARD_CSP, DASHBOARD_HTML } from '#shared/api/dashboard/page.js';
import { DASHBOARD_SCRIPT } from '#shared/api/dashboard/script.js';
import { FindingsStore } from '#shared/store/findings-store.js';
import { apiEvent } from '../../../helpers/api.js';
import { type LocalDynamo, startDynalite } from '../../../helpers/dynalite.js';

let dynamo: LocalDynamo;
let api: ReturnType<typeof createFindingsApi>;
beforeAll(async () => {
  dynamo = await startDynalite();
  api = createFindingsApi({ store: new FindingsStore(dynamo.client, await dynamo.createTable()), rules: RULES, cursorSecret: 'test' });
});
afterAll(async () => {
  await dynamo.stop();
});

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('GET / (the dashboard)', () => {
  it('serves the page as HTML with the security headers and a CSP allowing only its own inline script and style', async () => {
    // Act
    const res = await api(apiEvent('/'));

    // Assess
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toBe(DASHBOARD_HTML);
    const script = /<script>([\s\S]*?)<\/script>/.exec(DASHBOARD_HTML)?.[1] ?? '';
    const style = /<style>([\s\S]*?)<\/style>/.exec(DASHBOARD_HTML)?.[1] ?? '';
    expect(res.headers['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(DASHBOARD_CSP).toBe(
      `default-src 'none'; script-src ${hash(script)}; style-src ${hash(style)}; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
  });

  it('keeps the JSON routes on their strict CSP', async () => {
    const res = await api(apiEvent('/summary'));
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('loads nothing from elsewhere, and labels every control', () => {
    expect(DASHBOARD_HTML).not.toMatch(/\ssrc=|@import|url\(|https?:\/\//i);
    // The one link: an empty inline icon, so the browser does not ask the API for /favicon.ico.
    expect([...DASHBOARD_HTML.matchAll(/<link [^>]*>/g)].map((m) => m[0])).toEqual(['<link rel="icon" href="data:,">']);
    const controls = [...DASHBOARD_HTML.matchAll(/<(select|input) id="([^"]+)"/g)].map((m) => m[2]);
    expect(controls).toEqual(['f-status', 'f-severity', 'f-rule', 'f-region', 'f-type']);
    for (const id of controls) expect(DASHBOARD_HTML).toMatch(new RegExp(`<label for="${id}">[A-Z][a-z ]+</label>`));
    expect(DASHBOARD_HTML).toContain('<html lang="en">');
  });

  it('has a script that parses, and never writes HTML from data', () => {
    expect(() => new Function(DASHBOARD_SCRIPT)).not.toThrow();
    expect(DASHBOARD_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);
  });
});

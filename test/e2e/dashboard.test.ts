/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core against the demo server
 * (sample account, findings store on in-process dynalite, the real findings API on 127.0.0.1).
 *
 * Runs whenever /usr/bin/chromium exists. Without it, it is skipped with a message, except in CI
 * (CI set), where it runs and fails: .ci/run installs Chromium, so a missing browser there is a bug.
 * Screenshots go to test-output/ (gitignored); PREFLIGHT_UPDATE_DOCS=1 also refreshes docs/dashboard.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo/run-demo.js';
import type { CliIo } from '../../src/cli/io.js';
import type { LocalServer } from '#shared/api/local-server.js';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const OUTPUT = join(ROOT, 'test-output');
const skip = !existsSync(CHROMIUM) && !process.env.CI;
const title = skip ? `dashboard in Chromium (SKIPPED: ${CHROMIUM} is absent; install it with: apt-get install -y chromium)` : 'dashboard in Chromium';

describe.skipIf(skip)(title, { timeout: 120_000 }, () => {
  let server: LocalServer | undefined;
  let stop: () => void = () => undefined;
  let demo: Promise<number> | undefined;
  let context: BrowserContext | undefined;
  let page: Page;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const io: CliIo = { stdout: { write: () => undefined }, stderr: { write: () => undefined }, env: {}, cwd: ROOT };
    const until = new Promise<void>((done) => {
      stop = done;
    });
    let listening: (s: LocalServer) => void = () => undefined;
    const listened = new Promise<LocalServer>((done) => {
      listening = done;
    });
    demo = runDemo(io, { serve: true, port: 0, until, onListening: (s) => listening(s) });
    // The demo ending before it listens (an error) must fail here, not time out.
    server = await Promise.race([listened, demo.then((code) => Promise.reject(new Error(`the demo ended (exit ${code}) before serving`)))]);

    // A fresh, empty profile: nothing from a previous run (cache, storage) can make the test pass.
    profile = mkdtempSync(join(tmpdir(), 'preflight-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      viewport: { width: 1400, height: 1000 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    // A CSP violation or a script error would leave the page half-working: fail on any.
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    mkdirSync(OUTPUT, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    stop();
    await demo;
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it('shows the readiness score and the counts by severity', async () => {
    await page.goto(`${server!.url}/`);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 30_000 });

    await expect.poll(() => page.locator('#score').textContent()).toMatch(/^\d+\/100$/);
    expect(await page.locator('#score-detail').textContent()).toMatch(/^\d+ of \d+ applicable rules pass$/);
    expect(await page.locator('#severity-rows tr').count()).toBe(4);
    expect(Number(await page.locator('#severity-rows tr[data-severity="HIGH"] td').first().textContent())).toBeGreaterThan(0);
    expect(await page.locator('#finding-rows tr').count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('filters the findings to FAIL with the labelled Status control', async () => {
    await page.getByLabel('Status', { exact: true }).selectOption('FAIL');

    await page.waitForURL(/\?status=FAIL$/);
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^\d+ findings? loaded\.$/);
    const statuses = await page.locator('#finding-rows tr td:first-child').allTextContents();
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set(['FAIL']));
    expect(await page.getByRole('button', { name: 'Open s3-bucket-versioning-enabled on prod-data' }).count()).toBe(1);
  });

  it('opens a finding from the keyboard: details, remediation and its PASS → FAIL history, focus on it', async () => {
    const opener = page.getByRole('button', { name: 'Open s3-bucket-versioning-enabled on prod-data' });
    await opener.focus();
    await page.keyboard.press('Enter');

    const detail = page.locator('#detail');
    await detail.waitFor({ state: 'visible' });
    expect(await page.locator('#detail-title').textContent()).toBe('prod-data · s3-bucket-versioning-enabled');
    expect(await page.locator('#detail-title:focus').count()).toBe(1);
    expect(await detail.textContent()).toContain('versioning is Suspended on prod-data');
    expect(await detail.textContent()).toContain('aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled');
    const history = await page.locator('#history tbody tr').allTextContents();
    expect(history[0]).toMatch(/PASS\s*FAIL\s*versioning is Suspended on prod-data/);
    expect(history.at(-1)).toMatch(/newPASS/);

    await page.screenshot({ path: join(OUTPUT, 'dashboard.png') });
    if (process.env.PREFLIGHT_UPDATE_DOCS === '1') await page.screenshot({ path: join(ROOT, 'docs/dashboard.png') });
    expect(problems).toEqual([]);
  });

  it('closes the finding with Escape and gives the focus back to its button', async () => {
    await page.keyboard.press('Escape');

    await page.locator('#detail').waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: 'Open s3-bucket-versioning-enabled on prod-data' }).evaluate((el) => el.matches(':focus'))).toBe(true);
  });

  it('reads on through short pages: a rare filter answers pages with fewer items than asked, even none', async () => {
    // Prepare: the API as it answers a rare filter over a large store, one bounded slice per request.
    const real = (await (await fetch(`${server!.url}/findings?status=FAIL&limit=1`)).json()) as { items: unknown[] };
    const slices = [
      { items: [], nextCursor: 'slice-2' },
      { items: [], nextCursor: 'slice-3' },
      { items: real.items, nextCursor: null },
    ];
    const asked: string[] = [];
    await page.route(/\/findings\?/, async (route) => {
      const url = new URL(route.request().url());
      if (url.searchParams.get('region') !== 'ap-south-2') return route.continue();
      asked.push(url.searchParams.get('cursor') ?? 'first');
      await route.fulfill({ contentType: 'application/json', body: JSON.stringify(slices[asked.length - 1]) });
    });
    // Act
    await page.getByLabel('Region', { exact: true }).fill('ap-south-2');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    // Assess
    await expect.poll(() => page.locator('#status').textContent()).toBe('1 finding loaded.');
    expect(asked).toEqual(['first', 'slice-2', 'slice-3']);
    expect(await page.locator('#finding-rows tr').count()).toBe(1);
    expect(await page.locator('#empty').isHidden()).toBe(true);
    await page.unroute(/\/findings\?/);
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^\d+ findings? loaded\.$/);
  });

  it('shows an API error in the alert region instead of failing silently', async () => {
    await page.getByLabel('Region', { exact: true }).fill('mars-1');
    await page.getByRole('button', { name: 'Apply filters' }).click();

    await expect.poll(() => page.locator('#error').textContent()).toContain('region: must be a region such as eu-west-1, or global');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => page.locator('#error').textContent()).toBe('');
  });
});

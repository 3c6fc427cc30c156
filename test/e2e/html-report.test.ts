/**
 * The HTML report in a real browser (Debian's Chromium through playwright-core): every piece of text
 * meets WCAG AA contrast (4.5:1, measured on the computed colours), no control character reaches the
 * page, and each fix command names the failing resource.
 *
 * Runs whenever /usr/bin/chromium exists. Without it, it is skipped with a message, except in CI
 * (CI set), where it runs and fails: .ci/run installs Chromium, so a missing browser there is a bug.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/cli/report/html.js';
import { ruleInfos } from '../../src/cli/report/model.js';
import { RULES } from '../../src/rules/index.js';
import { finding, HOSTILE, sampleReport } from '../cli/report/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = !existsSync(CHROMIUM) && !process.env.CI;
const title = skip ? `HTML report in Chromium (SKIPPED: ${CHROMIUM} is absent; install it with: apt-get install -y chromium)` : 'HTML report in Chromium';

const BELL = '\u0007';

interface TextContrast {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

/** The few DOM shapes the in-page function uses (the project compiles without the DOM library). */
interface PageCss {
  color: string;
  backgroundColor: string;
  visibility: string;
  display: string;
}
interface PageNode {
  nodeType: number;
  textContent: string | null;
}
interface PageElement {
  parentElement: PageElement | null;
  childNodes: ArrayLike<PageNode>;
}
interface PageGlobals {
  document: { body: { querySelectorAll(selector: string): ArrayLike<PageElement> } };
  getComputedStyle(element: PageElement): PageCss;
}

/**
 * For every element with text of its own: its text colour against the colour behind it (the nearest
 * ancestor's opaque background, white at the root), as WCAG 2 contrast ratio. Runs in the page.
 */
function contrastOfEveryText(): TextContrast[] {
  const page = globalThis as unknown as PageGlobals;
  const TEXT_NODE = 3;
  const parse = (css: string): [number, number, number, number] => {
    const m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(css);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : [0, 0, 0, 0];
  };
  const luminance = ([r, g, b]: number[]) => {
    const [R, G, B] = [r, g, b].map((c) => {
      const s = (c ?? 0) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (R ?? 0) + 0.7152 * (G ?? 0) + 0.0722 * (B ?? 0);
  };
  const backgroundOf = (el: PageElement | null): [number, number, number] => {
    // Composite translucent backgrounds from the root down (white canvas at the bottom).
    const layers: Array<[number, number, number, number]> = [];
    for (let node = el; node; node = node.parentElement) layers.unshift(parse(page.getComputedStyle(node).backgroundColor));
    let rgb: [number, number, number] = [255, 255, 255];
    for (const [r, g, b, a] of layers) rgb = [r * a + rgb[0] * (1 - a), g * a + rgb[1] * (1 - a), b * a + rgb[2] * (1 - a)];
    return rgb;
  };
  const results: TextContrast[] = [];
  for (const el of Array.from(page.document.body.querySelectorAll('*'))) {
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim();
    const style = page.getComputedStyle(el);
    if (!own || style.visibility === 'hidden' || style.display === 'none') continue;
    const [r, g, b, a] = parse(style.color);
    const background = backgroundOf(el);
    const fg: [number, number, number] = [r * a + background[0] * (1 - a), g * a + background[1] * (1 - a), b * a + background[2] * (1 - a)];
    const [l1, l2] = [luminance(fg), luminance(background)].sort((x, y) => y - x) as [number, number];
    results.push({ text: own.slice(0, 40), color: style.color, background: `rgb(${background.map(Math.round).join(', ')})`, ratio: (l1 + 0.05) / (l2 + 0.05) });
  }
  return results;
}

describe.skipIf(skip)(title, { timeout: 120_000 }, () => {
  let browser: Browser | undefined;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    const report = sampleReport();
    report.findings.push(
      finding({
        resourceId: 'arn:aws:s3:::bell-bucket',
        resourceName: `bell${BELL}bucket`,
        status: 'FAIL',
        reason: `versioning is Suspended on bell${BELL}bucket\u0000\u001b[31m`,
      }),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    await page.setContent(renderHtml(report, ruleInfos(report, RULES)), { waitUntil: 'load' });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('meets WCAG AA contrast (4.5:1) for every piece of text, failing cards included', async () => {
    const measured = await page.evaluate(contrastOfEveryText);

    expect(measured.length).toBeGreaterThan(50);
    expect(measured.filter((m) => m.text.includes('old-logs')).length).toBeGreaterThan(0);
    expect(measured.filter((m) => m.ratio < 4.5)).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('shows no control character: a BEL or an escape sequence in a name is dropped', async () => {
    const text = (await page.locator('body').textContent()) ?? '';

    expect(text).toContain('bellbucket');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
  });

  it('shows each fix command with the failing resource filled in, quoted when the shell needs it, never a name it altered', async () => {
    const commands = await page.locator('.problem code.fix').allTextContents();

    expect(commands).toContain('aws s3api put-bucket-versioning --bucket old-logs --versioning-configuration Status=Enabled');
    // Its name holds a BEL the page drops: filled in, the command would name another bucket.
    expect(commands).toContain('aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled');
    expect(commands.some((c) => c.startsWith("aws cloudwatch enable-alarm-actions --alarm-names '") && c.includes(HOSTILE.replace(/'/g, "'\\''")))).toBe(true);
  });
});

/**
 * `npm run screenshot [-- --out-dir <dir>]`: the demo's HTML report in a real browser. Audits the
 * built-in simulator's demo account (as `npm start` does), renders the page, opens it in headless
 * Chromium (Debian's `chromium`, through playwright-core; Playwright's own browser download cannot
 * work offline) and writes docs/report.png (desktop width, the top of the page: the status, the
 * chart and the first findings; `--full-page` for all of it) and docs/report-phone.png (a phone's
 * first two screens). The browser is offline for the page: any
 * request it tries, and any console error (a Content-Security-Policy violation is one), fails the
 * script. Needs `apt-get install -y chromium`; `npm test` never does.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { chromium, type Page } from 'playwright-core';
import { DEMO_POLICY_FILE, startDemo } from '../bin/cli/demo.js';
import { runAudit } from '../lambda/audit.js';
import { loadPolicyFile } from '../lambda/policy/load.js';
import { renderHtml } from '../lambda/report/html/page.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** No GPU, no background traffic, no updates or sync, no first-run dialogs: a quiet, offline browser. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const DESKTOP = { width: 1280, height: 900 };
/** The top of the page the README shows: header, summary and chart, the first failing rules. */
const DESKTOP_CLIP_HEIGHT = 1800;
/** A common phone: 390 CSS pixels wide, at twice the density; the first two screens. */
const PHONE = { width: 390, height: 844, screens: 2 };

async function demoPage(): Promise<string> {
  const demo = await startDemo();
  try {
    const report = await runAudit({ api: demo.api, policy: loadPolicyFile(DEMO_POLICY_FILE), runId: 'demo-screenshot', demo: true });
    return renderHtml(report);
  } finally {
    await demo.stop();
  }
}

/** Everything the page tried to load or complained about; the page must do neither. */
function watch(page: Page, pageUrl: string): string[] {
  const problems: string[] = [];
  page.on('request', (request) => {
    if (request.url() !== pageUrl) problems.push(`request: ${request.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

async function main(outDir: string, fullPage: boolean): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install Debian's (apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const work = mkdtempSync(join(tmpdir(), 'fastly-auditor-screenshot-'));
  const profile = join(work, 'profile');
  try {
    const file = join(work, 'report.html');
    writeFileSync(file, await demoPage());
    const pageUrl = pathToFileURL(file).href;
    // A fresh profile every time: nothing cached or remembered from another run.
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: DESKTOP, offline: true });
    try {
      const problems: string[] = [];
      const page = context.pages()[0] ?? (await context.newPage());
      problems.push(...watch(page, pageUrl));
      await page.goto(pageUrl, { waitUntil: 'load' });
      mkdirSync(outDir, { recursive: true });
      await page.screenshot({
        path: join(outDir, 'report.png'),
        fullPage: true,
        ...(fullPage ? {} : { clip: { x: 0, y: 0, width: DESKTOP.width, height: DESKTOP_CLIP_HEIGHT } }),
      });

      const phone = await context.newPage();
      problems.push(...watch(phone, pageUrl));
      await phone.setViewportSize({ width: PHONE.width, height: PHONE.height * PHONE.screens });
      await phone.goto(pageUrl, { waitUntil: 'load' });
      // A string, evaluated in the page: this file is type-checked without the DOM's types.
      const overflow = Number(await phone.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      if (overflow > 0) problems.push(`the page is ${overflow} px wider than a ${PHONE.width} px phone screen`);
      await phone.screenshot({ path: join(outDir, 'report-phone.png') });
      if (problems.length > 0) throw new Error(`the page is not inert or not responsive:\n${problems.join('\n')}`);
    } finally {
      await context.close();
    }
    process.stderr.write(`screenshot: wrote ${join(outDir, 'report.png')} and ${join(outDir, 'report-phone.png')}\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const options = new Command()
  .name('screenshot')
  .description("render the demo's HTML report in headless Chromium and write report.png and report-phone.png")
  .option('--out-dir <dir>', 'where to write the PNGs', 'docs')
  .option('--full-page', 'report.png shows the whole page, not only its top')
  .parse()
  .opts<{ outDir: string; fullPage?: boolean }>();

await main(resolve(options.outDir), options.fullPage === true);

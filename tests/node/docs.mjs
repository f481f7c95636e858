// /docs in headless Chromium from Debian (tests/checks/docs.sh starts the service):
// node docs.mjs BASE_URL SCREENSHOT.png SPEC.yaml
// Fails on any console error or warning, page error, failed request, HTTP error or CSP
// violation while the page loads; checks that every tag of the spec is a visible section,
// that the stylesheet applies, that the worked examples are there, and that the browser
// enforces the page's CSP (an injected inline script does not run). Saves a full-page
// screenshot. Development and test tool only.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import YAML from 'yaml';

const [base, png, specPath] = process.argv.slice(2);
if (!base || !png || !specPath) {
  console.error('usage: node docs.mjs BASE_URL SCREENSHOT.png SPEC.yaml');
  process.exit(2);
}
const spec = YAML.parse(readFileSync(specPath, 'utf8'));
const tags = (spec.tags || []).map((t) => t.name);
const failures = [];
const fail = (msg) => failures.push(msg);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : [],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  // a full-page screenshot of a long page on a busy machine takes its time: no timing here
  page.setDefaultTimeout(180000);
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  // the browser's own report of what the CSP blocked (init scripts are not the page's)
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`));
  });

  const res = await page.goto(`${base}/docs`, { waitUntil: 'load' });
  if (res.status() !== 200) fail(`/docs answered ${res.status()}`);
  const csp = res.headers()['content-security-policy'] || '';
  if (!csp.includes("default-src 'none'")) fail(`/docs has no strict CSP: "${csp}"`);
  await page.waitForLoadState('networkidle');

  if (tags.length < 10) fail(`the spec has ${tags.length} tags`);
  for (const tag of tags) {
    const h = page.locator('section.tag > h2', { hasText: tag }).filter({ hasText: new RegExp(`^${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    if ((await h.count()) !== 1) fail(`tag ${tag}: ${await h.count()} section headings`);
    else if (!(await h.isVisible())) fail(`tag ${tag}: its section heading is not visible`);
  }
  for (const path of ['/v1/auth/token', '/v1/members', '/v1/volunteer-events/{id}/signups']) {
    const ex = page.locator('article.example', { has: page.locator('code.path', { hasText: path }) });
    if ((await ex.count()) < 1 || !(await ex.first().isVisible())) fail(`no visible worked example for ${path}`);
  }
  const styled = await page.evaluate(() => ({
    sheets: document.styleSheets.length,
    font: getComputedStyle(document.body).fontFamily,
    border: getComputedStyle(document.querySelector('header.top')).borderBottomStyle,
  }));
  if (styled.sheets !== 1 || styled.border !== 'solid' || !styled.font.includes('Noto Sans CJK SC')) {
    fail(`the stylesheet does not apply: ${JSON.stringify(styled)}`);
  }
  // open the member list's reference so the screenshot shows an operation in full
  await page.locator('#op-members_list > summary').click();
  await page.screenshot({ path: png, fullPage: true });
  for (const p of problems) fail(p);

  // and the browser enforces the CSP: an inline script injected into the page does not run
  problems.length = 0;
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'document.body.dataset.ran = "yes"';
    document.head.append(s);
    return document.body.dataset.ran === 'yes';
  });
  await page.waitForTimeout(200);
  if (ran) fail('an inline script ran: the CSP is not enforced');
  if (!problems.some((p) => p.includes('CSP violation: script-src'))) {
    fail(`no CSP violation reported for the injected script: ${JSON.stringify(problems)}`);
  }
} finally {
  await browser.close();
}
if (failures.length) {
  for (const f of failures) console.error(`docs: ${f}`);
  process.exit(1);
}
console.log(`docs: ${tags.length} tags, no console errors; screenshot ${png}`);

// Screenshots of the running Aspire dashboard, for the docs. Called by scripts/dashboard-screenshot.sh.
// Usage: node dashboard.mjs LOGIN_URL OUTPUT_FOLDER PROFILE_FOLDER
// Chromium is the system's (/usr/bin/chromium); the flags keep it off the network except for the dashboard.
import { chromium } from 'playwright-core';

const [loginUrl, outDir, profileDir] = process.argv.slice(2);
if (!loginUrl || !outDir || !profileDir) {
  console.error('error: usage: node dashboard.mjs LOGIN_URL OUTPUT_FOLDER PROFILE_FOLDER');
  process.exit(2);
}
const base = new URL(loginUrl).origin;

const context = await chromium.launchPersistentContext(profileDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(loginUrl, { waitUntil: 'networkidle' });

  await page.goto(`${base}/`, { waitUntil: 'networkidle' });
  await page.getByText('pgbouncer', { exact: true }).first().waitFor({ timeout: 60_000 });
  await page.waitForTimeout(2_000);
  await page.screenshot({ path: `${outDir}/dashboard-resources.png` });

  const metrics = [
    ['dashboard-metrics.png', 'Microsoft.AspNetCore.Hosting', 'http.server.request.duration'],
    ['dashboard-cache-lookups.png', 'MealPlanner', 'mealplanner.cache.lookups'],
  ];
  for (const [file, meter, instrument] of metrics) {
    await page.goto(`${base}/metrics/resource/api?meter=${encodeURIComponent(meter)}&instrument=${encodeURIComponent(instrument)}&duration=5&view=Graph`,
      { waitUntil: 'networkidle' });
    await page.getByText(instrument).first().waitFor({ timeout: 60_000 });
      // The chart draws after the page settles.
    await page.waitForTimeout(5_000);
    await page.screenshot({ path: `${outDir}/${file}` });
  }
} finally {
  await context.close();
}

#!/usr/bin/env bash
# A PNG of a load run's timeline.html (for the README): headless Debian Chromium driven by
# playwright-core from browser-tests/ (installed by npm ci; never downloads a browser), as .ci/browser does.
# Usage: loadtest/chart-screenshot.sh [timeline.html] [out.png]
#   defaults: target/elastic/timeline.html -> docs/elasticity-cluster-run.png
set -euo pipefail
cd "$(dirname "$0")/.."
html=$(realpath "${1:-target/elastic/timeline.html}")
out=$(realpath -m "${2:-docs/elasticity-cluster-run.png}")
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
[[ -x $chromium ]] || { echo "no $chromium: bash .ci/browser installs Debian's chromium"; exit 2; }
[[ -d browser-tests/node_modules/playwright-core ]] \
  || (cd browser-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
mkdir -p "$(dirname "$out")"
(cd browser-tests && HTML="$html" OUT="$out" CHROMIUM="$chromium" node -e '
const { chromium } = require("playwright-core");
(async () => {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM, args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 960, height: 800 } });
  await page.goto("file://" + process.env.HTML);
  await page.screenshot({ path: process.env.OUT, fullPage: true });
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });')
echo "screenshot: $out"

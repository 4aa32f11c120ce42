// Lighthouse on the storefront's page types, with its mobile defaults, on Debian's
// Chromium: prints the four category scores per page and the budgets' figures
// (server response time, JavaScript and total bytes). A benchmark, not a test.
//
//   cargo build --release && (cd bench/lighthouse && npm ci) && node bench/lighthouse/run.mjs
//   CHO_BIN=target/debug/cho node bench/lighthouse/run.mjs

import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startShop } from "../../tests/browser/shop.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const binary = resolve(root, process.env.CHO_BIN ?? "target/release/cho");

const { base } = await startShop(binary);

const category = await (await fetch(`${base}/dien-thoai`)).text();
const product = category.match(/<li class="card">\s*<a href="([^"]+)"/)[1];
const pages = { home: "/", category: "/dien-thoai", product, policy: "/chinh-sach-doi-tra" };

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
try {
  console.log("page       perf  a11y  best  seo   TTFB ms  JS B (transfer)  total B");
  for (const [name, path] of Object.entries(pages)) {
    const { lhr } = await lighthouse(`${base}${path}`, {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: ["performance", "accessibility", "best-practices", "seo"],
    });
    const score = (id) => String(Math.round(lhr.categories[id].score * 100)).padStart(4);
    const resources = lhr.audits["resource-summary"].details.items;
    const bytes = (type) => resources.find((r) => r.resourceType === type)?.transferSize ?? 0;
    const ttfb = lhr.audits["server-response-time"].numericValue;
    const failing = Object.values(lhr.categories)
      .filter((c) => c.score < 1)
      .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1))
      .map((r) => r.id);
    console.log(
      `${name.padEnd(10)} ${score("performance")}  ${score("accessibility")}  ${score("best-practices")}  ${score("seo")}   ${ttfb.toFixed(1).padStart(7)}  ${String(bytes("script")).padStart(15)}  ${String(bytes("total")).padStart(7)}${failing.length ? `  below 100: ${failing.join(", ")}` : ""}`,
    );
  }
} finally {
  await chrome.kill();
}

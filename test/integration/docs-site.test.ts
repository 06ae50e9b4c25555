/**
 * Issue 14's docs site in a real browser, on the REST sandbox: the example project built on a branch, the page a
 * reviewer opens before publishing (which models are new), then published and the page of main with its release,
 * opened in headless chromium: no console errors, search, a node's SQL and columns, the whole lineage graph.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDocs } from "../../src/docs/generate-docs.js";
import { serveDocs } from "../../src/docs/serve-docs.js";
import type { SiteData } from "../../src/docs/site/site-data.js";
import { buildProject } from "../../src/execute/run-project.js";
import { loadTarget } from "../../src/project/load-target.js";
import type { Target } from "../../src/project/types.js";
import { viewBinderFor } from "../../src/publish/open-lakehouse.js";
import { publish } from "../../src/publish/publish.js";
import { refCatalogName } from "../../src/publish/ref-catalog.js";
import { launchChromium } from "./chromium-setup.js";
import { restCatalog, restEngine, restSandbox, uniqueName } from "./rest-harness.js";

const EXAMPLE = join(import.meta.dirname, "..", "..", "example-project");
/** screenshots, kept after the run (target/ is gitignored) */
const ARTIFACTS = join(import.meta.dirname, "..", "..", "target", "test-artifacts", "docs-site");

/** Opens a page, collecting console errors and uncaught exceptions; waits until the script marks it ready. */
async function open(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  page.on("pageerror", (e) => void errors.push(String(e)));
  page.on("requestfailed", (r) => void errors.push(`request failed: ${r.url()}`));
  await page.goto(url);
  await page.waitForSelector("html[data-ready=true]", { timeout: 10_000 });
  return { page, errors };
}

const drawnIn = (data: SiteData): string[] =>
  data.nodes.filter((n) => n.resourceType !== "test" && n.resourceType !== "unit_test").map((n) => n.uniqueId);

describe("the docs site of the example project, in chromium", () => {
  const engine = restEngine();
  const catalog = restCatalog();
  const branch = uniqueName("it_docs");
  const tag = uniqueName("it_docsrel");
  const profilesDir = join(restSandbox().profilesFile, "..");
  let dir: string;
  let target: Target;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), "tform-docs-site-"));
    cpSync(EXAMPLE, dir, { recursive: true, filter: (src) => !src.startsWith(join(EXAMPLE, "target")) });
    target = await loadTarget({ projectDir: dir, profileName: "lakehouse_shop", profilesDir, targetName: "sandbox" });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await engine.execute(`DROP CATALOG IF EXISTS "${refCatalogName(target, branch)}"`).catch(() => undefined);
    for (const name of [branch, `tform-tested-${branch}`, tag]) {
      const ref = await catalog.getReference(name);
      // the release tag stays: main holds its merge, and it is a release like any other
      if (ref && name !== tag) await catalog.deleteReference(ref).catch(() => undefined);
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a reviewer the branch before publish: every model with its status versus main and row counts", async () => {
    const built = await buildProject({
      projectDir: dir,
      profilesDir,
      target: "sandbox",
      branch,
      // main may already hold these tables from another test: build them all, so the merge has them
      noReuse: true,
    });
    expect(built.applied?.results.filter((r) => !["success", "pass", "warn"].includes(r.status))).toEqual([]);

    const docs = await generateDocs({ projectDir: dir, profilesDir, targetName: "sandbox", branch });
    const site = docs.site!;
    expect(site.branch?.name).toBe(branch);
    const models = site.nodes.filter((n) => n.diff);
    expect(models.length).toBeGreaterThanOrEqual(10);
    // the branch rebuilt every table, so each one differs from main (new, or changed when an earlier test published)
    for (const m of models.filter((n) => n.config.materialized !== "view"))
      expect(["new", "changed"], m.name).toContain(m.diff!.status);
    const customers = site.nodes.find((n) => n.name === "gold_customer_revenue")!;
    expect(customers.diff?.branchRows).toBe(1500);
    expect(customers.stats?.rowCount).toBe(1500);
    expect(customers.stats?.bytes).toBeGreaterThan(0);
    expect(customers.snapshots.length).toBeGreaterThanOrEqual(1);
    expect(docs.catalog.nodes[customers.uniqueId]!.stats.row_count!.value).toBe(1500);
    // the tests of the build just run, as run_results.json recorded them
    const tests = site.nodes.filter((n) => n.resourceType === "test");
    expect(tests.filter((t) => t.lastStatus?.status === "pass").length).toBeGreaterThanOrEqual(19);

    const { page, errors } = await open(browser, pathToFileURL(join(dir, docs.sitePath!)).href);
    const rows = page.locator("table.diff tbody tr");
    expect(await rows.count()).toBe(models.length);
    expect(await page.locator("table.diff").innerText()).toContain("gold_customer_revenue");
    await page.screenshot({ path: join(ARTIFACTS, "branch-overview.png"), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("after publish, serves main's page: search, a node's SQL and columns, its release, the whole lineage", async () => {
    await publish({
      catalog,
      projectRoot: dir,
      targetPath: "target",
      branch,
      provenance: { tformVersion: "test", project: "lakehouse_shop", user: "it" },
      tag,
      bindViews: viewBinderFor(catalog, target),
    });
    const docs = await generateDocs({ projectDir: dir, profilesDir, targetName: "sandbox" });
    const site = docs.site!;
    expect(site.branch).toBeUndefined();
    expect(site.releases[0]?.name).toBe(tag);
    const customers = site.nodes.find((n) => n.name === "gold_customer_revenue")!;
    expect(customers.releases[0]).toBe(tag);

    const server = await serveDocs({ projectDir: dir, port: 0 });
    try {
      const { page, errors } = await open(browser, server.url);
      await page.screenshot({ path: join(ARTIFACTS, "main-overview.png"), fullPage: true });
      expect(await page.locator("table.releases").innerText()).toContain(tag);

      // search finds the model; clicking the hit opens its page with SQL and columns
      await page.fill("#search", "customer_rev");
      const hit = page.locator("#search-results a", { hasText: "gold_customer_revenue" });
      await hit.first().click();
      const article = page.locator(`article.node-page[data-id="${customers.uniqueId}"]`);
      await article.waitFor();
      expect(await article.locator("pre.sql.compiled").innerText()).toContain('"iceberg"."silver"."slv_customers"');
      expect(await article.locator("pre.sql.raw").innerText()).toContain("ref('slv_customers')");
      const columns = await article.locator("table.columns tbody tr td:first-child").allInnerTexts();
      expect(columns).toEqual(customers.columns.map((c) => c.name));
      expect(columns).toContain("lifetime_revenue");
      expect(await article.innerText()).toContain(tag);
      await page.screenshot({ path: join(ARTIFACTS, "node-gold_customer_revenue.png"), fullPage: true });

      // Enter opens the first hit and clears the search
      await page.fill("#search", "brz_nations");
      await page.press("#search", "Enter");
      await page.locator('article.node-page[data-id="model.lakehouse_shop.brz_nations"]').waitFor();
      expect(await page.locator("#search-results li").count()).toBe(0);

      // the whole project's lineage: one box per model, seed, snapshot and source
      await page.click("#lineage-link");
      await page.waitForSelector(".lineage svg g.node");
      const drawn = await page
        .locator(".lineage svg g.node")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
      expect(drawn.sort()).toEqual(drawnIn(site).sort());
      await page.screenshot({ path: join(ARTIFACTS, "lineage.png") });

      // dbt's selector syntax: the model and its ancestors only; clicking a box opens that node
      await page.fill("#selector", "+gold_customer_revenue");
      await page.press("#selector", "Enter");
      await page.waitForFunction((all) => document.querySelectorAll(".lineage svg g.node").length < all, drawn.length);
      const upstream = await page
        .locator(".lineage svg g.node")
        .evaluateAll((els) => els.map((e) => e.getAttribute("data-id")));
      expect(upstream).toContain(customers.uniqueId);
      expect(upstream).not.toContain(site.nodes.find((n) => n.name === "gold_region_revenue")!.uniqueId);
      await page.locator('.lineage svg g.node[data-id="model.lakehouse_shop.slv_orders"]').click();
      await page.locator('article.node-page[data-id="model.lakehouse_shop.slv_orders"]').waitFor();
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await server.close();
    }
  });
});

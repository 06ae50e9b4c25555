/** index.html: self-contained (nothing fetched), the data embedded so that no text of the project can end the script. */
import { describe, expect, it } from "vitest";
import { renderSite, scriptJson, siteScript } from "../../../src/docs/site/render-site.js";
import { SITE_DATA_VERSION, type SiteData } from "../../../src/docs/site/site-data.js";

const DATA: SiteData = {
  version: SITE_DATA_VERSION,
  project: "shop <&>",
  generatedAt: "2026-01-01T00:00:00.000Z",
  catalog: "lake",
  releases: [],
  nodes: [
    {
      uniqueId: "model.shop.orders",
      resourceType: "model",
      name: "orders",
      packageName: "shop",
      fqn: ["shop", "orders"],
      originalFilePath: "models/orders.sql",
      tags: [],
      config: {},
      dependsOn: [],
      description: "",
      columns: [],
      rawCode: "select '</script><script>alert(1)</script>' as x -- \u2028",
      tests: [],
      releases: [],
      snapshots: [],
    },
  ],
};

describe("the docs page", () => {
  it("embeds the data as JSON no SQL text can close early, and escapes the title", async () => {
    const html = await renderSite(DATA);
    expect(html).toContain("<title>shop &lt;&amp;&gt; · tform docs</title>");
    expect(html).not.toContain("</script><script>alert(1)");
    const json = html.match(/<script type="application\/json" id="tform-data">([\s\S]*?)<\/script>/)![1]!;
    expect(JSON.parse(json)).toEqual(DATA);
    expect(scriptJson("\u2028<!--")).toBe('"\\u2028\\u003c!--"');
  });

  it("fetches nothing: no external script, stylesheet or URL to a network host", async () => {
    const html = await renderSite(DATA);
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    // exactly two scripts: the data and the app, which has dagre's layout and tform's selector in it
    expect(html.match(/<script/g)).toHaveLength(2);
  });

  it("bundles dagre and tform's selector once per process", async () => {
    const [a, b] = await Promise.all([siteScript(), siteScript()]);
    expect(a).toBe(b);
    expect(a).toContain("Unknown selector method");
    expect(a.length).toBeGreaterThan(30_000);
  });
});

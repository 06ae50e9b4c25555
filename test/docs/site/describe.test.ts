/** Descriptions as HTML: doc() blocks resolved, Markdown rendered, raw HTML escaped; plain words skip the parser. */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { descriptionHtml, docLookup } from "../../../src/docs/site/describe.js";

const docs = docLookup([{ name: "orders", content: "All *orders*", originalFilePath: "models/docs.md" }]);
const where = { file: "models/schema.yml", node: "model orders" };
const markdown = new MarkdownIt({ html: false, linkify: true });

describe("descriptionHtml", () => {
  it("renders plain words exactly as markdown-it does", () => {
    for (const text of ["Model 12 of folder 3", "1", "a, b; c", "Revenue per customer and month"])
      expect(descriptionHtml(text, docs, where)).toBe(markdown.render(text));
  });

  it("resolves doc() in both of dbt's forms and renders Markdown, links included, without raw HTML", () => {
    expect(descriptionHtml("{{ doc('orders') }}", docs, where)).toBe("<p>All <em>orders</em></p>\n");
    expect(descriptionHtml('See {{ doc("shop", "orders") }}.', docs, where)).toBe("<p>See All <em>orders</em>.</p>\n");
    expect(descriptionHtml("1. first\n2. see https://example.com", docs, where)).toBe(
      '<ol>\n<li>first</li>\n<li>see <a href="https://example.com">https://example.com</a></li>\n</ol>\n',
    );
    expect(descriptionHtml('<img src=x onerror="alert(1)">', docs, where)).toBe(
      "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>\n",
    );
    expect(descriptionHtml("[x](javascript:alert(1))", docs, where)).not.toContain("href");
    expect(descriptionHtml("", docs, where)).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { renderModel, type JinjaCase } from "../render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  ["the template's last newline is dropped", "select {{ 1 }}\n\n", "select 1\n"],
  ["a template without Jinja drops its last newline too", "select 1\n", "select 1"],
  ["CRLF line endings render as \\n", "a\r\nb {{ 1 }}\r\nc", "a\nb 1\nc"],
  ["numbers with exponents", "{{ 2e3 > 1999 }}", "True"],
];

describe("Jinja2 lexing: line endings, numbers", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

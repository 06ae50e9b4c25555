import { describe, expect, it } from "vitest";
import { renderModel, type JinjaCase } from "./render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  [
    "is mapping, is iterable and is sequence on dicts",
    "{{ {} is mapping }}{{ {} is iterable }}{{ {} is sequence }}{{ [] is mapping }}",
    "TrueTrueTrueFalse",
  ],
  [
    "is string, is number (booleans are numbers)",
    "{{ 'a' is string }}{{ 1 is string }}{{ true is number }}",
    "TrueFalseTrue",
  ],
  ["is sameas", "{{ none is sameas none }}{{ [] is sameas [] }}", "TrueFalse"],
  [
    "is equalto and == compare by value",
    "{{ [1] is equalto [1] }}{{ [{'a': [1]}] | selectattr('a', '==', [1]) | list | length }}",
    "True1",
  ],
  [
    "is lower and is upper on text with other characters",
    "{{ 'abc1' is lower }}{{ 'ABC!' is upper }}{{ 'Hello' is lower }}",
    "TrueTrueFalse",
  ],
  ["is in", "{{ [1] is in [[1]] }}", "True"],
  [
    "comparison tests",
    "{{ 2 is gt 1 }}{{ 2 is le 1 }}{{ [1, 2, 3] | select('lessthan', 3) | list | length }}",
    "TrueFalse2",
  ],
];

describe("Jinja2 tests (`x is …`)", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

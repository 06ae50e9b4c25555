import { describe, expect, it } from "vitest";
import { renderModel, type JinjaCase } from "../render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  ["a trailing comma in a call", "{{ 'a,b'.split(',',) | length }}", "2"],
  ["a trailing comma in a list literal", "{{ [1, 2,] | length }}", "2"],
  ["a trailing comma in a dict literal", "{% set d = {'a': 1,} %}{{ d.a }}", "1"],
  [
    "a trailing comma after keyword arguments",
    "{% macro f(a, b=2) %}{{ a }}{{ b }}{% endmacro %}{{ f(1, b=3,) }}",
    "13",
  ],
  ["a nested dict inside a tag: `}}` is two closing braces", "{% set d = {'a': {'b': 1}} %}{{ d.a.b }}", "1"],
  [
    "an empty dict inside a call inside {% do %}",
    "{% set x = {} %}{% do x.update({'n': {}}) %}{{ x.n | length }}{{ x | length }}",
    "01",
  ],
  ["a dict literal printed in {{ }}", "{{ {'a': {'b': 1}}.a.b }}", "1"],
  ["a dict key that is a variable", "{% set name = 'k' %}{% set d = {name: 1} %}{{ d.k }}|{{ d.name }}", "1|"],
  [
    "a dict key that is an attribute",
    "{% set col = {'column': 'id'} %}{% set d = {col.column: col} %}{{ d.id.column }}",
    "id",
  ],
  ["a dict key with a filter", "{% set d = {'A' | lower: 1} %}{{ d.a }}", "1"],
  ["*args in a call", "{% macro f(a, b) %}{{ a }}-{{ b }}{% endmacro %}{% set xs = [1, 2] %}{{ f(*xs) }}", "1-2"],
  [
    "**kwargs in a call",
    "{% macro f(a, b) %}{{ a }}-{{ b }}{% endmacro %}{% set kw = {'b': 2} %}{{ f(1, **kw) }}",
    "1-2",
  ],
  [
    "* and ** together, with a keyword",
    "{% macro f(a, b, c, d) %}{{ a }}{{ b }}{{ c }}{{ d }}{% endmacro %}{{ f(*[1, 2], c=3, **{'d': 4}) }}",
    "1234",
  ],
  [
    "*args and **kwargs in a filter call",
    "{{ 'a-b-c' | replace(*['-', '+']) }}{{ [3, 1, 2] | sort(**{'reverse': true}) | join }}",
    "a+b+c321",
  ],
  [
    "a string literal spanning lines has \\n between them, also in a file with CRLF line endings",
    "{% set s = 'a\r\nb' %}{{ s | length }}",
    "3",
  ],
  ["Python escapes in strings: unknown ones keep their backslash", "{{ 'a\\db\\tc\\x41\\u00e9' }}", "a\\db\tcAé"],
  ["adjacent string literals are joined", "{{ 'a' 'b' \"c\" }}", "abc"],
  [
    "a tuple literal; parentheses around one value are not a tuple",
    "{{ (1, 'a') }}|{{ (1,) }}|{{ () }}|{{ (1) + 1 }}",
    "(1, 'a')|(1,)|()|2",
  ],
  ["a slice of a string is a string", "{{ 'abcdef'[1:3] }}|{{ 'abc'[::-1] }}", "bc|cba"],
  ["an integer attribute indexes", "{% set pair = ['x', 'y'] %}{{ pair.1 }}", "y"],
  ["numbers with underscores", "{{ 1_000 + 1 }}", "1001"],
  [
    "a test with an argument without parentheses",
    "{{ 6 is divisibleby 3 }}{{ 7 is divisibleby 3 }}{% set x = none %}{{ x is sameas none }}",
    "TrueFalseTrue",
  ],
  ["a test binds tighter than a comparison", "{{ 1 == 1 is number }}", "True"],
  ["a test after a filter", "{{ 'abc' | length is odd }}", "True"],
];

describe("Jinja2 expression syntax", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

import { describe, expect, it } from "vitest";
import type { TformError } from "../../../src/errors.js";
import { renderModel, type JinjaCase } from "../render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  ["{% set %} unpacks a tuple", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", "12"],
  ["{% set %} unpacks a list", "{% set a, b = ['x', 'y'] %}{{ b }}{{ a }}", "yx"],
  [
    "{% set ns.attr %} assigns a namespace attribute inside a loop",
    "{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}",
    "6",
  ],
  [
    "a namespace flag set in a loop is seen after it",
    "{% set ns = namespace(found=false) %}{% for x in [1, 2, 3] %}{% if x == 2 %}{% set ns.found = true %}{% endif %}{% endfor %}{{ ns.found }}",
    "True",
  ],
  [
    "{% for … if … %} filters the items, and loop counts the kept ones",
    "{% for x in [1, 2, 3, 4] if x is even %}{{ x }}/{{ loop.length }} {% endfor %}{% for x in [1] if x > 5 %}{{ x }}{% else %}none kept{% endfor %}",
    "2/2 4/2 none kept",
  ],
  [
    "{% for k, v in … if … %} sees both names",
    "{% for k, v in {'a': 1, 'b': 2}.items() if v > 1 %}{{ k }}{{ v }}{% endfor %}",
    "b2",
  ],
  ["a {% set %} block honours -%}", "{% set x -%}   a  {%- endset %}[{{ x }}]", "[a]"],
  [
    "{% break %} leaves the loop (dbt enables jinja2.ext.loopcontrols)",
    "{% for x in [1, 2, 3, 4] %}{% if x == 3 %}{% break %}{% endif %}{{ x }}{% endfor %}",
    "12",
  ],
  [
    "{% continue %} goes on with the next item",
    "{% for k, v in {'a': 1, 'b': 2, 'c': 3}.items() %}{% if v == 2 %}{% continue %}{% endif %}{{ k }}{% endfor %}",
    "ac",
  ],
  [
    "{% break %} in a nested loop leaves the inner loop only",
    "{% for x in [1, 2] %}{% for y in [1, 2, 3] %}{% if y > x %}{% break %}{% endif %}{{ x }}{{ y }} {% endfor %}{% endfor %}",
    "11 21 22 ",
  ],
];

describe("Jinja2 statement syntax", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

async function syntaxError(template: string): Promise<TformError> {
  try {
    await renderModel(template);
  } catch (e) {
    return e as TformError;
  }
  throw new Error("expected a syntax error");
}

/** [what is wrong, template, the line blamed, words the message says] */
const ERRORS: readonly (readonly [string, string, number, string])[] = [
  [
    "an {% if %} never closed",
    "select 1\n{% if x %}\nfrom t",
    2,
    "the {% if %} block opened on line 2 is never closed: expected {% endif %}",
  ],
  [
    "a {% macro %} never closed",
    "a\n{% macro m() %}\nbody",
    2,
    "the {% macro %} block opened on line 2 is never closed: expected {% endmacro %}",
  ],
  [
    "an {% endif %} with no {% if %}",
    "a\n{% endif %}",
    2,
    "unexpected {% endif %}: there is no open block for it to close",
  ],
  [
    "an {% endfor %} closing an {% if %}",
    "{% for x in y %}\n{% if x %}\n{% endfor %}",
    3,
    "the open {% if %} block must be closed first with {% endif %}",
  ],
  ["a list missing its ]", "a\n{{ [1, 2 }}", 2, "expected ',' or ']' in a list, found '}}'"],
  ["a dict missing its }", "a\n{% set d = {'a': 1 %}", 2, "expected ',' or '}' in a dict, found '%}'"],
  ["a string never closed", "a\n{{ 'abc }}\nb", 2, "unterminated string"],
  ["a comment never closed", "a\n{# note", 2, "the comment {# opened here is never closed"],
  [
    "assigning to something that is not a name",
    "a\n{% set x.y.z = 1 %}",
    2,
    "{% set %} can only assign to a name or to a namespace attribute",
  ],
  ["a stray = in an expression", "a\n{{ x = 1 }}", 2, "expected '}}' to end the {{ … }} expression, found '='"],
  [
    "a macro parameter that is not a name",
    "a\n{% macro m(1) %}{% endmacro %}",
    2,
    "a macro parameter is a name, name=default, *name or **name",
  ],
  [
    "a {% call %} of a name without arguments",
    "a\n{% call wrap %}x{% endcall %}",
    2,
    "{% call %} needs a macro call with its arguments",
  ],
  [
    "a {% break %} outside a loop",
    "{% for x in [1] %}{% endfor %}\n{% break %}",
    2,
    "{% break %} outside a {% for %} loop",
  ],
  [
    "a {% continue %} in a macro inside a loop",
    "{% for x in [1] %}\n{% macro m() %}{% continue %}{% endmacro %}{% endfor %}",
    2,
    "{% continue %} outside a {% for %} loop",
  ],
];

describe("Jinja syntax errors name the construct in plain words, at its line", () => {
  it.each(ERRORS)("%s", async (_what, template, line, words) => {
    const e = await syntaxError(template);
    expect(e.code).toBe("TF201");
    expect(e.location).toMatchObject({ file: "models/m.sql", line });
    expect(e.message).toContain(`models/m.sql:${line}: `);
    expect(e.message).toContain(words);
  });
});

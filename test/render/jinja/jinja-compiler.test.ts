import { describe, expect, it } from "vitest";
import type { TformError } from "../../../src/errors.js";
import { renderModel, type JinjaCase } from "../render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  [
    "empty lists and dicts are false in {% if %}",
    "{% if [] %}T{% else %}F{% endif %}{% if {} %}T{% else %}F{% endif %}{% if [0] %}T{% endif %}",
    "FFT",
  ],
  ["not on an empty list", "{{ not [] }}{{ not {} }}", "TrueTrue"],
  ["or returns the first true operand, Python truthiness", "{{ [] or 'x' }}|{{ 0 or {} or 'z' }}", "x|z"],
  ["and returns the first false operand", "{{ [] and 'x' }}|{{ 'a' and 'b' }}", "[]|b"],
  ["an inline if with an empty list", "{{ 'y' if [] else 'n' }}{{ 'y' if ['a'] else 'n' }}", "ny"],
  [
    "an empty macro output is false",
    "{% macro nothing() %}{% endmacro %}{% if nothing() %}T{% else %}F{% endif %}",
    "F",
  ],
  [
    "{% set %} inside a loop does not leak out of it",
    "{% set x = 1 %}{% for i in [1, 2] %}{% set x = 2 %}{% endfor %}{{ x }}",
    "1",
  ],
  [
    "each iteration starts from the outer value",
    "{% set sep = '' %}{% for c in ['a', 'b'] %}{{ sep }}{{ c }}{% set sep = ', ' %}{% endfor %}",
    "ab",
  ],
  [
    "a name set in one iteration is gone in the next",
    "{% for i in [1, 2] %}{% if i == 1 %}{% set y = 5 %}{% endif %}[{{ y }}]{% endfor %}",
    "[5][]",
  ],
  ["iterating a dict yields its keys", "{% for k in {'a': 1, 'b': 2} %}{{ k }}{% endfor %}", "ab"],
  ["loop.cycle", "{% for x in [1, 2, 3] %}{{ loop.cycle('a', 'b') }}{% endfor %}", "aba"],
  ["loop.changed", "{% for x in [1, 1, 2, 2, 1] %}{% if loop.changed(x) %}{{ x }}{% endif %}{% endfor %}", "121"],
  [
    "loop.previtem and loop.nextitem",
    "{% for x in [1, 2, 3] %}{{ loop.previtem }}<{{ x }}>{{ loop.nextitem }} {% endfor %}",
    "<1>2 1<2>3 2<3> ",
  ],
  [
    "varargs holds extra positional arguments, kwargs extra keywords",
    "{% macro f(a, b=2) %}{{ a }} {{ b }} {{ varargs }} {{ kwargs }}{% endmacro %}{{ f(1, 3, 4, c=5) }}",
    "1 3 (4,) {'c': 5}",
  ],
  [
    "keywords fill parameters by name",
    "{% macro f(a, b=2) %}{{ a }}-{{ b }}-{{ kwargs }}{% endmacro %}{{ f(b=7, a=0) }}",
    "0-7-{}",
  ],
  [
    "a macro passes its varargs and kwargs on",
    "{% macro inner(a, b=1) %}{{ a }}{{ b }}{{ kwargs }}{% endmacro %}{% macro outer() %}{{ inner(*varargs, **kwargs) }}{% endmacro %}{{ outer(5, b=6, z=7) }}",
    "56{'z': 7}",
  ],
  [
    "kwargs does not hold caller",
    "{% macro w() %}[{{ caller() }}|{{ kwargs }}]{% endmacro %}{% call w() %}in{% endcall %}",
    "[in|{}]",
  ],
  ["a chained comparison", "{{ 1 < 2 < 3 }}{{ 3 > 2 > 2 }}", "TrueFalse"],
];

describe("Jinja2 semantics", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

describe("macro signatures beyond Jinja2's", () => {
  // Jinja2 3.1 rejects these signatures; tform accepts them with Python's meaning
  it("binds extra arguments to *name and **name parameters, and accepts a trailing comma", async () => {
    const sql =
      "{% macro f(a, *rest, **options,) %}{{ a }} {{ rest }} {{ options }}{% endmacro %}{{ f(1, 2, 3, x=4) }}";
    expect(await renderModel(sql)).toBe("1 (2, 3) {'x': 4}");
  });
});

describe("dbt's return() inside a macro file", () => {
  // return() leaves the callee by throwing; macros of one file share the frame variable the caller reads
  it("leaves the calling macro's arguments and loop as they were (dbt_utils.pivot calls slugify in its loop)", async () => {
    const sql =
      "{% macro slug(x) %}{{ return(x ~ '_') }}{% endmacro %}{% macro each(a='A') %}{% for v in ['p', 'q'] %}[{{ a }}{{ slug(v) }}{{ loop.last }}]{% endfor %}{% endmacro %}{{ each() }}";
    expect(await renderModel(sql)).toBe("[Ap_False][Aq_True]");
  });
});

describe("unknown filters and tests", () => {
  it("are syntax errors at their line, found when the template is compiled, as in Jinja2", async () => {
    for (const [sql, words] of [
      ["select 1\n{% if false %}{{ x | nosuchfilter }}{% endif %}", "unknown filter 'nosuchfilter'"],
      ["select 1\n{% if x is nosuchtest %}{% endif %}", "unknown test 'nosuchtest'"],
    ] as const) {
      const e = await renderModel(sql).then(
        () => undefined,
        (err: unknown) => err as TformError,
      );
      expect(e?.code).toBe("TF201");
      expect(e?.location?.line).toBe(2);
      expect(e?.message).toContain(words);
    }
  });
});

describe("errors of Python's operators", () => {
  /** [the operator, template, the line blamed, Python's words] */
  const FAILING: readonly (readonly [string, string, number, string])[] = [
    ["% with too few values", "select 1\n{{ '%s %s' % ('a',) }}", 2, "not enough arguments for format string"],
    ["in on none", "select 1\n{{ 'a' in none }}", 2, "argument of type 'NoneType' is not iterable"],
    [
      "unpacking too few values",
      "select 1\n{% set a, b = [1] %}",
      2,
      "not enough values to unpack (expected 2, got 1)",
    ],
    [
      "an attribute set on something else than a namespace",
      "select 1\n{% set x = 1 %}\n{% set x.a = 2 %}",
      3,
      "cannot assign attribute 'a'",
    ],
  ];

  it.each(FAILING)("%s fails at its line with Python's words", async (_operator, template, line, words) => {
    const e = await renderModel(template).then(
      () => undefined,
      (err: unknown) => err as TformError,
    );
    expect(e?.code).toBe("TF210");
    expect(e?.location?.line).toBe(line);
    expect(e?.message).toContain(words);
  });
});

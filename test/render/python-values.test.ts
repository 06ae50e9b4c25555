import { describe, expect, it } from "vitest";
import { renderModel, type JinjaCase } from "./render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  ["none, true and false print as Python's", "{{ none }}|{{ true }}|{{ false }}", "None|True|False"],
  [
    "a list prints as Python's repr",
    "{{ ['a', 'b'] }}|{{ [1, none, true] }}|{{ [] }}",
    "['a', 'b']|[1, None, True]|[]",
  ],
  ["a dict prints as Python's repr", "{{ {'a': 1, 'b': 'x'} }}", "{'a': 1, 'b': 'x'}"],
  [
    "strings inside a list choose their quotes as repr does",
    "{{ [\"it's\", 'say \"hi\"', 'a\\\\b'] }}",
    "[\"it's\", 'say \"hi\"', 'a\\\\b']",
  ],
  ["~ converts with str()", "{{ 'a' ~ none ~ [1] ~ true }}", "aNone[1]True"],
  ["list + list concatenates", "{{ [1] + [2, 3] }}", "[1, 2, 3]"],
  ["tuple + tuple is a tuple", "{{ (1, 2) + (3,) }}", "(1, 2, 3)"],
  ["string * number repeats", "{{ '-' * 3 }}{{ [0] * 2 }}", "---[0, 0]"],
  [
    "== compares lists and dicts by value",
    "{{ [1, 2] == [1, 2] }}{{ {'a': 1} == {'a': 1} }}{{ [1] != [1] }}",
    "TrueTrueFalse",
  ],
  ["== does not convert between strings and numbers", "{{ '1' == 1 }}", "False"],
  [
    "in looks for an equal value",
    "{{ [1] in [[1], [2]] }}{{ 'k' in {'k': 1} }}{{ 'at' in 'cat' }}{{ 3 not in [1] }}",
    "TrueTrueTrueTrue",
  ],
  [
    "% formats strings",
    "{{ '%s' % 'x' }}|{{ '%s-%s' % ('a', 'b') }}|{{ '%d%%' % 5 }}|{{ '%(n)s!' % {'n': 'hi'} }}",
    "x|a-b|5%|hi!",
  ],
  [
    "% with widths, flags and precisions",
    "{{ '%05.1f|%-4s|%4s|%+d|%x|%X|%o|%.2e' % (3.14159, 'a', 'b', 3, 255, 255, 8, 12345.678) }}",
    "003.1|a   |   b|+3|ff|FF|10|1.23e+04",
  ],
  ["%r is repr and %s is str", "{{ '%r %s %s' % ('x', none, [1]) }}", "'x' None [1]"],
  ["% on numbers is Python's modulo", "{{ -7 % 3 }}{{ 7 % -3 }}", "2-2"],
  ["'{}'.format() prints values with str()", "{{ '{}|{}'.format(none, true) }}", "None|True"],
];

describe("values printed and compared as Python does", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

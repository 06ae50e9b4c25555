import { describe, expect, it } from "vitest";
import { renderModel, type JinjaCase } from "./render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  ["map(attribute=) with an index", "{{ [['a', 1], ['b', 2]] | map(attribute=0) | join(',') }}", "a,b"],
  [
    "map(attribute=) with a path and a default",
    "{{ [{'a': {'b': 1}}, {}] | map(attribute='a.b', default=0) | join(',') }}",
    "1,0",
  ],
  [
    "selectattr with an index in the path",
    "{{ [[1, 2], [3, 4]] | selectattr('0', 'equalto', 3) | map(attribute=1) | first }}",
    "4",
  ],
  ["selectattr uses Python truthiness", "{{ [{'a': []}, {'a': [1]}] | selectattr('a') | list | length }}", "1"],
  [
    "select and reject without a test use Python truthiness",
    "{{ [0, 1, [], 'a'] | select | list | length }}{{ [0, 1, [], 'a'] | reject | list | length }}",
    "22",
  ],
  ["select with an operator test", "{{ [1, 2, 3] | select('>', 1) | join(',') }}", "2,3"],
  [
    "unique ignores case by default",
    "{{ ['a', 'A', 'b'] | unique | join(',') }}|{{ ['a', 'A'] | unique(case_sensitive=true) | join(',') }}",
    "a,b|a,A",
  ],
  [
    "unique by attribute",
    "{{ [{'k': 1, 'v': 'x'}, {'k': 1, 'v': 'y'}] | unique(attribute='k') | map(attribute='v') | join(',') }}",
    "x",
  ],
  ["sum(attribute=)", "{{ [{'a': 1}, {'a': 2}] | sum(attribute='a') }}", "3"],
  ["sum(start=) of lists concatenates", "{{ [[1], [2]] | sum(start=[]) | length }}", "2"],
  ["join(attribute=)", "{{ [{'a': 1}, {'a': 2}] | join(', ', attribute='a') }}", "1, 2"],
  ["join prints items with str()", "{{ ['a', none, true] | join(',') }}", "a,None,True"],
  ["batch with a fill value", "{{ [1, 2, 3] | batch(2, 0) | map('join', '') | join(' ') }}", "12 30"],
  ["dictsort sorts by key, ignoring case", "{{ {'b': 1, 'A': 2, 'c': 0} | dictsort | first }}", "('A', 2)"],
  [
    "dictsort by value, reversed",
    "{% for k, v in {'b': 2, 'a': 1, 'c': 0} | dictsort(by='value', reverse=true) %}{{ k }}{% endfor %}",
    "bac",
  ],
  [
    "default(boolean=true) replaces an empty list",
    "{{ [] | default('e', boolean=true) }}{{ '' | default('d', true) }}",
    "ed",
  ],
  [
    "int of text that is not a number is 0, of a decimal its whole part",
    "{{ 'x' | int }}|{{ '3.9' | int }}|{{ 'ff' | int(base=16) }}|{{ 'z' | int(-1) }}",
    "0|3|255|-1",
  ],
  ["float of text that is not a number is 0", "{{ 'x' | float == 0 }}", "True"],
  ["string is Python's str()", "{{ [1, 2] | string }}|{{ none | string }}", "[1, 2]|None"],
  ["replace with a count", "{{ 'aaaa' | replace('a', 'b', count=2) }}", "bbaa"],
  ["trim with characters", "{{ 'xxhixx' | trim('x') }}", "hi"],
  [
    "groupby yields (grouper, list) pairs",
    "{% for g, items in [{'n': 'x'}, {'n': 'y'}, {'n': 'x'}] | groupby('n') %}{{ g }}{{ items | length }}{% endfor %}|{{ [{'n': 2}, {'n': 1}] | groupby('n') | map(attribute='grouper') | join(',') }}",
    "x2y1|1,2",
  ],
  [
    "min and max with an attribute",
    "{{ ['b', 'A', 'c'] | max }}{{ [{'a': 2}, {'a': 5}] | max(attribute='a') | attr('a') }}{{ [{'a': 2}, {'a': 5}] | min(attribute='a') | list }}",
    "c['a']",
  ],
  ["format is % formatting", "{{ '%s and %s' | format('a', 'b') }}", "a and b"],
  ["count is length", "{{ 'abcd' | count }}", "4"],
  ["items yields tuples", "{{ {'a': 1} | items | list }}", "[('a', 1)]"],
  ["lower of a number", "{{ 5 | lower }}", "5"],
];

describe("Jinja2 filters", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

describe("dbt's own filters", () => {
  it("is_list is true for a list, not for a tuple or a string", async () => {
    expect(await renderModel("{{ [1] | is_list }}{{ (1,) | is_list }}{{ 'a' | is_list }}")).toBe("TrueFalseFalse");
  });
});

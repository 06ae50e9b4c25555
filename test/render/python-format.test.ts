import { describe, expect, it } from "vitest";
import { renderModel, type JinjaCase } from "./render-model.js";

/** Each template renders as it does in Jinja2 3.1.6 (the third column is its output there). */
const CASES: readonly JinjaCase[] = [
  [
    "str.format with a width from an argument, and alignment",
    "{{ '{:{width}}|{:^{width}}|'.format('ab', 'cd', width=6) }}{{ '{:>4}|{:<4}|'.format(1, 2) }}",
    "ab    |  cd  |   1|2   |",
  ],
  [
    "str.format with numbered, named and repr fields",
    "{{ '{0}-{1}-{0}'.format('a', 'b') }}|{{ '{x}'.format(x=none) }}|{{ '{!r}'.format('q') }}|{{ '{{}}'.format() }}",
    "a-b-a|None|'q'|{}",
  ],
  [
    "str.format number specs",
    "{{ '{:05d}|{:+d}|{:,}|{:.2f}|{:>8.3f}|{:x}|{:%}|{:.1%}|{:e}'.format(42, 5, 1234567, 3.14159, 2.5, 255, 0.25, 0.125, 1234.5) }}",
    "00042|+5|1,234,567|3.14|   2.500|ff|25.000000%|12.5%|1.234500e+03",
  ],
  [
    "str.format fill, sign-aware padding and grouping",
    "{{ '{:*^9}|{:=+6d}|{:08.2f}|{:_}'.format('mid', 42, -3.14159, 1000000) }}",
    "***mid***|+   42|-0003.14|1_000_000",
  ],
];

describe("str.format() as Python's", () => {
  it.each(CASES)("%s", async (_behaviour, template, jinja2) => {
    expect(await renderModel(template)).toBe(jinja2);
  });
});

import { describe, expect, it } from "vitest";
import { pythonRe } from "../../src/render/python-re.js";
import { renderedBy } from "./render-each.js";

describe("modules.re (Python regular expressions)", () => {
  it("gives what Python's re gives for named groups, replacement templates, findall, split and inline flags", async () => {
    // each checked against Python 3.11's re (rendered by dbt 1.11)
    expect(
      Object.values(
        await renderedBy([
          "modules.re.sub('(?P<w>[a-z]+)-(\\\\d+)', '\\\\g<w>_\\\\2', 'ab-12 cd-3')",
          "modules.re.search('(?P<y>\\\\d{4})', 'in 2024 x').group('y')",
          "modules.re.findall('\\\\d+', 'a1b22c333') | join(',')",
          "modules.re.split('[,;]\\\\s*', 'a, b;c') | join('|')",
          "'yes' if modules.re.match('b', 'abc') is none",
          "modules.re.sub('(?i)ABC', 'x', 'abc ABC')",
          // dbt_utils.slugify
          "modules.re.sub('^[0-9]', '_1', modules.re.sub('[^a-z0-9_]+', '', modules.re.sub('[ -]+', '_', '1 Big-deal!' | lower)))",
        ]),
      ),
    ).toEqual(["ab_12 cd_3", "2024", "1,22,333", "a|b|c", "yes", "x x", "_1_big_deal"]);
  });

  it("matches like Python: match anchors at the start, fullmatch at both ends, \\A and \\Z, (?P=name) back references", () => {
    expect(pythonRe.match("a", "ba")).toBeNull();
    expect(pythonRe.fullmatch("a+", "aab")).toBeNull();
    expect(pythonRe.fullmatch("a+b", "aab")?.group()).toBe("aab");
    expect(pythonRe.search("\\Ab", "ab")).toBeNull();
    expect(pythonRe.sub("x\\Z", "!", "x\nx")).toBe("x\n!");
    expect(pythonRe.search("(?P<q>['\"]).*?(?P=q)", "say 'hi' now")?.group()).toBe("'hi'");
    const m = pythonRe.search("(\\d+)-(?P<b>\\d+)?", "x 12- y")!;
    expect([m.groups(), m.groupdict("none"), m.start(1), m.end(), m.span()]).toEqual([
      ["12", null],
      { b: "none" },
      2,
      5,
      [2, 5],
    ]);
    expect(pythonRe.split("(-)", "a-b-c", 1)).toEqual(["a", "-", "b-c"]);
    expect(pythonRe.sub("a", "$1\\n", "a")).toBe("$1\n");
    expect(pythonRe.subn("a", "b", "aaa", 2)).toEqual(["bba", 2]);
    expect(pythonRe.findall("(a)(b)?", "ab a")).toEqual([
      ["a", "b"],
      ["a", ""],
    ]);
    expect(pythonRe.escape("a.b c")).toBe("a\\.b\\ c");
    expect(pythonRe.search("A", "a", pythonRe.IGNORECASE)?.group()).toBe("a");
  });

  it("refuses Python constructs JavaScript cannot express, naming them", () => {
    expect(() => pythonRe.search("(?x) a b", "ab")).toThrow("verbose mode");
    expect(() => pythonRe.search("a++", "aa")).toThrow("a possessive quantifier");
    expect(() => pythonRe.search("(?>a)", "a")).toThrow("an atomic group");
    expect(() => pythonRe.search("a(?i)b", "aB")).toThrow("inline flags that are not at the start");
    expect(() => pythonRe.search("(", "a")).toThrow("modules.re: invalid regular expression '('");
  });
});

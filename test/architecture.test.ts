import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = resolve(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith(".ts") ? [p] : [];
  });
}

/** The stage a file belongs to: its first folder below src/ (files directly in src/ are "(root)"). */
const folderOf = (file: string): string =>
  relative(SRC, file).includes("/") ? relative(SRC, file).split("/")[0]! : "(root)";

/** Folder → folders it imports at run time (static and dynamic imports; `import type` is erased and does not count). */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    const specs = [
      ...text.matchAll(/^import\s+(?!type\s)[^;]*?from\s+"(\.[^"]+)"/gm),
      ...text.matchAll(/import\(\s*"(\.[^"]+)"\s*\)/g),
    ].map((m) => m[1]!);
    for (const spec of specs) {
      const [from, to] = [folderOf(file), folderOf(resolve(dirname(file), spec))];
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)!.add(to);
    }
  }
  return graph;
}

/** Every cycle's folders, found by depth-first search (the graph has a dozen nodes). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  const found: string[][] = [];
  const walk = (node: string, path: string[]): void => {
    for (const next of graph.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) found.push([...path.slice(at), next]);
      else walk(next, [...path, next]);
    }
  };
  for (const start of graph.keys()) walk(start, [start]);
  const key = (c: string[]): string => [...c.slice(0, -1)].sort().join(",");
  return [...new Map(found.map((c) => [key(c), c])).values()];
}

describe("the pipeline's folders", () => {
  it("import each other without a cycle (data flows one way: load → render → plan → execute → publish)", () => {
    expect(cycles(folderGraph()).map((c) => c.join(" → "))).toEqual([]);
  });

  it("finds a cycle when there is one (the check itself can fail)", () => {
    const found = cycles(
      new Map([
        ["a", new Set(["b"])],
        ["b", new Set(["c"])],
        ["c", new Set(["a"])],
        ["d", new Set(["a"])],
      ]),
    );
    expect(found.map((c) => c.slice(0, -1).sort())).toEqual([["a", "b", "c"]]);
  });
});

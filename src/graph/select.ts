/**
 * Evaluating a selection spec on the graph (dbt's selector.py): graph operators per criteria, set
 * operations, then indirect selection of tests, then the resource-type filter.
 */
import type { ResourceType } from "../project/types.js";
import type { ProjectGraph } from "./project-graph.js";
import { matchCriteria } from "./selector-methods.js";
import { parseSelection, SELECT_ALL, type SelectionCriteria, type SelectionSpec } from "./selector-spec.js";

/**
 * Which tests come along with the nodes they test (dbt's --indirect-selection):
 * eager (default): a test of any selected node; cautious: only when all its parents are selected;
 * buildable: when all its parents are selected or upstream of the selection; empty: none.
 */
export type IndirectSelection = "eager" | "cautious" | "buildable" | "empty";

export interface SelectOptions {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly resourceTypes?: readonly ResourceType[];
  readonly indirectSelection?: IndirectSelection;
  /** called with each selector that matched no node (dbt warns, it does not fail) */
  readonly onUnmatched?: (selector: string) => void;
}

function walk(
  graph: ProjectGraph,
  start: Iterable<string>,
  next: (id: string) => readonly string[],
  maxDepth: number,
): Set<string> {
  const seen = new Set<string>();
  let frontier = [...start];
  for (let d = 0; d < maxDepth && frontier.length > 0; d++) {
    const nextFrontier: string[] = [];
    for (const id of frontier) {
      for (const n of next(id)) {
        if (!seen.has(n)) {
          seen.add(n);
          nextFrontier.push(n);
        }
      }
    }
    frontier = nextFrontier;
  }
  return seen;
}

export function ancestors(graph: ProjectGraph, ids: Iterable<string>, depth = Infinity): Set<string> {
  return walk(graph, ids, graph.parents, depth);
}

export function descendants(graph: ProjectGraph, ids: Iterable<string>, depth = Infinity): Set<string> {
  return walk(graph, ids, graph.children, depth);
}

const SELECT_ALL_CRITERIA: ReadonlySet<SelectionSpec> = new Set(
  SELECT_ALL.kind === "union" ? SELECT_ALL.components : [SELECT_ALL],
);

interface Selected {
  readonly direct: Set<string>;
  /** tests seen next to the selection but not (yet) selected */
  readonly indirect: Set<string>;
}

class Evaluator {
  private inExclude = false;

  constructor(
    private readonly graph: ProjectGraph,
    private readonly mode: IndirectSelection,
    private readonly onUnmatched?: (selector: string) => void,
  ) {}

  evaluate(spec: SelectionSpec): Selected {
    switch (spec.kind) {
      case "criteria":
        return this.criteria(spec);
      case "union":
        return this.combine(
          spec.components.map((c) => this.evaluate(c)),
          (sets) => union(sets),
        );
      case "intersection":
        return this.combine(
          spec.components.map((c) => this.evaluate(c)),
          (sets) => intersect(sets),
        );
      case "difference": {
        const include = this.evaluate(spec.include);
        this.inExclude = true;
        const exclude = this.evaluate(spec.exclude);
        this.inExclude = false;
        return this.combine([include, exclude], ([a, b]) => minus(a!, b!));
      }
    }
  }

  private criteria(c: SelectionCriteria): Selected {
    const matched = matchCriteria(this.graph, c);
    // like dbt, warn about what the user typed in --select, not about the implicit "everything" or --exclude
    if (matched.size === 0 && !this.inExclude && !SELECT_ALL_CRITERIA.has(c)) this.onUnmatched?.(c.raw);
    const selected = new Set(matched);
    if (c.parentsDepth !== undefined) for (const id of ancestors(this.graph, matched, c.parentsDepth)) selected.add(id);
    if (c.childrenDepth !== undefined)
      for (const id of descendants(this.graph, matched, c.childrenDepth)) selected.add(id);
    if (c.childrensParents) {
      const down = descendants(this.graph, matched);
      for (const id of down) selected.add(id);
      for (const id of ancestors(this.graph, [...matched, ...down])) selected.add(id);
    }
    return this.expand(selected);
  }

  /** Tests attached to the selection: added directly (eager, or all parents selected) or kept aside. */
  private expand(selected: Set<string>): Selected {
    const direct = new Set(selected);
    const indirect = new Set<string>();
    if (this.mode === "empty") return { direct, indirect };
    const buildable =
      this.mode === "buildable" ? new Set([...selected, ...ancestors(this.graph, selected)]) : undefined;
    for (const id of selected) {
      for (const child of this.graph.children(id)) {
        const node = this.graph.nodes.get(child)!;
        if ((node.resourceType !== "test" && node.resourceType !== "unit_test") || direct.has(child)) continue;
        if (this.mode === "eager" || node.dependsOn.every((p) => selected.has(p))) direct.add(child);
        else if (buildable && node.dependsOn.every((p) => buildable.has(p))) direct.add(child);
        else indirect.add(child);
      }
    }
    return { direct, indirect };
  }

  private combine(parts: readonly Selected[], op: (sets: readonly Set<string>[]) => Set<string>): Selected {
    const direct = op(parts.map((p) => p.direct));
    const indirect = op(parts.map((p) => new Set([...p.direct, ...p.indirect])));
    return { direct: this.incorporate(direct, indirect), indirect };
  }

  /** After set operations, a test kept aside joins when its parents are now all in the selection. */
  private incorporate(direct: Set<string>, indirect: Set<string>): Set<string> {
    if (this.mode !== "cautious" && this.mode !== "buildable") return direct;
    const base = this.mode === "buildable" ? new Set([...direct, ...ancestors(this.graph, direct)]) : direct;
    const out = new Set(direct);
    for (const id of indirect) {
      const node = this.graph.nodes.get(id);
      if (
        (node?.resourceType === "test" || node?.resourceType === "unit_test") &&
        node.dependsOn.every((p) => base.has(p))
      )
        out.add(id);
    }
    return out;
  }
}

function union(sets: readonly Set<string>[]): Set<string> {
  const out = new Set<string>();
  for (const s of sets) for (const id of s) out.add(id);
  return out;
}

function intersect(sets: readonly Set<string>[]): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((id) => rest.every((s) => s.has(id))));
}

function minus(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((id) => !b.has(id)));
}

/** Evaluate a parsed spec (undefined: every node); `selectNodes` is the usual entry point. */
export function evaluateSelection(
  graph: ProjectGraph,
  spec: SelectionSpec | undefined,
  options: SelectOptions = {},
): string[] {
  const direct =
    spec && new Evaluator(graph, options.indirectSelection ?? "eager", options.onUnmatched).evaluate(spec).direct;
  const types = options.resourceTypes && options.resourceTypes.length > 0 ? new Set(options.resourceTypes) : undefined;
  return graph.order.filter(
    (id) => (!direct || direct.has(id)) && (!types || types.has(graph.nodes.get(id)!.resourceType)),
  );
}

/** Unique ids selected by dbt-style `--select` / `--exclude`, in topological order. */
export function selectNodes(graph: ProjectGraph, options: SelectOptions = {}): string[] {
  const everything =
    (options.select ?? []).every((s) => s.trim() === "") && (options.exclude ?? []).every((s) => s.trim() === "");
  // the default selection (fqn:* plus sources) is every node, tests included: skip evaluating it
  if (everything) return evaluateSelection(graph, undefined, options);
  return evaluateSelection(graph, parseSelection(options.select, options.exclude), options);
}

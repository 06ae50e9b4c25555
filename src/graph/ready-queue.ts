/**
 * Which selected nodes may start now, for N workers following the DAG. Ordering is kept through
 * unselected nodes (a → x → b with only a and b selected: b waits for a), as dbt's subset graph does.
 * A failed node skips all its selected descendants.
 *
 *   const queue = new ReadyQueue(graph, selected);
 *   while (!queue.finished) { for (const id of queue.take()) start(id); … queue.done(id) / queue.fail(id) }
 */
import type { ProjectGraph } from "./project-graph.js";

export interface ReadyQueueOptions {
  /**
   * `build` semantics: the children of a tested node also wait for its selected tests, so a failing
   * test skips them (dbt adds the same test → child edges in `build`).
   */
  readonly testsGateChildren?: boolean;
  /**
   * `build` semantics for unit tests: one runs after its model's upstream (its inputs' columns are read from their
   * relations) and before the model, which waits for it: a failing unit test skips the model and its descendants.
   */
  readonly unitTestsFirst?: boolean;
}

export type NodeState = "waiting" | "running" | "done" | "failed" | "skipped";

export class ReadyQueue {
  private readonly waitsOn = new Map<string, Set<string>>();
  private readonly unblocks = new Map<string, Set<string>>();
  private readonly state = new Map<string, NodeState>();
  private readonly skippedBy = new Map<string, string>();
  private ready: string[] = [];
  private open: number;

  constructor(graph: ProjectGraph, selected: readonly string[], options: ReadyQueueOptions = {}) {
    const chosen = new Set(selected);
    const ordered = graph.order.filter((id) => chosen.has(id));
    // nearest selected ancestors of every node, memoised over the topological order
    const nearest = new Map<string, Set<string>>();
    for (const id of graph.order) {
      const set = new Set<string>();
      for (const p of graph.parents(id)) {
        if (chosen.has(p)) set.add(p);
        else for (const a of nearest.get(p) ?? []) set.add(a);
      }
      nearest.set(id, set);
    }
    for (const id of ordered) {
      this.state.set(id, "waiting");
      const node = graph.nodes.get(id)!;
      if (options.unitTestsFirst && node.resourceType === "unit_test") {
        const model = node.dependsOn[0]!;
        for (const dep of nearest.get(model)!) this.link(dep, id);
        if (chosen.has(model)) this.link(id, model);
        continue;
      }
      for (const dep of nearest.get(id)!) this.link(dep, id);
    }
    if (options.testsGateChildren) this.addTestGates(graph, ordered, chosen);
    this.open = ordered.length;
    this.ready = ordered.filter((id) => this.waitsOn.get(id) === undefined || this.waitsOn.get(id)!.size === 0);
  }

  private link(dep: string, id: string): void {
    if (!this.waitsOn.has(id)) this.waitsOn.set(id, new Set());
    this.waitsOn.get(id)!.add(dep);
    if (!this.unblocks.has(dep)) this.unblocks.set(dep, new Set());
    this.unblocks.get(dep)!.add(id);
  }

  private addTestGates(graph: ProjectGraph, ordered: readonly string[], chosen: ReadonlySet<string>): void {
    const rank = (id: string): number => graph.rank.get(id)!;
    for (const test of ordered) {
      const node = graph.nodes.get(test)!;
      if (node.resourceType !== "test") continue;
      const parents = node.dependsOn;
      const maxParentRank = Math.max(...parents.map(rank));
      for (const p of parents) {
        for (const child of graph.children(p)) {
          const type = graph.nodes.get(child)!.resourceType;
          if (!chosen.has(child) || type === "test" || type === "unit_test" || parents.includes(child)) continue;
          // a child that is upstream of another tested parent would make a cycle (relationships tests)
          if (rank(child) < maxParentRank && this.isAncestorOfAny(graph, child, parents)) continue;
          this.link(test, child);
        }
      }
    }
  }

  private isAncestorOfAny(graph: ProjectGraph, candidate: string, ids: readonly string[]): boolean {
    const stack = [...ids];
    const seen = new Set<string>();
    const limit = graph.rank.get(candidate)!;
    while (stack.length > 0) {
      const id = stack.pop()!;
      for (const p of graph.parents(id)) {
        if (p === candidate) return true;
        if (!seen.has(p) && graph.rank.get(p)! > limit) {
          seen.add(p);
          stack.push(p);
        }
      }
    }
    return false;
  }

  /** Nodes that became ready since the last call; they are now "running". */
  take(): string[] {
    const out = this.ready;
    this.ready = [];
    for (const id of out) this.state.set(id, "running");
    return out;
  }

  done(id: string): void {
    this.finish(id, "done");
    for (const next of this.unblocks.get(id) ?? []) {
      const deps = this.waitsOn.get(next)!;
      deps.delete(id);
      if (deps.size === 0 && this.state.get(next) === "waiting") this.ready.push(next);
    }
  }

  /** Marks the node failed and returns the selected descendants skipped because of it. */
  fail(id: string): string[] {
    this.finish(id, "failed");
    const skipped: string[] = [];
    const stack = [...(this.unblocks.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (this.state.get(next) !== "waiting") continue;
      this.state.set(next, "skipped");
      this.skippedBy.set(next, id);
      this.open--;
      skipped.push(next);
      stack.push(...(this.unblocks.get(next) ?? []));
    }
    return skipped;
  }

  private finish(id: string, state: "done" | "failed"): void {
    const before = this.state.get(id);
    if (before !== "running") throw new Error(`ReadyQueue: ${id} finished while ${before ?? "not selected"}`);
    this.state.set(id, state);
    this.open--;
  }

  /** true when every node is done, failed or skipped */
  get finished(): boolean {
    return this.open === 0;
  }

  stateOf(id: string): NodeState | undefined {
    return this.state.get(id);
  }

  /** the failed node that caused a skip */
  skipCause(id: string): string | undefined {
    return this.skippedBy.get(id);
  }
}

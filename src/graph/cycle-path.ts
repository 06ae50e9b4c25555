/** One concrete cycle in a graph that has one, as a path in "depends on" direction: [a, b, c, a]. */
import type { Graph } from "@dagrejs/graphlib";

export function findCyclePath(dag: Graph): string[] {
  // Prune nodes that cannot be on a cycle (no parents left), then every remaining node has a remaining
  // parent, so walking parents from any of them must revisit a node.
  const indegree = new Map<string, number>();
  for (const id of dag.nodes()) indegree.set(id, dag.predecessors(id)!.length);
  const queue = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  for (let i = 0; i < queue.length; i++) {
    indegree.delete(queue[i]!);
    for (const child of dag.successors(queue[i]!)!) {
      const left = indegree.get(child)! - 1;
      indegree.set(child, left);
      if (left === 0) queue.push(child);
    }
  }
  const start = indegree.keys().next().value;
  if (start === undefined) throw new Error("findCyclePath called on an acyclic graph");
  const seenAt = new Map<string, number>();
  const walk: string[] = [];
  let current: string = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, walk.length);
    walk.push(current);
    current = dag.predecessors(current)!.find((p: string) => indegree.has(p))!;
  }
  const cycle = walk.slice(seenAt.get(current));
  return [...cycle, cycle[0]!];
}

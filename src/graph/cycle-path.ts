/** One concrete cycle in a graph that has one, as a path in "depends on" direction: [a, b, c, a]. */
import type { Adjacency } from "./project-graph.js";

export function findCyclePath(dag: Adjacency): string[] {
  // Prune nodes that cannot be on a cycle (no parents left), then every remaining node has a remaining
  // parent, so walking parents from any of them must revisit a node.
  const indegree = new Map<string, number>();
  for (const [id, parents] of dag.parents) indegree.set(id, parents.length);
  const queue = [...indegree].filter(([, d]) => d === 0).map(([id]) => id);
  for (let i = 0; i < queue.length; i++) {
    indegree.delete(queue[i]!);
    for (const child of dag.children.get(queue[i]!)!) {
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
    current = dag.parents.get(current)!.find((p) => indegree.has(p))!;
  }
  const cycle = walk.slice(seenAt.get(current));
  return [...cycle, cycle[0]!];
}

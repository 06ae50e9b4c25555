/**
 * Evaluating one selector method against the graph's nodes (dbt's selector_methods.py): which nodes a
 * `method:value` names, before graph operators (`+`, `@`) are applied.
 */
import { GraphError } from "../errors.js";
import type { GraphNode, ProjectGraph } from "./project-graph.js";
import type { SelectionCriteria } from "./selector-spec.js";
import { globMatch, hasWildcard } from "./glob-match.js";
import { GraphCode } from "./graph-code.js";

type NodeMatcher = (node: GraphNode, value: string, args: readonly string[]) => boolean;

/** dbt's fqn matching: the node's name, or a dotted prefix of its fqn (with or without the package). */
function fqnMatches(fqn: readonly string[], selector: string): boolean {
  if (fqn.length === 0) return false;
  const name = fqn[fqn.length - 1]!;
  if (name === selector) return true;
  // beyond dbt: `stg_*` also matches node names, which is what users expect a wildcard name to do
  if (!selector.includes(".") && hasWildcard(selector) && globMatch(name, selector)) return true;
  const flat = fqn.flatMap((segment) => segment.split("."));
  const parts = selector.split(".");
  if (flat.length < parts.length) return false;
  for (let i = 0; i < parts.length; i++) {
    if (hasWildcard(parts[i]!)) return globMatch(flat.slice(i).join("."), parts.slice(i).join("."));
    if (flat[i] !== parts[i]) return false;
  }
  return true;
}

function normalizePath(p: string): string {
  return p.replace(/\\/g, "/").replace(/^\.\//, "").replace(/\/+$/, "");
}

function configValueMatches(actual: unknown, value: string): boolean {
  if (Array.isArray(actual)) return actual.some((a) => configValueMatches(a, value));
  if (actual === undefined || actual === null) return false;
  if (typeof actual === "object") return false;
  return String(actual).toLowerCase() === value.toLowerCase() || globMatch(String(actual), value);
}

function nestedConfig(config: Readonly<Record<string, unknown>>, keys: readonly string[]): unknown {
  let v: unknown = config;
  for (const k of keys) v = v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

const METHODS: Readonly<Record<string, { readonly matcher: NodeMatcher; readonly includesSources: boolean }>> = {
  fqn: { matcher: (n, v) => fqnMatches(n.fqn, v) || fqnMatches(n.fqn.slice(1), v), includesSources: false },
  tag: { matcher: (n, v) => n.tags.some((t) => globMatch(t, v)), includesSources: true },
  path: {
    matcher: (n, v) => {
      const path = normalizePath(v);
      const file = n.originalFilePath;
      return file === path || file.startsWith(`${path}/`) || (hasWildcard(path) && globMatch(file, path));
    },
    includesSources: true,
  },
  file: {
    matcher: (n, v) => {
      const base = n.originalFilePath.slice(n.originalFilePath.lastIndexOf("/") + 1);
      return globMatch(base, v) || globMatch(base.replace(/\.[^.]+$/, ""), v);
    },
    includesSources: false,
  },
  config: {
    matcher: (n, v, args) => args.length > 0 && configValueMatches(nestedConfig(n.config, args), v),
    includesSources: true,
  },
  resource_type: { matcher: (n, v) => n.resourceType === v, includesSources: true },
  package: { matcher: (n, v) => globMatch(n.packageName, v), includesSources: true },
  source: {
    // `raw`, `raw.orders` or `package.raw.orders`, each part possibly a wildcard
    matcher: (n, v) => {
      if (n.resourceType !== "source") return false;
      const parts = v.split(".");
      const target =
        parts.length === 3 ? [n.packageName, n.sourceName!, n.name] : [n.sourceName!, n.name].slice(0, parts.length);
      return parts.length <= 3 && parts.every((p, i) => globMatch(target[i]!, p));
    },
    includesSources: true,
  },
  test_name: {
    matcher: (n, v) => n.test?.testName !== undefined && globMatch(n.test.testName, v),
    includesSources: false,
  },
  unit_test: {
    matcher: (n, v) =>
      n.resourceType === "unit_test" && (globMatch(n.name, v) || fqnMatches(n.fqn, v) || fqnMatches(n.fqn.slice(1), v)),
    includesSources: false,
  },
  // dbt's test_type:data means every data test (generic and singular), not unit tests
  test_type: {
    matcher: (n, v) => n.test !== undefined && (v === "data" ? n.test.kind !== "unit" : n.test.kind === v),
    includesSources: false,
  },
};

/** dbt methods tform knows but does not support, with what to use instead. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  state: "tform has no state comparison yet; select by name, path or tag instead.",
  result: "tform does not read previous run results for selection yet.",
  source_status: "tform has no source freshness yet.",
  exposure: "tform does not load exposures.",
  metric: "tform does not load metrics.",
  semantic_model: "tform does not load semantic models.",
  saved_query: "tform does not load saved queries.",
  selector: "tform does not read selectors.yml yet.",
};

export const SELECTOR_METHODS: readonly string[] = Object.keys(METHODS);

export function matchCriteria(graph: ProjectGraph, criteria: SelectionCriteria): Set<string> {
  const method = METHODS[criteria.method];
  if (!method) {
    throw new GraphError(
      GraphCode.unknownSelectorMethod,
      `Unknown selector method "${criteria.method}" in "${criteria.raw}".`,
      {
        hint:
          UNSUPPORTED[criteria.method] ??
          `Use one of: ${SELECTOR_METHODS.join(", ")} (e.g. tag:nightly, path:models/staging, config.materialized:table).`,
      },
    );
  }
  const out = new Set<string>();
  for (const node of graph.nodes.values()) {
    if (node.resourceType === "source" && !method.includesSources) continue;
    if (method.matcher(node, criteria.value, criteria.methodArgs)) out.add(node.uniqueId);
  }
  return out;
}

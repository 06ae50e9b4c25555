/**
 * `--select` / `--exclude` strings as data, before any node is looked at (dbt's selector_spec.py):
 * space-separated atoms are a union, comma-joined atoms an intersection, `--exclude` a difference.
 * An atom is `[@][N+][method[.arg…]:]value[+N]`.
 */
import { GraphError } from "../errors.js";
import { GraphCode } from "./graph-code.js";

export interface SelectionCriteria {
  readonly kind: "criteria";
  /** the atom as typed, for messages */
  readonly raw: string;
  /** e.g. "fqn", "tag", "config"; "fqn"/"path"/"file" when the user typed no method */
  readonly method: string;
  /** dotted parts after the method: `config.materialized` → ["materialized"] */
  readonly methodArgs: readonly string[];
  readonly value: string;
  /** undefined: not requested; Infinity: all ancestors */
  readonly parentsDepth?: number;
  readonly childrenDepth?: number;
  /** `@`: descendants and all their ancestors */
  readonly childrensParents: boolean;
}

export type SelectionSpec =
  | SelectionCriteria
  | { readonly kind: "union"; readonly components: readonly SelectionSpec[] }
  | { readonly kind: "intersection"; readonly components: readonly SelectionSpec[] }
  | { readonly kind: "difference"; readonly include: SelectionSpec; readonly exclude: SelectionSpec };

const ATOM =
  /^(?<at>@)?(?:(?<pdepth>\d*)(?<parents>\+))?(?:(?<method>[\w.]+):)?(?<value>.*?)(?:(?<children>\+)(?<cdepth>\d*))?$/;

function depth(digits: string | undefined): number {
  return digits ? Number(digits) : Infinity;
}

function defaultMethod(value: string): string {
  if (value.includes("/") || value.includes("\\")) return "path";
  if (/\.(sql|csv|py)$/.test(value)) return "file";
  return "fqn";
}

export function parseCriteria(raw: string): SelectionCriteria {
  const m = ATOM.exec(raw);
  const g = m?.groups;
  if (!g || g.value === "" || (g.at && g.parents)) {
    throw new GraphError(GraphCode.badSelector, `Invalid selector "${raw}".`, {
      hint: "Write selectors as dbt does: name, +name, name+, 2+name, name+3, @name, tag:x, path:models/staging, config.materialized:table.",
    });
  }
  const [method, ...methodArgs] = g.method ? g.method.split(".") : [defaultMethod(g.value!)];
  return {
    kind: "criteria",
    raw,
    method: method!,
    methodArgs,
    value: g.value!,
    ...(g.parents ? { parentsDepth: depth(g.pdepth) } : {}),
    ...(g.children ? { childrenDepth: depth(g.cdepth) } : {}),
    childrensParents: g.at === "@",
  };
}

function parseAtomGroup(token: string): SelectionSpec {
  const parts = token.split(",").filter((p) => p !== "");
  if (parts.length === 1) return parseCriteria(parts[0]!);
  return { kind: "intersection", components: parts.map(parseCriteria) };
}

/** Each flag value may hold several space-separated selectors; all of them are unioned. */
function parseUnion(values: readonly string[]): SelectionSpec | undefined {
  const tokens = values.flatMap((v) => v.split(/\s+/)).filter((t) => t !== "");
  if (tokens.length === 0) return undefined;
  const components = tokens.map(parseAtomGroup);
  return components.length === 1 ? components[0]! : { kind: "union", components };
}

/** No `--select` means everything, like dbt's default `fqn:*` plus sources. */
export const SELECT_ALL: SelectionSpec = {
  kind: "union",
  components: [parseCriteria("fqn:*"), parseCriteria("source:*")],
};

export function parseSelection(select: readonly string[] = [], exclude: readonly string[] = []): SelectionSpec {
  const include = parseUnion(select) ?? SELECT_ALL;
  const excluded = parseUnion(exclude);
  return excluded ? { kind: "difference", include, exclude: excluded } : include;
}

/** require-dbt-version: tform reads projects written for dbt 1.x; a range that excludes that is a warning, never a failure. */
import type { SourceLocation } from "../errors.js";
import { ProjectWarning } from "./project-code.js";
import type { Warning } from "./types.js";

/** The dbt version whose project format tform follows. */
export const COMPATIBLE_DBT_VERSION = "1.10.0";

const parse = (v: string): number[] => v.split(".").map((x) => (/^\d+$/.test(x) ? Number(x) : 0));
const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

function satisfies(constraint: string, version: string): boolean | undefined {
  const m = /^\s*(>=|<=|>|<|==|=)?\s*v?([\d.]+)\s*$/.exec(constraint);
  if (!m) return undefined;
  const c = compare(parse(version), parse(m[2]!));
  switch (m[1]) {
    case ">=":
      return c >= 0;
    case "<=":
      return c <= 0;
    case ">":
      return c > 0;
    case "<":
      return c < 0;
    default:
      return c === 0;
  }
}

export function checkDbtVersion(value: unknown, location: SourceLocation): Warning | undefined {
  const constraints = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(","));
  const unmet = constraints.filter((c) => satisfies(c, COMPATIBLE_DBT_VERSION) === false);
  if (unmet.length === 0) return undefined;
  return {
    code: ProjectWarning.dbtVersion,
    message: `require-dbt-version ${JSON.stringify(value)} excludes dbt ${COMPATIBLE_DBT_VERSION}, whose project format tform follows; loading anyway.`,
    location,
  };
}

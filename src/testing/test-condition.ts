/** dbt's `warn_if` / `error_if` thresholds ("!= 0", ">10", "=0") and the verdict they give a failure count. */
import { ProjectError } from "../errors.js";
import type { NodeConfig } from "../project/types.js";

export type TestVerdict = "pass" | "warn" | "fail";

const CONDITION = /^\s*(!=|<>|>=|<=|==|=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** Parses a threshold into a predicate over the failure count; `node` locates a bad value. */
export function parseCondition(expression: string, node: string): (failures: number) => boolean {
  const m = CONDITION.exec(expression);
  if (!m) {
    throw new ProjectError("TF171", `Invalid test threshold '${expression}' in ${node}.`, {
      node,
      hint: "warn_if / error_if take a comparison with a number, as in dbt: '!= 0', '>10', '>=100'.",
    });
  }
  const n = Number(m[2]);
  switch (m[1]) {
    case "!=":
    case "<>":
      return (f) => f !== n;
    case ">":
      return (f) => f > n;
    case ">=":
      return (f) => f >= n;
    case "<":
      return (f) => f < n;
    case "<=":
      return (f) => f <= n;
    default:
      return (f) => f === n;
  }
}

export function severityOf(config: NodeConfig): "error" | "warn" {
  return String(config.severity ?? "error").toLowerCase() === "warn" ? "warn" : "error";
}

/** dbt's rule: error severity fails when error_if holds, else warns when warn_if holds; warn severity only warns. */
export function testVerdict(config: NodeConfig, failures: number, node: string): TestVerdict {
  const warnIf = parseCondition(config.warn_if ?? "!= 0", node);
  const errorIf = parseCondition(config.error_if ?? "!= 0", node);
  if (severityOf(config) === "error" && errorIf(failures)) return "fail";
  return warnIf(failures) ? "warn" : "pass";
}

/** `ephemeral`: nothing to run; the renderer inlines the model as a CTE into each model that refs it. */
import type { PlannedStatement } from "../../plan/plan.js";

export function ephemeralStatements(): PlannedStatement[] {
  return [];
}

/** `--dry-run`: the plan as text, walking the same steps and statements applyPlan runs. */
import { scrubSecrets } from "../errors.js";
import { columnsQuery, incrementalWriteSql } from "./materializations/incremental-write-sql.js";
import { snapshotColumnsQuery } from "./materializations/snapshot-sql.js";
import type { NodeStep, Plan, PlannedStatement, SetupStep } from "./plan.js";

/** Seeds' VALUES lists run to thousands of lines: show the head of long statements. */
const MAX_LINES = 40;

function clip(sql: string): string {
  const lines = sql.split("\n");
  if (lines.length <= MAX_LINES) return sql;
  return [...lines.slice(0, MAX_LINES), `… (${lines.length - MAX_LINES} more lines)`].join("\n");
}

const indent = (text: string, by: string): string =>
  text
    .split("\n")
    .map((l) => `${by}${l}`)
    .join("\n");

/** The statements of one planned statement; an incremental write shows its column placeholders. */
export function explainStatement(s: PlannedStatement): string[] {
  if (s.kind === "sql") return [s.sql];
  if (s.kind === "snapshot-merge")
    return [
      `${snapshotColumnsQuery(s.merge)}  -- then ALTER TABLE for new columns, and one MERGE INTO ${s.merge.target} closing changed rows and inserting their new versions`,
    ];
  const placeholder = (sql: string): string => sql.replace(/"<columns>"/g, "<columns of the new rows>");
  return [
    `${columnsQuery(s.write)}  -- then ALTER TABLE as on_schema_change=${s.write.onSchemaChange} asks`,
    ...incrementalWriteSql(s.write, ["<columns>"]).map(placeholder),
  ];
}

function explainSetup(step: SetupStep): string {
  switch (step.kind) {
    case "create-branch":
      return `create branch ${step.branch} from ${step.from.name} @ ${step.from.hash.slice(0, 12)} (Nessie)`;
    case "create-catalog":
      return `bind Trino catalog ${step.catalog} to branch ${step.branch}\n${indent(scrubSecrets(step.sql), "    ")}`;
    case "create-schema":
      return `create schema ${step.schema}\n${indent(step.sql, "    ")}`;
  }
}

function heading(step: NodeStep): string {
  switch (step.kind) {
    case "seed":
      return `seed ${step.name} (${step.file}) → ${step.relation.schema}.${step.relation.identifier}: ${step.rows} rows, ${step.columns.map((c) => `${c.name} ${c.type}`).join(", ")}`;
    case "materialize":
      return `${step.materialization === "snapshot" ? "snapshot" : "model"} ${step.name} (${step.file}) [${step.materialization}${step.mode ? `: ${step.mode}` : ""}] → ${step.relation.schema}.${step.relation.identifier}`;
    case "test":
      return `test ${step.name} (${step.file}) → ${step.compiled.compiledPath}`;
    case "unit-test":
      return `unit test ${step.name} (${step.file}) of ${step.compiled.model}: ${step.compiled.fixtures.length} given inputs, typed by their relations' columns when it runs → ${step.compiled.compiledPath}`;
    case "deferred":
      return `${step.resource === "materialize" ? "model" : step.resource} ${step.name} (${step.file})${"relation" in step ? ` [${step.materialization}] → ${step.relation.schema}.${step.relation.identifier}` : ""}: rendered when it runs, because ${step.reason}`;
  }
}

/** Whether a seed or model is rebuilt or reused, and why (plan/reuse.ts). */
function reuseLine(step: NodeStep): string | undefined {
  if ((step.kind !== "seed" && step.kind !== "materialize") || !step.reuse) return undefined;
  const fp = step.reuse.fingerprint ? ` (fingerprint ${step.reuse.fingerprint.slice(3, 15)})` : "";
  return step.reuse.reused ? `reused, nothing is sent: ${step.reuse.reason}${fp}` : `runs: ${step.reuse.reason}${fp}`;
}

function statementsOf(step: NodeStep): readonly PlannedStatement[] {
  if (step.kind === "deferred") return [];
  if ((step.kind === "seed" || step.kind === "materialize") && step.reuse?.reused) return [];
  if (step.kind === "test")
    return [{ kind: "sql", purpose: "select the failing rows", sql: step.compiled.compiledSql.trim() }];
  if (step.kind === "unit-test")
    return [
      {
        kind: "sql",
        purpose: "the model on the given inputs (CTEs of literal rows), compared with expect by EXCEPT ALL both ways",
        sql: step.compiled.modelSql.trim(),
      },
    ];
  return step.statements;
}

export function explainPlan(plan: Plan): string {
  const where = plan.branch
    ? `on branch ${plan.branch.name} (${plan.branch.existing ? `exists @ ${plan.branch.existing.hash.slice(0, 12)}` : `new, from ${plan.branch.from}`}) through Trino catalog ${plan.runCatalog}`
    : `in place in catalog ${plan.runCatalog} (the catalog has no branches)`;
  const out = [`Plan for tform ${plan.command} ${where}${plan.fullRefresh ? ", full refresh" : ""}:`];
  for (const w of plan.warnings)
    out.push(`Warning ${w.code}${w.location ? ` (${w.location.file})` : ""}: ${w.message}`);
  if (plan.setup.length > 0) {
    out.push("", "Setup:");
    plan.setup.forEach((s, i) => out.push(`  ${i + 1}. ${explainSetup(s)}`));
  }
  out.push("", `Nodes (${plan.nodes.length}, in DAG order; independent ones run in parallel):`);
  plan.nodes.forEach((step, i) => {
    out.push(`  ${i + 1}. ${heading(step)}`);
    const reuse = reuseLine(step);
    if (reuse) out.push(`     ${reuse}`);
    const statements = statementsOf(step);
    for (const s of statements) {
      out.push(
        `     -- ${s.purpose}${s.kind === "sql" && s.session ? ` (session catalog ${s.session.catalog}, schema ${s.session.schema})` : ""}`,
      );
      for (const sql of explainStatement(s)) out.push(indent(clip(sql), "     "));
    }
  });
  const count = plan.nodes.reduce((n, s) => n + statementsOf(s).length, 0);
  out.push(
    "",
    `${plan.setup.length} setup steps, ${plan.nodes.length} nodes, ${count} planned statements. Nothing was run (--dry-run).`,
  );
  return out.join("\n");
}

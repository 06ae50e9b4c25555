/**
 * The selected models' materialization configs, checked from the parse alone: an unknown materialization, an
 * incremental strategy or on_schema_change tform lacks, merge without unique_key, bad table properties. compile
 * says so (dbt finds them only at run time). A run does not call this: there, as in dbt, each is that model's
 * error and the other models still run (dbt's adapter conformance case for an unknown strategy).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PlanError, type SourceLocation } from "../errors.js";
import type { RenderableNode } from "../render/project-renderer.js";
import type { ParsedProject } from "../render/parse-project.js";
import { incrementalConfig, type ConfigSubject } from "./materializations/incremental.js";
import { tableProperties } from "./materializations/table-properties.js";
import type { MaterializationKind } from "./plan.js";
import { PlanCode } from "./plan-code.js";

const KINDS: readonly MaterializationKind[] = ["table", "view", "incremental"];

/** The model's materialization, or a located TF420 naming the ones that exist. */
export function materializationOf(name: string, subject: ConfigSubject): MaterializationKind {
  const kind = subject.compiled.config.materialized as MaterializationKind;
  if (KINDS.includes(kind)) return kind;
  throw new PlanError(
    PlanCode.badMaterialization,
    `Model ${name} has materialized='${String(subject.compiled.config.materialized)}', which tform does not support.`,
    {
      location: { file: subject.file },
      node: subject.compiled.uniqueId,
      hint: `Use one of: ${[...KINDS, "ephemeral"].join(", ")}.`,
    },
  );
}

/** the config key each refusal is about, to point at the line that sets it */
const KEY_OF: Readonly<Record<string, string>> = {
  [PlanCode.badMaterialization]: "materialized",
  [PlanCode.badStrategy]: "incremental_strategy",
  [PlanCode.missingUniqueKey]: "incremental_strategy",
  [PlanCode.badOnSchemaChange]: "on_schema_change",
};

export function checkSelectedConfigs(parsed: ParsedProject, selected: readonly string[], root: string): void {
  for (const id of selected) {
    const node = parsed.renderer.node(id);
    const parsedNode = parsed.nodes.get(id);
    if (node?.resourceType !== "model" || !parsedNode || parsedNode.config.materialized === "ephemeral") continue;
    const subject: ConfigSubject = {
      file: node.originalFilePath,
      compiled: { uniqueId: id, relation: parsedNode.relation, config: parsedNode.config },
    };
    try {
      const kind = materializationOf(node.name, subject);
      if (kind === "incremental") incrementalConfig(subject);
      if (kind !== "view") tableProperties(parsedNode.config, subject.file);
    } catch (e) {
      const key = e instanceof PlanError ? KEY_OF[e.code] : undefined;
      if (!key || !(e instanceof PlanError)) throw e;
      throw new PlanError(e.code, e.message, { location: keyLocation(root, node, key), node: id, hint: e.hint });
    }
  }
}

/**
 * Where `key` is set, by dbt's precedence: config() in the model's SQL, its properties YAML entry, dbt_project.yml
 * (the first `+key:` / `key:` there). The parse keeps values, not their origin, so the origin is found by its text.
 */
function keyLocation(root: string, node: RenderableNode, key: string): SourceLocation {
  const lineOf = (text: string, pattern: RegExp, from = 0): number | undefined => {
    const i = text.split("\n").findIndex((l, n) => n >= from && pattern.test(l));
    return i < 0 ? undefined : i + 1;
  };
  const read = (file: string) => {
    try {
      return readFileSync(join(root, file), "utf8");
    } catch {
      return "";
    }
  };
  const yamlKey = new RegExp(`^\\s*(- )?\\+?${key}\\s*:`);
  const sqlLine = lineOf(read(node.originalFilePath), new RegExp(`\\b${key}\\s*=`));
  if (sqlLine) return { file: node.originalFilePath, line: sqlLine };
  const patch = node.patchLocation;
  const patchLine = patch && lineOf(read(patch.file), yamlKey, (patch.line ?? 1) - 1);
  if (patch && patchLine) return { file: patch.file, line: patchLine };
  const projectLine = lineOf(read("dbt_project.yml"), yamlKey);
  return projectLine ? { file: "dbt_project.yml", line: projectLine } : { file: node.originalFilePath };
}

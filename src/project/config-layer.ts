/**
 * One layer of node config (a folder level of dbt_project.yml, a properties YAML `config:`), normalized and
 * validated with zod; and dbt's merge of layers: tags and hooks accumulate, dict configs update, the rest clobbers.
 */
import { z } from "zod";
import { ProjectError, type SourceLocation } from "../errors.js";
import { ProjectCode } from "./project-code.js";

export type ConfigLayer = Readonly<Record<string, unknown>>;

/** Plain (un-prefixed) keys that are config in a dbt_project.yml tree; any other plain key names a folder. */
export const CONFIG_KEYS: ReadonlySet<string> = new Set([
  "enabled",
  "materialized",
  "schema",
  "database",
  "alias",
  "tags",
  "meta",
  "pre_hook",
  "post_hook",
  "docs",
  "persist_docs",
  "incremental_strategy",
  "unique_key",
  "on_schema_change",
  "full_refresh",
  "properties",
  "partitioning",
  "sorted_by",
  "location",
  "format_version",
  "extra_properties",
  "column_types",
  "delimiter",
  "quote_columns",
  "severity",
  "where",
  "warn_if",
  "error_if",
  "limit",
  "store_failures",
  "store_failures_as",
  "fail_calc",
  "quoting",
  "grants",
  "contract",
  "access",
  "group",
  "sql_header",
  "on_table_exists",
  "views_enabled",
  "file_format",
  "batch_size",
  "lookback",
  "event_time",
  "begin",
  "concurrent_batches",
  "packages",
  "loaded_at_field",
  "freshness",
  // snapshots
  "strategy",
  "updated_at",
  "check_cols",
  "target_schema",
  "target_database",
  "invalidate_hard_deletes",
  "hard_deletes",
  "snapshot_meta_column_names",
  "dbt_valid_to_current",
]);

/** `+pre-hook` → `pre_hook`; `+materialized` → `materialized`. */
export function configKey(raw: string): string {
  const k = raw.startsWith("+") ? raw.slice(1) : raw;
  return k === "pre-hook" ? "pre_hook" : k === "post-hook" ? "post_hook" : k;
}

const stringOrList = z.union([z.string(), z.array(z.string())]);
const hook = z.union([z.string(), z.looseObject({ sql: z.string() })]);
const scalar = z.union([z.string(), z.number(), z.boolean()]);

const LayerSchema = z
  .looseObject({
    enabled: z.boolean(),
    materialized: z.string(),
    schema: z.string().nullable(),
    database: z.string().nullable(),
    alias: z.string().nullable(),
    tags: stringOrList,
    meta: z.record(z.string(), z.unknown()),
    pre_hook: z.union([hook, z.array(hook)]),
    post_hook: z.union([hook, z.array(hook)]),
    incremental_strategy: z.string(),
    unique_key: stringOrList,
    on_schema_change: z.enum(["ignore", "fail", "append_new_columns", "sync_all_columns"]),
    full_refresh: z.boolean().nullable(),
    properties: z.record(z.string(), scalar),
    partitioning: stringOrList,
    sorted_by: stringOrList,
    location: z.string(),
    format_version: z.number().int(),
    extra_properties: z.record(z.string(), scalar),
    column_types: z.record(z.string(), z.string()),
    delimiter: z.string(),
    quote_columns: z.boolean(),
    severity: z.string().regex(/^(error|warn)$/i, "must be error or warn"),
    where: z.string().nullable(),
    warn_if: z.string(),
    error_if: z.string(),
    limit: z.number().int().nullable(),
    store_failures: z.boolean().nullable(),
    strategy: z.string(),
    check_cols: stringOrList,
    hard_deletes: z.enum(["ignore", "invalidate", "new_record"]),
    invalidate_hard_deletes: z.boolean(),
    snapshot_meta_column_names: z.record(z.string(), z.string()),
  })
  .partial();

const HINTS: Record<string, string> = {
  materialized: "Use one of table, view, incremental, ephemeral (a string).",
  enabled: "Use true or false (unquoted), or a Jinja expression that renders to one.",
  tags: "Use a string or a list of strings.",
  incremental_strategy: "Use one of append, merge, delete+insert, insert_overwrite (a string).",
  on_schema_change: "Use one of ignore, fail, append_new_columns, sync_all_columns.",
  severity: "Use error or warn.",
  unique_key: "Use a column name or a list of column names.",
  check_cols: "Use 'all' or a list of column names.",
  hard_deletes: "Use one of ignore, invalidate, new_record.",
};

const toStrings = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).map((x) => (typeof x === "string" ? x : String((x as { sql: string }).sql)));
const toStringRecord = (v: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)]));

/**
 * Normalizes keys (`+`, hook spellings) and validates the known ones; `locate(rawKey)` gives the YAML location
 * of a key for the error. Hooks become string lists, tags a list, Iceberg property values strings.
 */
const EMPTY: ConfigLayer = Object.freeze({});

export function validateLayer(
  raw: Readonly<Record<string, unknown>>,
  locate: (rawKey: string) => SourceLocation,
): ConfigLayer {
  // most tests and patches have no config: skip the zod pass for them (30k tests in a 10k-model project)
  let any = false;
  for (const _ in raw) {
    any = true;
    break;
  }
  if (!any) return EMPTY;
  const layer: Record<string, unknown> = {};
  const rawKeyOf = new Map<string, string>();
  for (const [k, v] of Object.entries(raw)) {
    const key = configKey(k);
    layer[key] = v;
    rawKeyOf.set(key, k);
  }
  const result = LayerSchema.safeParse(layer);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = String(issue.path[0] ?? "");
    const loc = locate(rawKeyOf.get(key) ?? key);
    const got = layer[key];
    throw new ProjectError(
      ProjectCode.invalidConfig,
      `Invalid config value for '${key}' in ${loc.file}:${loc.line ?? "?"}: ${issue.message} (got ${JSON.stringify(got)}).`,
      {
        location: loc,
        hint: HINTS[key] ?? `Check the value of ${key} against dbt's documentation of this config.`,
      },
    );
  }
  for (const key of ["pre_hook", "post_hook"]) if (key in layer) layer[key] = toStrings(layer[key]);
  if (typeof layer.tags === "string") layer.tags = [layer.tags];
  for (const key of ["properties", "extra_properties"])
    if (layer[key]) layer[key] = toStringRecord(layer[key] as Record<string, unknown>);
  return layer;
}

const ACCUMULATE = new Set(["tags", "pre_hook", "post_hook"]);
const UPDATE = new Set([
  "meta",
  "column_types",
  "persist_docs",
  "quoting",
  "docs",
  "grants",
  "snapshot_meta_column_names",
]);

/** dbt's merge of a more specific layer over a config: tags/hooks accumulate, dicts update, the rest clobbers. */
export function mergeLayer(base: Record<string, unknown>, layer: ConfigLayer): Record<string, unknown> {
  if (layer === EMPTY) return base;
  const out = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (ACCUMULATE.has(key)) {
      const prev = (out[key] as string[] | undefined) ?? [];
      const next = value as string[];
      out[key] = key === "tags" ? [...new Set([...prev, ...next])] : [...prev, ...next];
    } else if (UPDATE.has(key) && value && typeof value === "object" && !Array.isArray(value)) {
      out[key] = { ...((out[key] as object | undefined) ?? {}), ...value };
    } else out[key] = value;
  }
  return out;
}

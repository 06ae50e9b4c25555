/**
 * Keys tform reads without error but does not act on yet. Each is reported once per file with its line, so a
 * user's contract, grant or run hook is never ignored silently.
 */
import { isConfigEntry } from "./config-tree.js";
import { configKey } from "./config-layer.js";
import { ProjectWarning } from "./project-code.js";
import type { Warning } from "./types.js";
import type { YamlFile, YamlPath } from "./yaml-file.js";

/** config key → what tform does with it instead */
export const UNACTED_CONFIG: Readonly<Record<string, string>> = {
  contract: "the model's columns and types are not enforced",
  grants: "no GRANT or REVOKE is sent",
  persist_docs: "descriptions are not written as Trino comments",
  store_failures_as: "failing rows are stored as tables (store_failures)",
  access: "access is not checked",
  group: "groups are not checked",
  sql_header: "the header is not sent",
  on_table_exists: "a table model is one CREATE OR REPLACE TABLE",
  views_enabled: "views follow the catalog mode",
  batch_size: "microbatch models are not supported",
  event_time: "microbatch models are not supported",
  lookback: "microbatch models are not supported",
  begin: "microbatch models are not supported",
  concurrent_batches: "microbatch models are not supported",
};

/** dbt_project.yml top-level keys tform does not act on yet. */
const UNACTED_PROJECT_KEYS: Readonly<Record<string, string>> = {
  "on-run-start": "the statements do not run",
  "on-run-end": "the statements do not run",
  "query-comment": "no comment is added to the statements",
};

/** keys of a model entry in properties YAML tform does not act on yet */
const UNACTED_ENTRY_KEYS: Readonly<Record<string, string>> = {
  versions: "model versions are not built (only the unversioned model)",
  constraints: "constraints are not created",
};

const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function warning(yaml: YamlFile, path: YamlPath, key: string, consequence: string): Warning {
  const location = yaml.locate(path);
  return {
    code: ProjectWarning.notActedOn,
    message: `${yaml.file}:${location.line ?? "?"}: tform accepts '${key}' but does not act on it yet: ${consequence}.`,
    location,
  };
}

/** Config keys tform ignores in a config dict (one warning per key and file; `seen` spans the file). */
function configWarnings(
  yaml: YamlFile,
  dict: Record<string, unknown>,
  path: YamlPath,
  seen: Set<string>,
  onlyConfigEntries: boolean,
): Warning[] {
  const out: Warning[] = [];
  for (const [raw, value] of Object.entries(dict)) {
    if (onlyConfigEntries && !isConfigEntry(raw, value)) continue;
    const key = configKey(raw);
    const consequence = UNACTED_CONFIG[key];
    if (consequence === undefined || seen.has(key) || value === null || value === false) continue;
    seen.add(key);
    out.push(warning(yaml, [...path, raw], key, consequence));
  }
  return out;
}

/** dbt_project.yml: top-level keys and the config of every folder level in the resource trees. */
export function unactedProjectKeys(yaml: YamlFile): Warning[] {
  const doc = yaml.value;
  if (!isDict(doc)) return [];
  const out: Warning[] = [];
  for (const [key, consequence] of Object.entries(UNACTED_PROJECT_KEYS)) {
    const v = doc[key];
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))
      out.push(warning(yaml, [key], key, consequence));
  }
  const seen = new Set<string>();
  const walk = (node: unknown, path: YamlPath): void => {
    if (!isDict(node)) return;
    out.push(...configWarnings(yaml, node, path, seen, true));
    for (const [k, child] of Object.entries(node)) if (!isConfigEntry(k, child)) walk(child, [...path, k]);
  };
  for (const tree of ["models", "seeds", "snapshots", "tests", "data_tests", "sources"]) walk(doc[tree], [tree]);
  return out;
}

/** A properties file: `config:` of every entry, and entry keys such as `versions:`. */
export function unactedPropertiesKeys(yaml: YamlFile): Warning[] {
  const doc = yaml.value;
  if (!isDict(doc)) return [];
  const out: Warning[] = [];
  const seen = new Set<string>();
  for (const section of ["models", "seeds", "sources"]) {
    const entries = doc[section];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      if (!isDict(entry)) return;
      if (isDict(entry.config)) out.push(...configWarnings(yaml, entry.config, [section, i, "config"], seen, false));
      for (const [key, consequence] of Object.entries(UNACTED_ENTRY_KEYS)) {
        if (entry[key] !== undefined && !seen.has(key)) {
          seen.add(key);
          out.push(warning(yaml, [section, i, key], key, consequence));
        }
      }
    });
  }
  return out;
}

/** config() calls in SQL: keys in a node's parsed config that its loaded config lacks, located by their line. */
export function unactedSqlConfig(
  file: string,
  rawCode: string,
  loaded: Readonly<Record<string, unknown>>,
  parsed: Readonly<Record<string, unknown>>,
): Warning[] {
  const out: Warning[] = [];
  for (const [key, consequence] of Object.entries(UNACTED_CONFIG)) {
    if (parsed[key] === undefined || parsed[key] === null || parsed[key] === false || key in loaded) continue;
    const line = rawCode.split("\n").findIndex((l) => new RegExp(`\\b${key}\\b`).test(l)) + 1;
    out.push({
      code: ProjectWarning.notActedOn,
      message: `${file}:${line || "?"}: tform accepts '${key}' but does not act on it yet: ${consequence}.`,
      location: { file, ...(line ? { line } : {}) },
    });
  }
  return out;
}

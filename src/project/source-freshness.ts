/**
 * A source table's `loaded_at_field` and `freshness` as dbt 1.11 computes them (parser/sources.py): the source's
 * and the table's `freshness` (top level, then `config:`) merged in that order, warn_after and error_after one
 * level deeper; an explicit `freshness: null` drops what came before; when the properties YAML sets nothing, the
 * dbt_project.yml `sources:` config applies. A table's loaded_at_field, even null, wins over its source's.
 */
import { ProjectError, type SourceLocation } from "../errors.js";
import type { ConfigLayer } from "./config-layer.js";
import { ProjectCode } from "./project-code.js";
import type { FreshnessThreshold, FreshnessTime } from "./types.js";

type Raw = Readonly<Record<string, unknown>>;
type Locate = (keys: readonly (string | number)[]) => SourceLocation;

/** dbt's Time while merging: both fields optional; null means set to null on purpose */
type Time = { readonly count?: number; readonly period?: FreshnessTime["period"] } | null;
/** dbt's FreshnessThreshold while merging; an absent `freshness:` is an empty one, not null */
type Threshold = { readonly warn_after: Time; readonly error_after: Time; readonly filter?: string } | null;

const PERIODS = new Set(["minute", "hour", "day"]);
const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

function invalid(where: SourceLocation, what: string): ProjectError {
  return new ProjectError(
    ProjectCode.invalidProperties,
    `Invalid freshness in ${where.file}:${where.line ?? "?"}: ${what}.`,
    {
      location: where,
      hint: "Write e.g. freshness: {warn_after: {count: 12, period: hour}, error_after: {count: 1, period: day}} (period: minute, hour or day).",
    },
  );
}

function timeOf(v: unknown, locate: Locate, keys: readonly (string | number)[]): Time {
  if (v === undefined) return {};
  if (v === null) return null;
  if (!isDict(v)) throw invalid(locate(keys), `${String(keys[keys.length - 1])} must be a mapping of count and period`);
  const { count, period } = v;
  if (count !== undefined && count !== null && !Number.isInteger(count))
    throw invalid(locate([...keys, "count"]), `count must be a whole number (got ${JSON.stringify(count)})`);
  if (period !== undefined && period !== null && !PERIODS.has(String(period)))
    throw invalid(locate([...keys, "period"]), `period must be minute, hour or day (got ${JSON.stringify(period)})`);
  return {
    ...(typeof count === "number" ? { count } : {}),
    ...(typeof period === "string" ? { period: period as FreshnessTime["period"] } : {}),
  };
}

function thresholdOf(v: unknown, locate: Locate, keys: readonly (string | number)[]): Threshold {
  if (v === undefined) return { warn_after: {}, error_after: {} };
  if (v === null) return null;
  if (!isDict(v)) throw invalid(locate(keys), "freshness must be a mapping (warn_after, error_after, filter)");
  return {
    warn_after: timeOf(v.warn_after, locate, [...keys, "warn_after"]),
    error_after: timeOf(v.error_after, locate, [...keys, "error_after"]),
    ...(typeof v.filter === "string" ? { filter: v.filter } : {}),
  };
}

const complete = (t: Time): t is FreshnessTime => t !== null && t.count !== undefined && t.period !== undefined;
const isSet = (t: Threshold): boolean => t !== null && (complete(t.warn_after) || complete(t.error_after));

// merge_freshness_time_thresholds: a complete update wins, a null update clears, anything else keeps the base
const mergeTime = (base: Time, update: Time): Time => (complete(update) ? update : update === null ? null : base);

// merge_source_freshness, one pair at a time
function mergeThreshold(base: Threshold, update: Threshold): Threshold {
  if (base !== null && update !== null) {
    const filter = update.filter ?? base.filter;
    return {
      warn_after: mergeTime(base.warn_after, update.warn_after),
      error_after: mergeTime(base.error_after, update.error_after),
      ...(filter !== undefined ? { filter } : {}),
    };
  }
  return base === null && isSet(update) ? update : null;
}

function finished(t: Threshold): FreshnessThreshold | undefined {
  if (t === null || !isSet(t)) return undefined;
  return {
    ...(complete(t.warn_after) ? { warnAfter: { count: t.warn_after.count, period: t.warn_after.period } } : {}),
    ...(complete(t.error_after) ? { errorAfter: { count: t.error_after.count, period: t.error_after.period } } : {}),
    ...(t.filter !== undefined ? { filter: t.filter } : {}),
  };
}

export interface SourceFreshnessInput {
  /** the `sources:` entry and its `tables:` entry as written */
  readonly source: Raw;
  readonly table: Raw;
  /** their validated `config:` blocks */
  readonly sourceConfig: ConfigLayer;
  readonly tableConfig: ConfigLayer;
  /** the dbt_project.yml `sources:` layers for this table, outermost first */
  readonly projectLayers: readonly ConfigLayer[];
  readonly locateSource: Locate;
  readonly locateTable: Locate;
}

export function sourceFreshness(i: SourceFreshnessInput): {
  readonly loadedAtField?: string;
  readonly freshness?: FreshnessThreshold;
} {
  const thresholds: Threshold[] = [
    thresholdOf(i.source.freshness, i.locateSource, ["freshness"]),
    thresholdOf(i.sourceConfig.freshness, i.locateSource, ["config", "freshness"]),
    thresholdOf(i.table.freshness, i.locateTable, ["freshness"]),
    thresholdOf(i.tableConfig.freshness, i.locateTable, ["config", "freshness"]),
  ];
  const fromYaml = thresholds.slice(1).reduce(mergeThreshold, thresholds[0]!);
  let freshness = finished(fromYaml);
  if (!freshness && fromYaml !== null) {
    const layer = [...i.projectLayers].reverse().find((l) => "freshness" in l);
    if (layer) freshness = finished(thresholdOf(layer.freshness, () => ({ file: "dbt_project.yml" }), ["sources"]));
  }
  const tableSetsField = "loaded_at_field" in i.table || (i.tableConfig.loaded_at_field ?? null) !== null;
  const field = tableSetsField
    ? i.table.loaded_at_field || i.tableConfig.loaded_at_field
    : i.source.loaded_at_field || i.sourceConfig.loaded_at_field;
  return {
    ...(typeof field === "string" && field !== "" ? { loadedAtField: field } : {}),
    ...(freshness ? { freshness } : {}),
  };
}

/** dbt's generated generic test names (core/dbt/parser/generic_test_builders.py: synthesize_generic_test_names). */
import { createHash } from "node:crypto";

const md5 = (s: string): string => createHash("md5").update(s, "utf8").digest("hex");

/** Python's repr() of a YAML value, as it appears inside str(list) or str(dict). */
function pyRepr(v: unknown): string {
  return typeof v === "string"
    ? v.includes("'") && !v.includes('"')
      ? `"${v}"`
      : `'${v.replaceAll("'", "\\'")}'`
    : pyStr(v);
}

/** Python's str() of a YAML value. */
export function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(", ")}]`;
  if (typeof v === "object")
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
      .join(", ")}}`;
  return String(v);
}

/**
 * `testType` is the test name with `source_` and namespace prefixes applied, `targetName` the model name or
 * `<source>_<table>`. Returns the full name (unique id, fqn) and the short one (< 64 characters, for the alias).
 */
export function genericTestNames(
  testType: string,
  targetName: string,
  args: Readonly<Record<string, unknown>>,
): { full: string; short: string } {
  const flat: string[] = [];
  for (const name of Object.keys(args).sort()) {
    if (name === "model") continue;
    const value = args[name];
    const parts = Array.isArray(value)
      ? value
      : value !== null && typeof value === "object"
        ? Object.values(value)
        : [value];
    flat.push(...parts.map(pyStr));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, "_")).join("__");
  const identifier = `${testType}_${targetName}`;
  const full = `${identifier}_${unique}`;
  return { full, short: full.length >= 64 ? `${identifier.slice(0, 30)}_${md5(full)}` : full };
}

/** dbt's unique id suffix: a short content hash, so two declarations of one test stay distinct. */
export const shortHash = (text: string): string => md5(text).slice(0, 10);

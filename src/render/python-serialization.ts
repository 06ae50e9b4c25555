/**
 * dbt's tojson/fromjson/toyaml/fromyaml context functions, writing what Python's json.dumps and PyYAML's
 * safe_dump write (`{"a": 1, "b": [1, 2]}`, non-ASCII escaped; block-style YAML) and reading YAML 1.1 as PyYAML
 * does (yes/no are booleans). Each returns `default` when the value cannot be converted, as dbt's do.
 */
import { parse, stringify } from "yaml";
import { argAt, splitArgs, type CallArgs } from "./call-args.js";

const asciiJson = (s: string): string =>
  JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

function pythonJson(value: unknown, sorted: boolean): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string" || value instanceof String) return asciiJson(String(value));
  if (typeof value === "number")
    return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => pythonJson(v, sorted)).join(", ")}]`;
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (sorted) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${asciiJson(k)}: ${pythonJson(v, sorted)}`).join(", ")}}`;
  }
  throw new TypeError(`Object of type ${Object.prototype.toString.call(value).slice(8, -1)} is not JSON serializable`);
}

/** A dbt conversion function: `convert(call)`, or the call's `default` argument (second, or by keyword) when it throws. */
function converter(convert: (call: CallArgs) => unknown): (...args: unknown[]) => unknown {
  return (...args: unknown[]) => {
    const call = splitArgs(args);
    try {
      return convert(call);
    } catch {
      return argAt(call, 1, "default") ?? null;
    }
  };
}

const sortKeys = (call: CallArgs): boolean => argAt(call, 2, "sort_keys") === true;

export const pythonSerialization = {
  tojson: converter((call) => pythonJson(argAt(call, 0, "value"), sortKeys(call))),
  fromjson: converter((call) => JSON.parse(String(argAt(call, 0, "string"))) as unknown),
  toyaml: converter((call) =>
    stringify(argAt(call, 0, "value"), { indentSeq: false, sortMapEntries: sortKeys(call), lineWidth: 0 }),
  ),
  fromyaml: converter((call) => parse(String(argAt(call, 0, "value")), { version: "1.1" }) as unknown),
};

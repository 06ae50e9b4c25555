/** Applies `config()` calls from a model's SQL over its project/YAML config, the last word in dbt's precedence. */
import type { NodeConfig } from "../project/types.js";

const asList = (v: unknown): string[] =>
  v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/** dbt spells hooks both ways; NodeConfig uses the underscore form. */
const KEY_ALIASES: Readonly<Record<string, string>> = { "pre-hook": "pre_hook", "post-hook": "post_hook" };

export function mergeConfig(base: NodeConfig, calls: readonly Record<string, unknown>[]): NodeConfig {
  if (calls.length === 0) return base;
  const out: Record<string, unknown> = { ...base };
  for (const call of calls) {
    for (const [rawKey, value] of Object.entries(call)) {
      const key = KEY_ALIASES[rawKey] ?? rawKey;
      if (key === "pre_hook" || key === "post_hook") out[key] = [...asList(out[key]), ...asList(value)];
      else if (key === "tags") out.tags = [...new Set([...asList(out.tags), ...asList(value)])];
      else if (key === "meta" && typeof value === "object" && value !== null)
        out.meta = { ...(out.meta as object | undefined), ...value };
      else out[key] = value;
    }
  }
  return out as unknown as NodeConfig;
}

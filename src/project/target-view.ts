/** dbt's `target` as templates and YAML see it: the profile's output without secrets. */
import type { Target } from "./types.js";

export type TargetView = Readonly<Record<string, unknown>>;

export function targetView(t: Target): TargetView {
  return {
    name: t.name,
    profile_name: t.profileName,
    type: t.type,
    schema: t.schema,
    database: t.catalog,
    catalog: t.catalog,
    threads: t.threads,
    user: t.user,
    host: t.host,
    port: t.port,
  };
}

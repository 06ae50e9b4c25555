/** The `metadata` block dbt writes at the head of catalog.json and sources.json, plus tform's own version. */
import { COMPATIBLE_DBT_VERSION } from "../project/dbt-version.js";
import { tformVersion } from "./tform-version.js";

export interface DbtArtifactMetadata {
  readonly dbt_schema_version: string;
  /** the dbt version whose artifacts tform writes */
  readonly dbt_version: string;
  readonly tform_version: string;
  readonly generated_at: string;
  readonly invocation_id: string;
  readonly invocation_started_at: string;
  /** DBT_ENV_CUSTOM_ENV_* variables without the prefix, as dbt records them */
  readonly env: Readonly<Record<string, string>>;
}

const CUSTOM_ENV = "DBT_ENV_CUSTOM_ENV_";

export function dbtArtifactMetadata(
  schema: string,
  run: { readonly invocationId: string; readonly startedAt: Date },
  env: NodeJS.ProcessEnv,
): DbtArtifactMetadata {
  const custom = Object.entries(env).flatMap(([k, v]) =>
    k.startsWith(CUSTOM_ENV) && v !== undefined ? [[k.slice(CUSTOM_ENV.length), v] as const] : [],
  );
  return {
    dbt_schema_version: schema,
    dbt_version: COMPATIBLE_DBT_VERSION,
    tform_version: tformVersion(),
    generated_at: new Date().toISOString(),
    invocation_id: run.invocationId,
    invocation_started_at: run.startedAt.toISOString(),
    env: Object.fromEntries(custom),
  };
}

/** An instant as Python's `datetime.isoformat()` writes an aware UTC datetime (`…T17:24:11.392000+00:00`). */
export function pythonIsoUtc(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(20, 23);
  return `${iso.slice(0, 19)}${fraction === "000" ? "" : `.${fraction}000`}+00:00`;
}

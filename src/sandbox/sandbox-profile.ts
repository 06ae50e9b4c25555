import { nativeNessieCatalogProperties, SANDBOX_CATALOG } from "./trino-config.js";

export interface SandboxProfileInput {
  readonly trinoPort: number;
  readonly nessieUri: string;
  readonly warehouseDir: string;
  /** profile names to write, e.g. the example project's `lakehouse_shop` */
  readonly profileNames: readonly string[];
}

/** The sandbox target: `profiles.yml` keys as the profile loader reads them into `Target`. */
export function sandboxTargetYaml(input: SandboxProfileInput): string {
  const props = nativeNessieCatalogProperties(input.nessieUri, "{branch}", input.warehouseDir);
  const q = (v: string) => JSON.stringify(v);
  return [
    "type: trino",
    "host: 127.0.0.1",
    `port: ${input.trinoPort}`,
    "http_scheme: http",
    "user: tform",
    "# password: \"{{ env_var('TRINO_PASSWORD') }}\"   # basic auth (needs https on a real server)",
    "# jwt_token: \"{{ env_var('TRINO_JWT') }}\"",
    `catalog: ${SANDBOX_CATALOG}`,
    "schema: analytics",
    "threads: 4",
    "session_properties: {}",
    "nessie:",
    `  uri: ${input.nessieUri}`,
    "  default_branch: main",
    "  # token: \"{{ env_var('NESSIE_TOKEN') }}\"",
    "branch_catalog:",
    "  connector: iceberg",
    "  mode: native",
    "  properties:",
    ...Object.entries(props).map(([k, v]) => `    ${k}: ${q(v)}`),
  ].join("\n");
}

export function sandboxProfilesYaml(input: SandboxProfileInput): string {
  const target = sandboxTargetYaml(input)
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n");
  const header = "# Written by `tform sandbox up`: the local Trino + Nessie. Rewritten on every start (ports may change).\n";
  return header + input.profileNames.map((name) => `${name}:\n  target: sandbox\n  outputs:\n    sandbox:\n${target}\n`).join("\n");
}

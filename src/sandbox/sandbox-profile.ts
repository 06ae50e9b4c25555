import { nativeNessieCatalogProperties, SANDBOX_CATALOG } from "./trino-config.js";

export interface SandboxProfileInput {
  readonly trinoPort: number;
  readonly nessieUri: string;
  readonly warehouseDir: string;
  /** profile names to write, e.g. the example project's `lakehouse_shop` */
  readonly profileNames: readonly string[];
  /** the branch catalog template of the sandbox's mode; default: native Nessie on `warehouseDir` */
  readonly branchCatalog?: { readonly mode: "native" | "rest"; readonly properties: Readonly<Record<string, string>> };
  /** also write a `plain` target: the branchless JDBC catalog of that name, built in place */
  readonly plainCatalog?: string;
}

/** The sandbox target: `profiles.yml` keys as the profile loader reads them into `Target`. */
export function sandboxTargetYaml(input: SandboxProfileInput): string {
  const props =
    input.branchCatalog?.properties ?? nativeNessieCatalogProperties(input.nessieUri, "{branch}", input.warehouseDir);
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
    `  mode: ${input.branchCatalog?.mode ?? "native"}`,
    "  properties:",
    ...Object.entries(props).map(([k, v]) => `    ${k}: ${q(v)}`),
  ].join("\n");
}

/** A target on the branchless catalog: no `nessie:` and no `branch_catalog:`, so tform builds in place. */
export function sandboxPlainTargetYaml(input: SandboxProfileInput & { readonly plainCatalog: string }): string {
  return [
    "type: trino",
    "host: 127.0.0.1",
    `port: ${input.trinoPort}`,
    "http_scheme: http",
    "user: tform",
    `catalog: ${input.plainCatalog}`,
    "schema: analytics",
    "threads: 4",
    "session_properties: {}",
  ].join("\n");
}

export function sandboxProfilesYaml(input: SandboxProfileInput): string {
  const indent = (yaml: string) =>
    yaml
      .split("\n")
      .map((l) => `      ${l}`)
      .join("\n");
  const target = indent(sandboxTargetYaml(input));
  const plain = input.plainCatalog
    ? `    plain:\n${indent(sandboxPlainTargetYaml({ ...input, plainCatalog: input.plainCatalog }))}\n`
    : "";
  const header =
    "# Written by `tform sandbox up`: the local Trino + Nessie. Rewritten on every start (ports may change).\n";
  return (
    header +
    input.profileNames
      .map((name) => `${name}:\n  target: sandbox\n  outputs:\n    sandbox:\n${target}\n${plain}`)
      .join("\n")
  );
}

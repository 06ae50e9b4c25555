/**
 * `tform debug` as a library call: dbt's debug checks for tform's stack, each reported rather than thrown: the
 * project file, the profile and its target, Trino (a query, its version, the target's catalog), Nessie (the
 * default branch) and the catalog mode. A check whose input failed is skipped. Nothing here holds a secret.
 */
import type { Catalog } from "../catalog/catalog.js";
import type { Engine } from "../engine/engine.js";
import { isBranching } from "../plan/run-location.js";
import { findProfiles, loadTarget } from "../project/load-target.js";
import { readProjectFile } from "../project/project-file.js";
import { nodeProjectFs } from "../project/project-fs.js";
import type { Target } from "../project/types.js";
import { openCatalog, openEngine } from "../publish/open-lakehouse.js";
import { sqlString } from "../engine/sql-text.js";

export interface DebugCheck {
  readonly name: "project" | "profile" | "trino" | "nessie" | "catalog mode";
  readonly status: "ok" | "failed" | "skipped";
  readonly detail: string;
  /** what a failure means for the exit code: the configuration is wrong, or a server cannot be reached */
  readonly failure?: "config" | "unreachable";
}

export interface DebugReport {
  readonly projectFile: string;
  readonly profilesFile?: string;
  /** the connection, without secrets */
  readonly connection?: Readonly<Record<string, string>>;
  readonly checks: readonly DebugCheck[];
  readonly passed: boolean;
}

export interface DebugOptions {
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly targetName?: string;
  readonly vars?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
  /** injected in tests; otherwise opened from the target */
  readonly openEngine?: (target: Target) => Promise<Engine>;
  readonly openCatalog?: (target: Target) => Promise<Catalog>;
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export function catalogMode(target: Target): { readonly mode: "native" | "rest" | "plain"; readonly detail: string } {
  if (!isBranching(target))
    return {
      mode: "plain",
      detail: `plain: ${target.catalog} has no branches; run, seed and build write in place, publish and rollback are unavailable`,
    };
  return target.branchCatalog!.mode === "rest"
    ? { mode: "rest", detail: "rest: Nessie's Iceberg REST catalog; builds on branch catalogs, views supported" }
    : { mode: "native", detail: "native: Trino's Nessie catalog; builds on branch catalogs, no views" };
}

async function checkTrino(engine: Engine, target: Target): Promise<DebugCheck> {
  try {
    const r = await engine.execute(
      `select 1, version(), (select count(*) from system.metadata.catalogs where catalog_name = ${sqlString(target.catalog)})`,
    );
    const [, version, catalogs] = r.rows[0] ?? [];
    if (Number(catalogs) === 0)
      return {
        name: "trino",
        status: "failed",
        failure: "config",
        detail: `Trino ${String(version)} answers, but has no catalog '${target.catalog}' (the profile's catalog/database)`,
      };
    return {
      name: "trino",
      status: "ok",
      detail: `connection ok: Trino ${String(version)}, catalog ${target.catalog}`,
    };
  } catch (e) {
    return { name: "trino", status: "failed", failure: "unreachable", detail: messageOf(e) };
  } finally {
    await engine.close();
  }
}

async function checkNessie(catalog: Catalog, target: Target): Promise<DebugCheck> {
  const main = target.nessie!.defaultBranch;
  try {
    const ref = await catalog.getReference(main);
    if (!ref)
      return {
        name: "nessie",
        status: "failed",
        failure: "config",
        detail: `Nessie at ${target.nessie!.uri} has no reference '${main}' (the profile's nessie.default_branch)`,
      };
    return { name: "nessie", status: "ok", detail: `connection ok: ${main} at ${ref.hash}` };
  } catch (e) {
    return { name: "nessie", status: "failed", failure: "unreachable", detail: messageOf(e) };
  }
}

export async function debugProject(options: DebugOptions): Promise<DebugReport> {
  const env = options.env ?? process.env;
  const projectFile = `${options.projectDir}/dbt_project.yml`;
  const checks: DebugCheck[] = [];
  const report = (extra: Partial<DebugReport> = {}): DebugReport => ({
    projectFile,
    ...extra,
    checks,
    passed: checks.every((c) => c.status !== "failed"),
  });
  let profileName: string;
  try {
    profileName = (
      await readProjectFile({
        root: options.projectDir,
        fs: nodeProjectFs,
        cliVars: options.vars ?? {},
        env,
        warnings: [],
      })
    ).config.profile;
    checks.push({ name: "project", status: "ok", detail: "dbt_project.yml found and valid" });
  } catch (e) {
    checks.push({ name: "project", status: "failed", failure: "config", detail: messageOf(e) });
    return report();
  }
  const lookup = {
    projectDir: options.projectDir,
    profileName,
    ...(options.profilesDir !== undefined ? { profilesDir: options.profilesDir } : {}),
    ...(options.targetName !== undefined ? { targetName: options.targetName } : {}),
    vars: options.vars ?? {},
    env,
  };
  const profilesFile = (await findProfiles(lookup, env)).path;
  let target: Target;
  try {
    target = await loadTarget(lookup);
    checks.push({
      name: "profile",
      status: "ok",
      detail: `profiles.yml found and valid: profile ${profileName}, target ${target.name}`,
    });
  } catch (e) {
    checks.push({ name: "profile", status: "failed", failure: "config", detail: messageOf(e) });
    return report(profilesFile ? { profilesFile } : {});
  }
  const connection: Record<string, string> = {
    host: target.host,
    port: String(target.port),
    http_scheme: target.httpScheme,
    user: target.user,
    catalog: target.catalog,
    schema: target.schema,
    ...(target.nessie ? { nessie: target.nessie.uri } : {}),
  };
  const mode = catalogMode(target);
  const [trino, nessie] = await Promise.all([
    (options.openEngine ?? openEngine)(target).then(
      (engine) => checkTrino(engine, target),
      // opening pings Trino: a down or hung server is this check's failure, not the command's
      (e: unknown): DebugCheck => ({ name: "trino", status: "failed", failure: "unreachable", detail: messageOf(e) }),
    ),
    target.nessie
      ? (options.openCatalog ?? ((t: Target) => openCatalog(t, "debug")))(target).then((catalog) =>
          checkNessie(catalog, target),
        )
      : Promise.resolve<DebugCheck>({
          name: "nessie",
          status: "skipped",
          detail: "no nessie: block in the target (a catalog without branches)",
        }),
  ]);
  checks.push(trino, nessie, { name: "catalog mode", status: "ok", detail: mode.detail });
  return report({ ...(profilesFile ? { profilesFile } : {}), connection });
}

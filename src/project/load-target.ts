/**
 * loadTarget: profiles.yml → Target. Lookup order: --profiles-dir > TFORM_PROFILES_DIR > DBT_PROFILES_DIR >
 * the project folder > ~/.tform/ > ~/.dbt/. env_var() and var() in values are rendered; secrets are registered
 * so they never reach output.
 */
import { DEFAULT_HTTP_TIMEOUTS } from "../http-timeouts.js";
import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { ProjectError, registerSecret, registerSecretEnv } from "../errors.js";
import { PROFILE_HINTS, TrinoOutputSchema } from "./profile-schema.js";
import { ProjectCode } from "./project-code.js";
import type { Target } from "./types.js";
import { parseYamlFile, type YamlFile } from "./yaml-file.js";
import { renderYamlString, renderYamlTree, type YamlJinjaContext } from "./yaml-jinja.js";

export interface LoadTargetOptions {
  readonly projectDir: string;
  readonly profileName: string;
  readonly profilesDir?: string;
  readonly targetName?: string;
  readonly vars?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
}

const isFile = (p: string): Promise<boolean> =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );
const isDict = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const SECRET_KEY = /secret|password|token|credential|access[-_.]?key/i;

/** The profiles.yml to read and every place that was searched (for the error when none exists). */
export async function findProfiles(
  o: LoadTargetOptions,
  env: NodeJS.ProcessEnv,
): Promise<{ path?: string; searched: string[] }> {
  const explicit = o.profilesDir ?? env.TFORM_PROFILES_DIR ?? env.DBT_PROFILES_DIR;
  // an explicitly chosen folder is the only place looked at: falling back would hide a typo
  const home = env.HOME ?? homedir();
  const dirs = explicit ? [explicit] : [o.projectDir, join(home, ".tform"), join(home, ".dbt")];
  const searched = dirs.map((d) => join(resolve(d), "profiles.yml"));
  for (const path of searched) if (await isFile(path)) return { path, searched };
  return { searched };
}

export async function loadTarget(o: LoadTargetOptions): Promise<Target> {
  const env = o.env ?? process.env;
  const { path, searched } = await findProfiles(o, env);
  if (!path) {
    throw new ProjectError(ProjectCode.noProfilesFile, `No profiles.yml found (looked for ${searched.join(", ")}).`, {
      hint: `Create profiles.yml with a '${o.profileName}:' profile in the project folder or ~/.tform/, or pass --profiles-dir DIR (tform sandbox up prints a ready profile).`,
    });
  }
  const yaml = parseYamlFile(await readFile(path, "utf8"), path, []);
  const doc = isDict(yaml.value) ? yaml.value : {};
  const profiles = Object.keys(doc).filter((k) => k !== "config" && isDict(doc[k]));
  const profile = doc[o.profileName];
  if (!isDict(profile)) {
    throw new ProjectError(
      ProjectCode.unknownProfile,
      `The profile '${o.profileName}' is not in ${path}${profiles.length ? ` (profiles there: ${profiles.join(", ")})` : " (it has no profiles)"}.`,
      {
        location: { file: path, line: 1 },
        hint: `Add a '${o.profileName}:' profile to ${path}, or set profile: in dbt_project.yml to one of the profiles there.`,
      },
    );
  }
  const ctx: YamlJinjaContext = { cliVars: o.vars ?? {}, projectVars: {}, env, secretsAllowed: true };
  const outputs = isDict(profile.outputs) ? profile.outputs : {};
  const available = Object.keys(outputs);
  const defaultTarget =
    profile.target === undefined
      ? undefined
      : String(renderYamlString(String(profile.target), ctx, yaml.locate([o.profileName, "target"])));
  const targetName = o.targetName ?? defaultTarget;
  if (targetName === undefined || !isDict(outputs[targetName])) {
    const where = yaml.locate(targetName === undefined ? [o.profileName] : [o.profileName, "target"]);
    throw new ProjectError(
      ProjectCode.unknownTarget,
      targetName === undefined
        ? `The profile '${o.profileName}' in ${path} names no target.`
        : `The target '${targetName}' is not in the outputs of profile '${o.profileName}' in ${path}${available.length ? ` (targets there: ${available.join(", ")})` : ""}.`,
      {
        location: where,
        hint: available.length
          ? `Pass --target ${available.join(" or --target ")}, or set target: in the profile to one of them.`
          : `Add an outputs: entry named ${targetName ?? "dev"} to the profile.`,
      },
    );
  }
  return targetOf(yaml, path, o.profileName, targetName, outputs[targetName], { ...ctx, target: { name: targetName } });
}

function targetOf(
  yaml: YamlFile,
  path: string,
  profileName: string,
  name: string,
  raw: Record<string, unknown>,
  ctx: YamlJinjaContext,
): Target {
  const base = [profileName, "outputs", name];
  refuseEnvSecretsInCatalogProperties(yaml, path, base, raw);
  const rendered = renderYamlTree(raw, ctx, (p) => yaml.locate([...base, ...p]), new Set());
  const parsed = TrinoOutputSchema.safeParse(rendered);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.path.join(".");
    const loc = yaml.locate([...base, ...(issue.path as (string | number)[])]);
    const missing = issue.code === "invalid_type" && issue.input === undefined;
    throw new ProjectError(
      ProjectCode.invalidProfile,
      `${missing ? `Missing '${key}'` : `Invalid '${key}'`} in target '${name}' of profile '${profileName}' (${path}:${loc.line ?? "?"}): ${issue.message}.`,
      {
        location: loc,
        hint:
          PROFILE_HINTS[String(issue.path[0])] ?? `Fix ${key} in the profile (see the dbt-trino profile reference).`,
      },
    );
  }
  const t = parsed.data;
  const catalog = t.database ?? t.catalog;
  if (!catalog) {
    throw new ProjectError(
      ProjectCode.invalidProfile,
      `Target '${name}' of profile '${profileName}' (${path}) names no Trino catalog.`,
      {
        location: yaml.locate(base),
        hint: "Set database: (or catalog:) to the Iceberg catalog, e.g. database: lakehouse.",
      },
    );
  }
  for (const secret of [t.password, t.jwt_token, t.nessie?.token]) registerSecret(secret);
  registerSecretEnv(ctx.env);
  // a `${ENV:NAME}` reference is resolved by Trino and holds no secret itself
  for (const [k, v] of Object.entries(t.branch_catalog?.properties ?? {}))
    if (SECRET_KEY.test(k) && !/^\$\{ENV:[^}]+\}$/.test(v)) registerSecret(v);
  const secured = t.method === "ldap" || t.method === "basic" || t.method === "jwt";
  return {
    name,
    profileName,
    type: "trino",
    host: t.host,
    port: t.port,
    httpScheme: t.http_scheme ?? (secured ? "https" : "http"),
    user: t.user,
    ...(t.password === undefined ? {} : { password: t.password }),
    ...(t.jwt_token === undefined ? {} : { jwtToken: t.jwt_token }),
    catalog,
    schema: t.schema,
    threads: t.threads,
    sessionProperties: t.session_properties,
    timeouts: {
      connectTimeoutMs: (t.connect_timeout ?? DEFAULT_HTTP_TIMEOUTS.connectTimeoutMs / 1000) * 1000,
      responseTimeoutMs: (t.timeout ?? DEFAULT_HTTP_TIMEOUTS.responseTimeoutMs / 1000) * 1000,
    },
    ...(t.retries === undefined ? {} : { retries: t.retries }),
    ...(t.nessie
      ? {
          nessie: {
            uri: t.nessie.uri,
            ...(t.nessie.token === undefined ? {} : { token: t.nessie.token }),
            defaultBranch: t.nessie.default_branch,
          },
        }
      : {}),
    ...(t.branch_catalog
      ? {
          branchCatalog: {
            connector: t.branch_catalog.connector,
            mode: t.branch_catalog.mode,
            properties: t.branch_catalog.properties,
          },
        }
      : {}),
  };
}

/**
 * A secret read with env_var() into a branch_catalog property would travel in the text of CREATE CATALOG, which any
 * Trino user reads in system.runtime.queries and Trino keeps in its catalog store. Trino's own `${ENV:NAME}` keeps
 * only the name in the statement and resolves it on the coordinator.
 */
function refuseEnvSecretsInCatalogProperties(
  yaml: YamlFile,
  path: string,
  base: readonly string[],
  raw: Record<string, unknown>,
): void {
  const properties = (raw.branch_catalog as { properties?: unknown } | undefined)?.properties;
  if (!properties || typeof properties !== "object") return;
  for (const [key, value] of Object.entries(properties)) {
    if (!SECRET_KEY.test(key) || typeof value !== "string" || !/\benv_var\s*\(/.test(value)) continue;
    const variable = /env_var\s*\(\s*['"]([^'"]+)['"]/.exec(value)?.[1] ?? "NAME";
    const location = yaml.locate([...base, "branch_catalog", "properties", key]);
    throw new ProjectError(
      ProjectCode.secretInCatalogSql,
      `branch_catalog property ${key} reads env_var() (${path}:${location.line ?? "?"}): its value would be sent in CREATE CATALOG, where any Trino user can read it in system.runtime.queries, and Trino would store it in its catalog store.`,
      {
        location,
        hint: `Write ${key}: "\${ENV:${variable}}" instead: Trino resolves it from the coordinator's environment, and the statement holds only the name.`,
      },
    );
  }
}

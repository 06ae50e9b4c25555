/** profiles.yml lookup order, target selection, env_var(), dbt-trino fields, tform blocks, located errors. */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { scrubSecrets, type TformError } from "../../src/errors.js";
import { loadTarget } from "../../src/project/load-target.js";

const brokenDir = fileURLToPath(new URL("../fixtures/projects/broken-profile", import.meta.url));

const PROFILE = `
shop:
  target: "{{ env_var('SHOP_TARGET', 'dev') }}"
  outputs:
    dev:
      type: trino
      method: none
      host: localhost
      port: "{{ env_var('TRINO_PORT', '8080') }}"
      user: tform
      database: lakehouse
      schema: "dev_{{ var('who', 'me') }}"
      threads: 4
      session_properties:
        query_max_run_time: 1h
      nessie:
        uri: http://localhost:19120/api/v2
      branch_catalog:
        mode: rest
        properties:
          iceberg.catalog.type: rest
          iceberg.rest-catalog.uri: "http://localhost:19120/iceberg/{branch}"
          s3.aws-secret-key: "\${ENV:S3_SECRET}"
          s3.aws-access-key: literal-access-key-77
    prod:
      type: trino
      method: jwt
      jwt_token: "{{ env_var('TRINO_JWT') }}"
      host: trino.example.internal
      port: 443
      user: ci
      catalog: lake
      schema: analytics
      nessie:
        uri: https://nessie.example.internal/api/v2
        token: "{{ env_var('NESSIE_TOKEN') }}"
        default_branch: trunk
other:
  outputs: {}
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tform-target-"));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(dir, rel, ".."), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return dir;
}

const env = (over: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  HOME: dirWith({}),
  S3_SECRET: "s3-secret-value",
  ...over,
});

async function targetError(p: Promise<unknown>): Promise<TformError> {
  try {
    await p;
  } catch (e) {
    return e as TformError;
  }
  throw new Error("no error");
}

describe("loadTarget", () => {
  it("reads connect_timeout, timeout (seconds, numbers or numeric strings) and retries", async () => {
    const profile = PROFILE.replace(
      "threads: 4",
      "threads: 4\n      connect_timeout: 2\n      timeout: '7.5'\n      retries: 0",
    );
    const t = await loadTarget({
      projectDir: dirWith({ "profiles.yml": profile }),
      profileName: "shop",
      vars: { who: "ana" },
      env: env({ TRINO_PORT: "18080" }),
    });
    expect(t).toMatchObject({ timeouts: { connectTimeoutMs: 2_000, responseTimeoutMs: 7_500 }, retries: 0 });
  });

  it("reads a dbt-trino output with env_var()/var(), session properties and tform's nessie and branch_catalog blocks", async () => {
    const project = dirWith({ "profiles.yml": PROFILE });
    const t = await loadTarget({
      projectDir: project,
      profileName: "shop",
      vars: { who: "ana" },
      env: env({ TRINO_PORT: "18080" }),
    });
    expect(t).toEqual({
      name: "dev",
      profileName: "shop",
      type: "trino",
      host: "localhost",
      port: 18080,
      httpScheme: "http",
      user: "tform",
      catalog: "lakehouse",
      schema: "dev_ana",
      threads: 4,
      sessionProperties: { query_max_run_time: "1h" },
      // the profile sets neither connect_timeout nor timeout: 5 s and dbt-trino's 30 s
      timeouts: { connectTimeoutMs: 5_000, responseTimeoutMs: 30_000 },
      nessie: { uri: "http://localhost:19120/api/v2", defaultBranch: "main" },
      branchCatalog: {
        connector: "iceberg",
        mode: "rest",
        properties: {
          "iceberg.catalog.type": "rest",
          "iceberg.rest-catalog.uri": "http://localhost:19120/iceberg/{branch}",
          "s3.aws-secret-key": "${ENV:S3_SECRET}",
          "s3.aws-access-key": "literal-access-key-77",
        },
      },
    });
    expect(scrubSecrets("key literal-access-key-77")).toBe("key ****");
  });

  it("refuses env_var() in a secret branch_catalog property, which CREATE CATALOG would carry in clear", async () => {
    const project = dirWith({
      "profiles.yml": PROFILE.replace('"${ENV:S3_SECRET}"', `"{{ env_var('S3_SECRET') }}"`),
    });
    const err = await targetError(
      loadTarget({ projectDir: project, profileName: "shop", vars: { who: "a" }, env: env() }),
    );
    expect(err).toMatchObject({ code: "TF138", location: { line: 23 } });
    expect(err.message).not.toContain("s3-secret-value");
    expect(err.hint).toContain('s3.aws-secret-key: "${ENV:S3_SECRET}"');
  });

  it("selects another target, reads JWT auth and registers the tokens as secrets", async () => {
    const project = dirWith({ "profiles.yml": PROFILE });
    const t = await loadTarget({
      projectDir: project,
      profileName: "shop",
      targetName: "prod",
      env: env({ TRINO_JWT: "jwt-abc-123", NESSIE_TOKEN: "nessie-tok-9" }),
    });
    expect(t).toMatchObject({
      name: "prod",
      httpScheme: "https",
      jwtToken: "jwt-abc-123",
      catalog: "lake",
      port: 443,
      nessie: { token: "nessie-tok-9", defaultBranch: "trunk" },
    });
    expect(scrubSecrets("jwt-abc-123 nessie-tok-9")).toBe("**** ****");
  });

  it("looks in --profiles-dir, then TFORM_PROFILES_DIR, DBT_PROFILES_DIR, the project, ~/.tform, ~/.dbt", async () => {
    const profile = (schema: string): string =>
      `shop:\n  target: dev\n  outputs:\n    dev: {type: trino, host: h, user: u, database: c, schema: ${schema}}\n`;
    const project = dirWith({ "profiles.yml": profile("in_project") });
    const home = dirWith({
      ".tform/profiles.yml": profile("in_tform_home"),
      ".dbt/profiles.yml": profile("in_dbt_home"),
    });
    const flag = dirWith({ "profiles.yml": profile("from_flag") });
    const tformEnv = dirWith({ "profiles.yml": profile("from_tform_env") });
    const dbtEnv = dirWith({ "profiles.yml": profile("from_dbt_env") });
    const schema = async (o: { profilesDir?: string; env: NodeJS.ProcessEnv; projectDir?: string }) =>
      (
        await loadTarget({
          projectDir: o.projectDir ?? project,
          profileName: "shop",
          profilesDir: o.profilesDir,
          env: o.env,
        })
      ).schema;
    const all = { HOME: home, TFORM_PROFILES_DIR: tformEnv, DBT_PROFILES_DIR: dbtEnv };
    expect(await schema({ profilesDir: flag, env: all })).toBe("from_flag");
    expect(await schema({ env: all })).toBe("from_tform_env");
    expect(await schema({ env: { HOME: home, DBT_PROFILES_DIR: dbtEnv } })).toBe("from_dbt_env");
    expect(await schema({ env: { HOME: home } })).toBe("in_project");
    expect(await schema({ env: { HOME: home }, projectDir: dirWith({}) })).toBe("in_tform_home");
    expect(
      await schema({
        env: { HOME: dirWith({ ".dbt/profiles.yml": profile("in_dbt_home") }) },
        projectDir: dirWith({}),
      }),
    ).toBe("in_dbt_home");
  });

  it("names the searched paths when there is no profiles.yml (TF110)", async () => {
    const e = await targetError(loadTarget({ projectDir: dirWith({}), profileName: "shop", env: env() }));
    expect(e.code).toBe("TF110");
    expect(e.message).toMatch(/profiles\.yml.*\.tform\/profiles\.yml.*\.dbt\/profiles\.yml/);
    expect(e.hint).toContain("--profiles-dir");
  });

  it("names the file and the profiles available when the profile is missing (TF111)", async () => {
    const e = await targetError(
      loadTarget({ projectDir: dirWith({ "profiles.yml": PROFILE }), profileName: "jaffle", env: env() }),
    );
    expect(e.code).toBe("TF111");
    expect(e.message).toContain("profiles there: shop, other");
    expect(e.location?.file).toMatch(/profiles\.yml$/);
  });

  it("names the targets available when the target is missing, at the target: line (TF112)", async () => {
    const e = await targetError(loadTarget({ projectDir: brokenDir, profileName: "shop", env: env() }));
    expect(e.code).toBe("TF112");
    expect(e.message).toContain("'prod'");
    expect(e.message).toContain("targets there: dev, ci");
    expect(e.location).toMatchObject({ file: join(brokenDir, "profiles.yml"), line: 2, excerpt: "  target: prod" });
    expect(e.hint).toContain("--target dev");
  });

  it('rejects threads: "x" at its line (TF113)', async () => {
    const e = await targetError(
      loadTarget({ projectDir: brokenDir, profileName: "shop", targetName: "dev", env: env() }),
    );
    expect(e.code).toBe("TF113");
    expect(e.location).toMatchObject({ line: 11, excerpt: '      threads: "x"' });
    expect(e.hint).toMatch(/whole number/);
  });

  it("names an unset environment variable without default (TF114)", async () => {
    const e = await targetError(
      loadTarget({ projectDir: brokenDir, profileName: "shop", targetName: "ci", env: env() }),
    );
    expect(e.code).toBe("TF114");
    expect(e.message).toContain("TFORM_TEST_UNSET_PASSWORD");
    expect(e.location?.line).toBe(16);
  });
});

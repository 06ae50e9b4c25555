import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tform } from "../cli/cli-harness.js";
import { restCatalog, restEngine, restSandbox, uniqueName, writeRestProfile } from "./rest-harness.js";

/**
 * The publish-side commands as users run them (in-process CLI, REST sandbox), with their exit codes and output:
 * build → test → diff → publish → history → show, a second release, rollback, sandbox status, and the refusals.
 */
describe("tform's commands on the REST sandbox", () => {
  const dir = mkdtempSync(join(tmpdir(), "tform-cli-"));
  const schema = uniqueName("it_cli");
  const refs: string[] = [];
  const engine = restEngine();
  const catalog = restCatalog();
  const run = (...argv: string[]) => tform(["--project-dir", dir, ...argv]);
  const branch = (): string => {
    const b = uniqueName("it_clidev");
    refs.push(b, `tform-tested-${b}`);
    return b;
  };
  const tag = (): string => {
    const t = uniqueName("it_clirel");
    refs.push(t);
    return t;
  };
  const writeModel = (amounts: readonly number[]) =>
    writeFileSync(
      join(dir, "models", "orders.sql"),
      `select * from (values ${amounts.map((a, i) => `(${i + 1}, ${a})`).join(", ")}) as v(id, amount)\n`,
    );

  beforeAll(() => {
    writeFileSync(
      join(dir, "dbt_project.yml"),
      "name: cli_it\nprofile: lakehouse_shop\nmodels:\n  cli_it:\n    +materialized: table\n",
    );
    writeRestProfile(dir, schema);
    mkdirSync(join(dir, "models"));
    writeFileSync(
      join(dir, "models", "schema.yml"),
      "version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: id\n        data_tests: [not_null, unique]\n",
    );
    writeModel([10, 20]);
  });

  afterAll(async () => {
    for (const name of refs) {
      await engine
        .execute(`DROP CATALOG IF EXISTS "iceberg__${name.replace(/[^a-z0-9_]+/g, "_")}"`)
        .catch(() => undefined);
      const ref = await catalog.getReference(name);
      if (ref) await catalog.deleteReference(ref).catch(() => undefined);
    }
    await engine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("build, test, diff, publish, history and show a release; a second release; roll back to the first", async () => {
    const b1 = branch();
    const t1 = tag();
    expect((await run("build", "--branch", b1)).code).toBe(0);
    const tested = await run("test", "--branch", b1);
    expect(tested.code, tested.stdout).toBe(0);
    expect(tested.stdout).toMatch(new RegExp(`Recorded ${b1}@\\w+ as tested`));
    const diff = await run("diff", "--branch", b1);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toMatch(new RegExp(`${schema}\\.orders\\s+new\\s+2\\s+-`));
    const published = await run("publish", "--branch", b1, "--tag", t1);
    expect(published.code, published.stderr).toBe(0);
    expect(published.stdout).toContain(`Published ${b1}@`);
    const afterFirst = (await catalog.requireReference("main")).hash;

    const history = await run("history", "orders");
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain(t1);
    const show = await run("show", "orders", "--at", t1);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/id\tamount\n1\t10\n2\t20\n\(2 row\(s\)\)/);

    writeModel([10, 20, 30]);
    const b2 = branch();
    expect((await run("build", "--branch", b2)).code).toBe(0);
    expect((await run("publish", "--branch", b2, "--tag", tag())).code).toBe(0);
    expect((await engine.execute(`SELECT count(*) FROM iceberg."${schema}".orders`)).rows).toEqual([[3]]);

    const rollback = await run("rollback", "--to", t1, "--yes");
    expect(rollback.code, rollback.stderr).toBe(0);
    expect((await catalog.requireReference("main")).hash).toBe(afterFirst);
    expect((await engine.execute(`SELECT count(*) FROM iceberg."${schema}".orders`)).rows).toEqual([[2]]);
  });

  it("refuses with the README's exit codes: an unknown branch or model (4), an existing tag (4), a failing test (2)", async () => {
    const missing = await run("publish", "--branch", uniqueName("it_nosuch"));
    expect([missing.code, missing.stderr]).toEqual([4, expect.stringMatching(/TF601/)]);
    expect((await run("show", "nosuch", "--at", "main")).code).toBe(4);

    const b = branch();
    const existing = tag();
    expect((await run("build", "--branch", b)).code).toBe(0);
    expect((await run("publish", "--branch", b, "--tag", existing)).code).toBe(0);
    writeModel([1, 2]);
    const b2 = branch();
    expect((await run("build", "--branch", b2)).code).toBe(0);
    const again = await run("publish", "--branch", b2, "--tag", existing);
    expect([again.code, again.stderr]).toEqual([4, expect.stringMatching(/TF606: .*already exists/)]);

    writeFileSync(join(dir, "models", "orders.sql"), "select * from (values (1, 10), (1, 20)) as v(id, amount)\n");
    const failing = await run("build", "--branch", branch());
    expect(failing.code).toBe(2);
    expect(failing.stdout).toMatch(/FAIL\s+test unique_orders_id/);
  });

  it("sandbox status reports the running sandbox, ready, through the command's output", async () => {
    const status = await run("sandbox", "status", "--dir", dirname(restSandbox().profilesFile));
    expect(status.code, status.stdout + status.stderr).toBe(0);
    expect(status.stdout).toMatch(/trino\s+476\s+ready/);
    expect(status.stdout).toMatch(/nessie\s+0\.99\.0\s+ready/);
    // REST mode: the object store Trino and Nessie write to, checked to be our S3Proxy on its port
    expect(status.stdout).toMatch(
      /s3\s+3\.1\.0\s+ready\s+pid \d+\s+port \d+.*http:\/\/127\.0\.0\.1:\d+ → \S+\/s3\/data/,
    );
  });
});

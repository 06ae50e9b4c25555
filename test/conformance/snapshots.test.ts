/**
 * dbt-tests-adapter's `basic/test_snapshot_check_cols.py` and `basic/test_snapshot_timestamp.py` for tform, on the
 * REST sandbox: the same steps (seed, snapshot, point at the `added` seed with --vars, SQL updates of the seed)
 * and the same row counts after each run, with tform's own fixtures.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ConformanceProject, type ProjectFiles } from "./conformance-project.js";
import * as f from "./fixtures.js";

let project: ConformanceProject | undefined;
const open = (spec: ProjectFiles): ConformanceProject => (project = new ConformanceProject(spec));
afterEach(async () => {
  await project?.cleanUp();
  project = undefined;
});

const checkSnapshot = (name: string, checkCols: string): string =>
  `{% snapshot ${name} %}\n    {{ config(check_cols=${checkCols}, unique_key='id', strategy='check', target_database=database, target_schema=schema) }}\n    select * from {{ ref(var('seed_name', 'base')) }}\n{% endsnapshot %}\n`;
const timestampSnapshot =
  "{% snapshot ts_snapshot %}\n    {{ config(strategy='timestamp', unique_key='id', updated_at='some_date', target_database=database, target_schema=schema) }}\n    select * from {{ ref(var('seed_name', 'base')) }}\n{% endsnapshot %}\n";
const newColumnsCsv = f.seedBaseCsv
  .split("\n")
  .map((l, i) => (i === 0 ? `${l},last_initial` : l === "" ? l : `${l},${String.fromCharCode(64 + i)}`))
  .join("\n");

/** dbt's update_rows: add_timestamp adds a day, add_string appends a suffix, on the seed table of the branch. */
const addDay = (p: ConformanceProject, where: string): Promise<unknown> =>
  p.sql(`UPDATE ${p.relation("added")} SET some_date = some_date + interval '1' day WHERE ${where}`);
const addSuffix = (p: ConformanceProject, where: string): Promise<unknown> =>
  p.sql(`UPDATE ${p.relation("added")} SET name = name || '_updated' WHERE ${where}`);

async function snapshotsPass(p: ConformanceProject, args: readonly string[] = []): Promise<void> {
  const { results } = await p.run(["snapshot", ...args]);
  expect(results.length).toBeGreaterThan(0);
  for (const r of results) expect(r.status, r.message ?? "").toBe("success");
}

describe("dbt adapter conformance: snapshots", () => {
  it("snapshot check-cols: all, one name and one date column, across new rows and updates of each", async () => {
    const p = open({
      name: "snapshot_strategy_check_cols",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "seeds/added.csv": f.seedAddedCsv,
        "snapshots/cc_all_snapshot.sql": checkSnapshot("cc_all_snapshot", "'all'"),
        "snapshots/cc_date_snapshot.sql": checkSnapshot("cc_date_snapshot", "['some_date']"),
        "snapshots/cc_name_snapshot.sql": checkSnapshot("cc_name_snapshot", "['name']"),
      },
    });
    const counts = async (): Promise<number[]> =>
      Promise.all(["cc_all_snapshot", "cc_name_snapshot", "cc_date_snapshot"].map((n) => p.rowCount(n)));
    expect((await p.run(["seed"])).results).toHaveLength(2);
    await snapshotsPass(p);
    expect(await counts()).toEqual([10, 10, 10]);

    await snapshotsPass(p, ["--no-partial-parse", "--vars", "seed_name: added"]);
    expect(await counts()).toEqual([20, 20, 20]);

    await addDay(p, "id > 10 and id < 21");
    await snapshotsPass(p, ["--vars", "seed_name: added"]);
    // the name snapshot does not see a date change
    expect(await counts()).toEqual([30, 20, 30]);

    await addSuffix(p, "id < 11");
    await snapshotsPass(p, ["--vars", "seed_name: added"]);
    // the date snapshot does not see a name change
    expect(await counts()).toEqual([40, 30, 30]);
  });

  it("snapshot timestamp: new rows and moved timestamps add versions, a change without a new timestamp does not", async () => {
    const p = open({
      name: "snapshot_strategy_timestamp",
      files: {
        "seeds/base.csv": f.seedBaseCsv,
        "seeds/newcolumns.csv": newColumnsCsv,
        "seeds/added.csv": f.seedAddedCsv,
        "snapshots/ts_snapshot.sql": timestampSnapshot,
      },
    });
    expect((await p.run(["seed"])).results).toHaveLength(3);
    expect((await p.run(["snapshot"])).results).toHaveLength(1);
    expect(await p.rowCount("ts_snapshot")).toBe(10);

    await snapshotsPass(p, ["--vars", "seed_name: added"]);
    expect(await p.rowCount("ts_snapshot")).toBe(20);

    await addDay(p, "id > 10 and id < 21");
    await snapshotsPass(p, ["--vars", "seed_name: added"]);
    expect(await p.rowCount("ts_snapshot")).toBe(30);

    await addSuffix(p, "id < 11");
    await snapshotsPass(p, ["--vars", "seed_name: added"]);
    expect(await p.rowCount("ts_snapshot")).toBe(30);
  });
});

import { describe, expect, it } from "vitest";
import { RecordingEngine } from "../../src/engine/recording-engine.js";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { model, project, runContext, target } from "./project-builder.js";

const RESULT = {
  columns: [
    { name: "id", type: "bigint" },
    { name: "name", type: "varchar" },
  ],
  rows: [
    [1, "a"],
    [2, "b"],
  ],
  updateCount: 2,
  updateType: "SELECT",
};

async function run(sql: string) {
  const engine = new RecordingEngine({ answer: () => RESULT });
  const parsed = await parseProject(project({ models: [model("m", sql)] }), target, { cache: false });
  return { sql: (await compileNode(parsed, "model.shop.m", { ...runContext, engine })).compiledSql, sent: engine.sql };
}

describe("statement, load_result and run_query", () => {
  it("stores a named statement's result as dbt's table, data and response", async () => {
    const out = await run(
      "{% call statement('q', fetch_result=True) %}select id, name from t{% endcall %}{% set r = load_result('q') %}" +
        "{{ r.table.column_names | join(',') }} {{ r.table.columns[0].values() | join(',') }} {{ r.table.columns['name'].values() | join(',') }} {{ r['data'][1][1] }} {{ r.response.rows_affected }} {{ r.response.code }}",
    );
    expect(out.sql).toBe("id,name 1,2 a,b b 2 SELECT");
    expect(out.sent).toEqual(["select id, name from t"]);
  });

  it("does not render a statement's body at parse time, as dbt (it runs only when executing)", async () => {
    const sql = "{% call statement('q') %}{{ exceptions.raise_compiler_error('body rendered') }}{% endcall %}";
    const parsed = await parseProject(project({ models: [model("m", sql)] }), target, { cache: false });
    await expect(compileNode(parsed, "model.shop.m", { ...runContext, engine: new RecordingEngine() })).rejects.toThrow(
      "body rendered",
    );
  });

  it("answers none for a result no statement stored", async () => {
    expect((await run("{{ 'none' if load_result('never') is none }}")).sql).toBe("none");
  });

  it("run_query's table iterates and counts its rows, reads cells by position and name, prints nothing", async () => {
    const out = await run(
      "{% set t = run_query('select 1') %}{{ t | length }} {% for row in t %}{{ row[0] }}{{ row['name'] }}{{ row.name }} {% endfor %}{{ t.rows[1].id }}{{ t.print_table() }}|{{ t.columns | map(attribute='name') | join(',') }}",
    );
    expect(out.sql).toBe("2 1aa 2bb 2|id,name");
  });
});

import { describe, expect, it } from "vitest";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { genericTest, model, project, runContext, target, type ProjectSpec } from "./project-builder.js";

async function compileTest(spec: ProjectSpec): Promise<string> {
  const parsed = await parseProject(project(spec), target, { cache: false });
  const id = [...parsed.nodes.keys()].find((k) => k.startsWith("test."))!;
  return (await compileNode(parsed, id, runContext)).compiledSql;
}

describe("generic tests read their model through get_where_subquery", () => {
  it("lets a project override get_where_subquery, as dbt dispatches it", async () => {
    const macros = {
      "macros/where.sql":
        "{% macro default__get_where_subquery(relation) %}{{ return('(select * from ' ~ relation ~ ' limit 10) sample') }}{% endmacro %}",
    };
    const sql = await compileTest({
      models: [model("orders", "select 1")],
      tests: [genericTest("not_null", "model.shop.orders", {}, "id")],
      macros,
    });
    expect(sql).toBe(
      'select id\nfrom (select * from "lake_dev"."analytics"."orders" limit 10) sample\nwhere id is null',
    );
  });
});

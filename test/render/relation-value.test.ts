import { describe, expect, it } from "vitest";
import { RelationValue } from "../../src/render/relation-value.js";
import { renderedBy } from "./render-each.js";

const yesNo = (e: string): string => `'yes' if ${e} else 'no'`;

describe("relations in templates (dbt-core's BaseRelation as dbt-trino configures it)", () => {
  it("renders, includes, quotes and incorporates parts as dbt does", async () => {
    const r = "api.Relation.create(database='d', schema='s', identifier='i', type='table')";
    // what dbt 1.11 with dbt-trino renders for each
    expect(
      await renderedBy([
        r,
        `${r}.render()`,
        `${r}.type`,
        `${r}.name ~ ${r}.table ~ ${r}.identifier ~ ${r}.schema ~ ${r}.database`,
        `${r}.include(database=false)`,
        `${r}.include(database=false, schema=false)`,
        `${r}.quote(identifier=false)`,
        `${r}.without_identifier()`,
        yesNo(`${r}.without_identifier().identifier is none`),
        `${r}.incorporate(path={'identifier': 'z'})`,
        `${r}.incorporate(type='view').type`,
        "api.Relation.create(schema='s')",
        "api.Relation.create(schema='s', identifier='i')",
        `${r}.information_schema()`,
      ]),
    ).toEqual({
      [r]: '"d"."s"."i"',
      [`${r}.render()`]: '"d"."s"."i"',
      [`${r}.type`]: "table",
      [`${r}.name ~ ${r}.table ~ ${r}.identifier ~ ${r}.schema ~ ${r}.database`]: "iiisd",
      [`${r}.include(database=false)`]: '"s"."i"',
      [`${r}.include(database=false, schema=false)`]: '"i"',
      [`${r}.quote(identifier=false)`]: '"d"."s".i',
      [`${r}.without_identifier()`]: '"d"."s"',
      [yesNo(`${r}.without_identifier().identifier is none`)]: "yes",
      [`${r}.incorporate(path={'identifier': 'z'})`]: '"d"."s"."z"',
      [`${r}.incorporate(type='view').type`]: "view",
      "api.Relation.create(schema='s')": '"s"',
      "api.Relation.create(schema='s', identifier='i')": '"s"."i"',
      [`${r}.information_schema()`]: '"d".INFORMATION_SCHEMA',
    });
  });

  it("answers is_table / is_view / is_cte from its type; this and ref() have none, as in dbt", async () => {
    const r = "api.Relation.create(database='d', schema='s', identifier='i', type='table')";
    const out = await renderedBy([
      yesNo(`${r}.is_table`),
      yesNo(`${r}.is_view`),
      yesNo(`${r}.incorporate(type='view').is_view`),
      yesNo(`${r}.is_cte`),
      yesNo("this.type is none"),
    ]);
    expect(Object.values(out)).toEqual(["yes", "no", "yes", "no", "yes"]);
  });

  it("passes dbt_utils' _is_relation check: a mapping whose metadata type ends with Relation", async () => {
    const check = "this is mapping and this.get('metadata', {}).get('type', '').endswith('Relation')";
    expect(
      Object.values(await renderedBy([yesNo(check), "this.get('metadata').type", yesNo("'abc' is mapping")])),
    ).toEqual(["yes", "TrinoRelation", "no"]);
  });

  it("names ephemeral models as dbt's CTEs and knows the relation types", async () => {
    const eph = RelationValue.ephemeral("orders");
    expect([eph.render(), eph.is_cte, eph.identifier, eph.database]).toEqual([
      "__dbt__cte__orders",
      true,
      "__dbt__cte__orders",
      null,
    ]);
    expect(
      Object.values(
        await renderedBy([
          "api.Relation.add_ephemeral_prefix('x')",
          "api.Relation.get_relation_type('view')",
          "api.Relation.Table ~ api.Relation.View ~ api.Relation.CTE",
        ]),
      ),
    ).toEqual(["__dbt__cte__x", "view", "tableviewcte"]);
  });
});

/**
 * A unit test at run time: its model rendered with each given input as a CTE (dbt names them as ephemeral
 * models: __dbt__cte__<name>, __dbt__cte__<source>__<table> for sources) and the unit test's overrides. The
 * fixtures' rows are typed later, from the columns of the relations they stand in for (see testing/unit-test-sql).
 */
import { RenderError, TformError } from "../errors.js";
import type { Relation, UnitTestNode } from "../project/types.js";
import { compileNode, type RunContext } from "./compile-node.js";
import type { ParsedProject } from "./parse-project.js";
import { EPHEMERAL_PREFIX } from "./relation-value.js";
import { RenderCode } from "./render-error.js";
import type { CompiledUnitTest, UnitTestFixture } from "./types.js";

const byProject = new WeakMap<ParsedProject["project"], ReadonlyMap<string, UnitTestNode>>();

/** The unit test with this unique id, if it is one (a map per project: the plan asks for every node). */
export function unitTestOf(parsed: ParsedProject, uniqueId: string): UnitTestNode | undefined {
  const { project } = parsed;
  let map = byProject.get(project);
  if (!map) byProject.set(project, (map = new Map((project.unitTests ?? []).map((u) => [u.uniqueId, u]))));
  return map.get(uniqueId);
}

export async function compileUnitTest(
  parsed: ParsedProject,
  unitTest: UnitTestNode,
  run: RunContext,
): Promise<CompiledUnitTest> {
  const { renderer } = parsed;
  const fixtures: UnitTestFixture[] = [];
  const byId = new Map<string, string>();
  let thisFixture: string | undefined;
  try {
    for (const given of unitTest.given) {
      const t = given.target;
      let id: string;
      let cte: string;
      let relation: Relation;
      let name: string;
      if (t.kind === "this") {
        id = unitTest.model;
        cte = `${EPHEMERAL_PREFIX}${renderer.nameOf(id)}`;
        thisFixture = cte;
        name = renderer.nameOf(id);
        relation = renderer.runRelation(id, run.catalog);
      } else if (t.kind === "ref") {
        id = renderer.resolveRef(t.name, t.package);
        cte = `${EPHEMERAL_PREFIX}${t.name}`;
        byId.set(id, cte);
        name = t.name;
        relation = renderer.runRelation(id, run.catalog);
        if (renderer.isEphemeral(id) && given.rows.format !== "sql")
          throw new RenderError(
            RenderCode.unitTestUntypedInput,
            `Unit test ${unitTest.name}: ${given.input} is an ephemeral model, which has no table to read column types from.`,
            {
              location: given.location,
              hint: "Give an ephemeral model's rows as SQL: `format: sql` with `rows: select 1 as id union all …`, as dbt requires.",
            },
          );
      } else {
        const src = renderer.resolveSource(t.sourceName, t.tableName);
        id = src.uniqueId;
        cte = `${EPHEMERAL_PREFIX}${t.sourceName}__${t.tableName}`;
        byId.set(id, cte);
        name = t.tableName;
        const database = src.database ?? renderer.target.catalog;
        relation = {
          database: database === renderer.target.catalog ? run.catalog : database,
          schema: src.schema,
          identifier: src.identifier,
        };
      }
      fixtures.push({ cte, input: given.input, name, relation, rows: given.rows });
    }
    const compiled = await compileNode(parsed, unitTest.model, {
      ...run,
      isIncremental: false,
      unitTest: {
        name: unitTest.name,
        fixtures: byId,
        ...(thisFixture === undefined ? {} : { thisFixture }),
        vars: unitTest.overrides.vars,
        macros: unitTest.overrides.macros,
        envVars: unitTest.overrides.envVars,
      },
    });
    const base = `${parsed.project.config.targetPath}/compiled/${parsed.project.config.name}`;
    return {
      uniqueId: unitTest.uniqueId,
      model: unitTest.model,
      modelSql: compiled.compiledSql,
      compiledPath: `${base}/${unitTest.originalFilePath}/${unitTest.name}.sql`,
      fixtures,
      expect: unitTest.expect,
      config: unitTest.config,
    };
  } catch (e) {
    throw e instanceof TformError ? e.inNode(unitTest.uniqueId) : e;
  }
}

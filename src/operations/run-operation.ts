/**
 * `tform run-operation MACRO --args '{…}'` as a library call: call a macro at run time, where the run_query and
 * statement calls it makes execute on the engine, in the catalog a build would write (a branch's with --branch,
 * created like `tform build --branch` creates it). The macro is rendered again after each statement it needs
 * (compile-node's NeedsQuery loop): earlier statements answer from their first run, so each distinct SQL text
 * runs once per operation.
 */
import { randomUUID } from "node:crypto";
import type { Catalog } from "../catalog/catalog.js";
import type { Engine, QueryResult } from "../engine/engine.js";
import { InternalError, RenderError, TformError } from "../errors.js";
import { prepareProject, type ProjectOptions } from "../compile/prepare-project.js";
import { isBranching, resolveRunLocation } from "../plan/run-location.js";
import { ProjectCode } from "../project/project-code.js";
import type { ModelNode, Project } from "../project/types.js";
import { openCatalog, openEngine } from "../publish/open-lakehouse.js";
import { NeedsQuery } from "../render/needs-query.js";
import { newTrace, type RenderSubject } from "../render/render-context.js";
import { RenderCode } from "../render/render-error.js";
import { QueryLog } from "../render/query-log.js";
import { parseYamlMapping } from "../project/yaml-mapping.js";

export interface RunOperationOptions extends ProjectOptions {
  /** `name` or `package.name` */
  readonly macro: string;
  /** keyword arguments of the call (dbt's --args) */
  readonly args?: Readonly<Record<string, unknown>>;
  readonly branch?: string;
  /** the branch or tag a new --branch starts from (default main) */
  readonly from?: string;
  readonly engine?: Engine;
  readonly catalog?: Catalog;
}

export interface OperationStatement {
  readonly sql: string;
  readonly queryId?: string;
  readonly rows: number;
}

export interface RunOperationResult {
  /** macro.<package>.<name> */
  readonly uniqueId: string;
  readonly runCatalog: string;
  readonly branch?: { readonly name: string; readonly created: boolean };
  /** what the macro logged (log(), exceptions.warn) in its final render */
  readonly logs: readonly string[];
  /** each statement the macro ran, in order */
  readonly statements: readonly OperationStatement[];
  readonly returned: unknown;
}

/** dbt's --args: a YAML (or JSON) mapping. */
export const parseMacroArgs = (text: string | undefined): Promise<Record<string, unknown>> =>
  parseYamlMapping(text, { flag: "--args", code: ProjectCode.invalidMacroArgs, example: "'{table: orders, days: 7}'" });

/** The file that defines the macro, for error locations: the last definition wins, as in the registry. */
function macroFile(project: Project, name: string, pkg: string | undefined): string {
  const defines = new RegExp(`\\{%-?\\s*macro\\s+${name}\\s*\\(`);
  const file = project.macros
    .filter((m) => (pkg === undefined || m.packageName === pkg) && defines.test(m.source))
    .pop();
  return file?.relativePath ?? `run-operation ${name}`;
}

export async function runOperation(options: RunOperationOptions): Promise<RunOperationResult> {
  const { parsed, target, project } = await prepareProject(options);
  const dot = options.macro.lastIndexOf(".");
  const pkg = dot > 0 ? options.macro.slice(0, dot) : undefined;
  const name = options.macro.slice(dot + 1);
  const file = macroFile(project, name, pkg);
  const macro = pkg === undefined ? parsed.renderer.macros.find(name) : parsed.renderer.macroOrThrow(name, pkg, file);
  if (!macro) {
    throw new RenderError(
      RenderCode.undefinedMacro,
      `No macro named '${name}' in the project, its packages or tform's built-ins.`,
      {
        hint: "Check the name for typos; `tform deps` links local packages into the packages folder (hub and git packages are vendored there by hand).",
      },
    );
  }
  const uniqueId = `macro.${pkg ?? parsed.renderer.macros.origin.get(name) ?? project.config.name}.${name}`;
  const engine = options.engine ?? (await openEngine(target));
  try {
    const catalog =
      options.catalog ?? (isBranching(target) ? await openCatalog(target, "run an operation on a branch") : undefined);
    const location = await resolveRunLocation({
      target,
      engine,
      catalog,
      branch: options.branch,
      from: options.from,
      schemas: [],
    });
    for (const step of location.setup) {
      if (step.kind === "create-branch") {
        if (!catalog)
          throw new InternalError("TF950", "The operation creates a branch but no catalog client was given.");
        await catalog.createBranch(step.branch, step.from);
      } else await engine.execute(step.sql);
    }
    // an operation is no node; the macro sees a stand-in whose `this` is the target schema in the run's catalog
    const node: ModelNode = {
      uniqueId,
      name,
      resourceType: "model",
      packageName: pkg ?? project.config.name,
      originalFilePath: file,
      fqn: [project.config.name, name],
      description: "",
      config: { enabled: true, materialized: "operation", tags: [], pre_hook: [], post_hook: [] },
      rawCode: "",
      columns: [],
    };
    const subject: RenderSubject = {
      node,
      config: node.config,
      relation: { database: location.runCatalog, schema: target.schema, identifier: name },
    };
    const run = { catalog: location.runCatalog, invocationId: randomUUID(), runStartedAt: new Date(), engine };
    const queries = new QueryLog();
    const statements: OperationStatement[] = [];
    for (;;) {
      queries.rewind();
      const trace = newTrace();
      try {
        const returned = parsed.renderer.callMacro(
          macro,
          [],
          { ...options.args },
          subject,
          { kind: "run", run, queries },
          trace,
          file,
        );
        const branch = location.branch
          ? { name: location.branch.name, created: location.branch.existing === undefined }
          : undefined;
        return {
          uniqueId,
          runCatalog: location.runCatalog,
          ...(branch ? { branch } : {}),
          logs: trace.logs,
          statements,
          returned,
        };
      } catch (e) {
        if (!(e instanceof NeedsQuery)) throw e instanceof TformError ? e.inNode(uniqueId) : e;
        let result: QueryResult;
        try {
          result = await engine.execute(e.sql, { catalog: location.runCatalog, schema: target.schema });
        } catch (failed) {
          throw failed instanceof TformError ? failed.inNode(uniqueId) : failed;
        }
        queries.record(e.sql, result);
        statements.push({
          sql: e.sql,
          ...(result.queryId ? { queryId: result.queryId } : {}),
          rows: result.rows.length,
        });
      }
    }
  } finally {
    if (!options.engine) await engine.close();
  }
}

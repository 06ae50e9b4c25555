/**
 * The variables a template sees, built per render. Parse time and run time are separate providers
 * (as dbt's context/providers.py): at parse time ref/source record dependencies and return
 * placeholders, config() records, is_incremental() is false and queries return nothing; at run time
 * they resolve to the relations of the run's catalog.
 */
import { isRegisteredSecret, RenderError, SECRET_ENV_PREFIX } from "../errors.js";
import type { QueryResult } from "../engine/engine.js";
import type { NodeConfig, Relation } from "../project/types.js";
import { SECRET_ENV_HINT, secretEnvVarRefused } from "../project/yaml-jinja.js";
import { adapterValue } from "./adapter-value.js";
import { splitArgs } from "./call-args.js";
import { columnApi } from "./column-value.js";
import type { RunContext, UnitTestRender } from "./compile-node.js";
import { exceptionsNamespace } from "./dbt-exceptions.js";
import { returnFromMacro } from "./macro-return.js";
import type { ProjectRenderer, RenderableNode } from "./project-renderer.js";
import { PyDateTime, pythonModules } from "./python-datetime.js";
import { pythonSerialization } from "./python-serialization.js";
import { relationApi } from "./relation-api.js";
import { RenderCode } from "./render-error.js";
import { RelationValue } from "./relation-value.js";
import { queryRunner, statementFunctions } from "./statement-functions.js";
import type { QueryLog } from "./query-log.js";

/**
 * What a render observed: dependencies, config() calls, log lines, ephemeral models to inline, and what
 * decides whether its result may be reused by a later run (partial parsing): the environment variables it
 * read, and whether it read a value that differs on every run (run_started_at, invocation_id, modules).
 */
export interface RenderTrace {
  readonly refs: string[];
  readonly sources: string[];
  readonly configCalls: Record<string, unknown>[];
  readonly logs: string[];
  readonly ephemerals: string[];
  readonly env: Map<string, string | undefined>;
  volatile: boolean;
}

export const newTrace = (): RenderTrace => ({
  refs: [],
  sources: [],
  configCalls: [],
  logs: [],
  ephemerals: [],
  env: new Map(),
  volatile: false,
});

/** Adds what `from` observed that decides reuse (env reads, per-run values) to `into`. */
export function observeInto(into: RenderTrace, from: RenderTrace): void {
  if (from.volatile) into.volatile = true;
  for (const [name, value] of from.env) into.env.set(name, value);
}

/** Defines `name` on vars as a value whose reading marks the render volatile; `{% set name = … %}` replaces it. */
function volatileValue(vars: Record<string, unknown>, trace: RenderTrace, name: string, value: unknown): void {
  Object.defineProperty(vars, name, {
    configurable: true,
    enumerable: true,
    get() {
      trace.volatile = true;
      return value;
    },
    set(v: unknown) {
      Object.defineProperty(vars, name, { value: v, writable: true, configurable: true, enumerable: true });
    },
  });
}

export type RenderMode =
  { readonly kind: "parse" } | { readonly kind: "run"; readonly run: RunContext; readonly queries: QueryLog };

export interface RenderSubject {
  readonly node: RenderableNode;
  readonly config: NodeConfig;
  /** `this`: a placeholder at parse time, the real relation at run time */
  readonly relation: Relation;
}

/** Python's zip: tuples up to the shortest list */
function zip(...raw: unknown[]): unknown[][] {
  const lists = splitArgs(raw).positional.map((l) => Array.from(l as Iterable<unknown>));
  const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
  return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
}

/** Render-independent values shared by every template of a project (put in the scope's globals once). */
export function staticGlobals(): Record<string, unknown> {
  return {
    return: returnFromMacro,
    zip,
    modules: pythonModules(),
    ...pythonSerialization,
    api: { Relation: relationApi, Column: columnApi },
    set: (xs: unknown) => [...new Set(xs as Iterable<unknown>)],
    print: () => "",
  };
}

/** The relation a dependency (model, seed or source, by unique id) has in this render, recording the edge. */
export function relationOfNode(
  renderer: ProjectRenderer,
  id: string,
  mode: RenderMode,
  trace: RenderTrace,
): RelationValue {
  const unitTest = mode.kind === "run" ? mode.run.unitTest : undefined;
  if (unitTest) return fixtureRelation(renderer, unitTest, id);
  const src = renderer.sourceById(id);
  if (src) {
    trace.sources.push(id);
    const database = src.database ?? renderer.target.catalog;
    const onLakehouse = database === renderer.target.catalog;
    if (mode.kind === "run" && onLakehouse)
      return RelationValue.of(
        mode.run.relationFor?.(id) ?? { database: mode.run.catalog, schema: src.schema, identifier: src.identifier },
      );
    return RelationValue.create({ database, schema: src.schema, identifier: src.identifier });
  }
  trace.refs.push(id);
  if (mode.kind === "parse")
    return RelationValue.create({
      database: renderer.target.catalog,
      schema: renderer.target.schema,
      identifier: renderer.nameOf(id),
    });
  if (renderer.isEphemeral(id)) {
    trace.ephemerals.push(id);
    return RelationValue.ephemeral(renderer.nameOf(id));
  }
  return RelationValue.of(mode.run.relationFor?.(id) ?? renderer.runRelation(id, mode.run.catalog));
}

/** In a unit test every ref() and source() of the model reads its given input, a CTE; one not given is an error. */
function fixtureRelation(renderer: ProjectRenderer, unitTest: UnitTestRender, id: string): RelationValue {
  const cte = unitTest.fixtures.get(id);
  if (cte !== undefined) return RelationValue.cte(cte);
  const src = renderer.sourceById(id);
  const call = src ? `source('${src.sourceName}', '${src.name}')` : `ref('${renderer.nameOf(id)}')`;
  throw new RenderError(
    RenderCode.unitTestMissingInput,
    `Unit test ${unitTest.name}: the model reads ${call}, which the unit test gives no input for.`,
    {
      hint: `Add \`- input: ${call}\` with its rows under given: (rows: [] for an empty input).`,
    },
  );
}

export function createRenderVars(
  renderer: ProjectRenderer,
  subject: RenderSubject,
  mode: RenderMode,
  trace: RenderTrace,
): Record<string, unknown> {
  const { node } = subject;
  const atRun = mode.kind === "run";

  const ref = (...args: unknown[]): RelationValue => {
    const [a, b] = splitArgs(args).positional as string[];
    return relationOfNode(
      renderer,
      renderer.resolveRef(b === undefined ? a! : b, b === undefined ? undefined : a),
      mode,
      trace,
    );
  };
  const source = (sourceName: unknown, tableName: unknown): RelationValue =>
    relationOfNode(renderer, renderer.resolveSource(String(sourceName), String(tableName)).uniqueId, mode, trace);

  const currentConfig = (): Record<string, unknown> =>
    Object.assign({}, subject.config, ...trace.configCalls) as Record<string, unknown>;
  const config = Object.assign(
    (...args: unknown[]): string => {
      if (mode.kind === "parse") {
        const { positional, kwargs } = splitArgs(args);
        const first = positional[0];
        trace.configCalls.push(
          typeof first === "object" && first !== null ? { ...(first as object), ...kwargs } : kwargs,
        );
      }
      return "";
    },
    {
      // dbt answers None (not undefined) for a key that is not set
      get: (key: string, fallback: unknown = null) => currentConfig()[key] ?? fallback,
      require: (key: string) => {
        const v = currentConfig()[key];
        if (v === undefined)
          throw new RenderError(
            RenderCode.compilerError,
            `${node.name} requires the config '${key}', which is not set.`,
            { hint: `Set ${key} in config() or in the properties YAML.` },
          );
        return v;
      },
    },
  );

  const query = queryRunner(mode);
  const { execute, ...statements } = statementFunctions(mode, query);
  const log = (msg: unknown): string => {
    trace.logs.push(String(msg));
    return "";
  };
  const vars: Record<string, unknown> = {
    ref,
    source,
    config,
    adapter: adapterValue({ renderer, mode, localPackage: node.packageName, execute }),
    this:
      atRun && mode.run.unitTest?.thisFixture !== undefined
        ? RelationValue.cte(mode.run.unitTest.thisFixture)
        : RelationValue.of(subject.relation),
    // built on first use: most templates never read `model`
    get model() {
      return renderer.modelView(node, currentConfig);
    },
    execute: atRun,
    is_incremental: () => atRun && mode.run.isIncremental === true && subject.config.materialized === "incremental",
    var: (...args: unknown[]) => {
      const overrides = atRun ? mode.run.unitTest?.vars : undefined;
      const name = String(splitArgs(args).positional[0]);
      return overrides && Object.prototype.hasOwnProperty.call(overrides, name)
        ? overrides[name]
        : renderer.lookupVar(node.packageName, args);
    },
    env_var: (name: string, fallback?: unknown) => {
      if (name.startsWith(SECRET_ENV_PREFIX))
        throw new RenderError(RenderCode.secretEnvVar, secretEnvVarRefused(name), { hint: SECRET_ENV_HINT });
      trace.env.set(name, process.env[name]);
      const v = (atRun ? mode.run.unitTest?.envVars[name] : undefined) ?? process.env[name] ?? fallback;
      // a render that holds a profile's secret is neither kept for the next run nor written in clear
      if (isRegisteredSecret(v)) trace.volatile = true;
      if (v === undefined)
        throw new RenderError(
          RenderCode.missingEnvVar,
          `env_var('${name}'): the environment variable ${name} is not set and no default was given.`,
          { hint: `Export ${name}, or give a default: env_var('${name}', 'value').` },
        );
      return v;
    },
    target: renderer.targetView(),
    // dbt's `database` and `schema`: the target's (snapshots write target_database=database, target_schema=schema)
    database: renderer.target.catalog,
    schema: renderer.target.schema,
    project_name: renderer.project.config.name,
    // tform neither stores test failures nor runs --empty
    flags: {
      FULL_REFRESH: atRun && mode.run.fullRefresh === true,
      WHICH: atRun ? "run" : "parse",
      STORE_FAILURES: false,
      EMPTY: false,
    },
    log,
    exceptions: exceptionsNamespace((msg) => log(`warning: ${msg}`)),
    doc: (name: string) => renderer.doc(name),
    ...statements,
  };
  // a unit test's macro overrides (is_incremental among them) answer their value; macros reading them see it too
  if (atRun && mode.run.unitTest)
    for (const [name, value] of Object.entries(mode.run.unitTest.macros)) vars[name] = () => value;
  volatileValue(vars, trace, "run_started_at", new PyDateTime(atRun ? mode.run.runStartedAt : renderer.parseStartedAt));
  volatileValue(vars, trace, "invocation_id", atRun ? mode.run.invocationId : renderer.parseInvocationId);
  // modules.datetime.now() and friends
  volatileValue(vars, trace, "modules", renderer.scope.globals.modules);
  return vars;
}

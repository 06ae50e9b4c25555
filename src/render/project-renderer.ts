/**
 * Renders one project: owns its nunjucks Environment, the shared macro scope and every compiled template
 * (each template is compiled once and rendered at parse time and again at run time).
 */
import { randomUUID } from "node:crypto";
import nunjucks from "nunjucks";
import { RenderError } from "../errors.js";
import type {
  ModelNode,
  NodeConfig,
  Project,
  Relation,
  SeedNode,
  SnapshotNode,
  SourceTable,
  Target,
  TestNode,
} from "../project/types.js";
import type { ParsedNode } from "./types.js";
import { splitArgs } from "./call-args.js";
import { builtinMacroFiles } from "../project/macro-files.js";
import { targetView } from "../project/target-view.js";
import { compileTemplate, createJinjaEnvironment, plainTemplate, type CompiledTemplate } from "./jinja-environment.js";
import { MacroRegistry, BUILTIN_PACKAGE, type Macro } from "./macro-registry.js";
import {
  createRenderVars,
  newTrace,
  staticGlobals,
  type RenderMode,
  type RenderSubject,
  type RenderTrace,
} from "./render-context.js";
import { RenderCode, renderError, syntaxError } from "./render-error.js";
import { NeedsQuery } from "./needs-query.js";
import { RenderScope } from "./render-scope.js";
import { runTemplate } from "./run-template.js";
import { closestNames } from "./closest-names.js";
import type { TemplateCodeCache } from "./template-code-cache.js";

/** What macros/generate_*_name.sql compute, for when the project does not override them. */
const BUILTIN_NAMING: Readonly<
  Record<string, (custom: string | undefined, target: Target, nodeName: string) => string>
> = {
  generate_schema_name: (custom, target) => (custom === undefined ? target.schema : `${target.schema}_${custom}`),
  generate_alias_name: (custom, _target, nodeName) => custom ?? nodeName,
  generate_database_name: (custom, target) => custom ?? target.catalog,
};

export type RenderableNode = ModelNode | SeedNode | SnapshotNode | TestNode;

export interface RenderOutput {
  readonly sql: string;
  readonly trace: RenderTrace;
}

export class ProjectRenderer {
  readonly env: nunjucks.Environment;
  readonly scope: RenderScope;
  readonly macros: MacroRegistry;
  readonly parseStartedAt = new Date();
  readonly parseInvocationId = randomUUID();
  /** set by parseProject once every node is parsed; run-time relations come from here */
  parsed: ReadonlyMap<string, ParsedNode> = new Map();

  private readonly nodes = new Map<string, RenderableNode>();
  private readonly byName = new Map<string, (ModelNode | SeedNode | SnapshotNode)[]>();
  private readonly sources = new Map<string, SourceTable>();
  private readonly sourcesById = new Map<string, SourceTable>();
  private readonly templates = new Map<string, CompiledTemplate>();
  private readonly snippets = new Map<string, CompiledTemplate>();
  private readonly packageNames: string[];

  constructor(
    readonly project: Project,
    readonly target: Target,
    private readonly cliVars: Readonly<Record<string, unknown>> = {},
    /** compiled macros and node templates kept between runs (each loaded when first needed) */
    private readonly codeCaches?: { readonly macros: TemplateCodeCache; readonly nodes: TemplateCodeCache },
  ) {
    this.env = createJinjaEnvironment();
    this.scope = new RenderScope(this.env, staticGlobals());
    const searchOrders = new Map((project.config.dispatch ?? []).map((d) => [d.macroNamespace, d.searchOrder]));
    this.macros = new MacroRegistry(
      this.env,
      this.scope,
      project.config.name,
      (source, name) =>
        codeCaches ? codeCaches.macros.template(this.env, source, name) : compileTemplate(this.env, source, name),
      searchOrders,
    );
    const hasBuiltins = project.macros.some((m) => m.packageName === BUILTIN_PACKAGE);
    this.macros.load(hasBuiltins ? project.macros : [...builtinMacroFiles(), ...project.macros]);
    Object.assign(this.scope.globals, this.macros.namespaces(), Object.fromEntries(this.macros.global));
    this.packageNames = this.macros.packageNames();
    for (const n of [...project.models, ...project.seeds, ...project.snapshots, ...project.tests])
      this.nodes.set(n.uniqueId, n);
    for (const n of [...project.models, ...project.seeds, ...project.snapshots]) {
      if (n.config.enabled === false) continue;
      const list = this.byName.get(n.name) ?? [];
      list.push(n);
      this.byName.set(n.name, list);
    }
    for (const s of project.sources) {
      this.sources.set(`${s.sourceName}.${s.name}`, s);
      this.sourcesById.set(s.uniqueId, s);
    }
  }

  node(id: string): RenderableNode | undefined {
    return this.nodes.get(id);
  }

  sourceById(id: string): SourceTable | undefined {
    return this.sourcesById.get(id);
  }

  /** The template of a model, snapshot or singular test, compiled on first use. */
  template(node: ModelNode | SnapshotNode | TestNode): CompiledTemplate {
    const cached = this.templates.get(node.uniqueId);
    if (cached) return cached;
    const source = "rawCode" in node ? node.rawCode : "";
    const tmpl = this.compile(source, node.originalFilePath);
    this.templates.set(node.uniqueId, tmpl);
    return tmpl;
  }

  /** Compiles a snippet (hook, test argument) once however many nodes render it. */
  snippet(source: string, name: string): CompiledTemplate {
    const key = `${name}\0${source}`;
    let tmpl = this.snippets.get(key);
    if (!tmpl) this.snippets.set(key, (tmpl = this.compile(source, name)));
    return tmpl;
  }

  compile(source: string, name: string): CompiledTemplate {
    // plain SQL needs no Jinja at all
    if (!source.includes("{{") && !source.includes("{%") && !source.includes("{#")) return plainTemplate(source, name);
    try {
      return this.codeCaches
        ? this.codeCaches.nodes.template(this.env, source, name)
        : compileTemplate(this.env, source, name);
    } catch (e) {
      throw syntaxError(e, name, source);
    }
  }

  render(
    tmpl: CompiledTemplate,
    subject: RenderSubject,
    mode: RenderMode,
    trace: RenderTrace = newTrace(),
  ): RenderOutput {
    const vars = createRenderVars(this, subject, mode, trace);
    const sql = runTemplate(tmpl, this.scope, vars, this.packageNames);
    return { sql, trace };
  }

  /** Evaluates one Jinja expression (a test argument such as `ref('customers')`) to its value, not its text. */
  evaluate(expression: string, file: string, subject: RenderSubject, mode: RenderMode, trace: RenderTrace): unknown {
    const tmpl = this.snippet(`{% set __value = ${expression} %}`, file);
    const vars = createRenderVars(this, subject, mode, trace);
    runTemplate(tmpl, this.scope, vars, this.packageNames);
    return vars.__value;
  }

  /** Calls a macro from JavaScript inside a render's variables; `file` locates errors (e.g. the YAML of a test). */
  callMacro(
    macro: Macro,
    args: readonly unknown[],
    kwargs: Record<string, unknown>,
    subject: RenderSubject,
    mode: RenderMode,
    trace: RenderTrace,
    file: string,
  ): unknown {
    const vars = createRenderVars(this, subject, mode, trace);
    const keywords = (nunjucks.runtime as unknown as { makeKeywordArgs(o: object): object }).makeKeywordArgs({
      ...kwargs,
    });
    try {
      return this.scope.enter(vars, () => macro(...args, keywords));
    } catch (e) {
      if (e instanceof NeedsQuery) throw e;
      throw renderError(e, file, "", this.packageNames);
    }
  }

  macroOrThrow(name: string, pkg: string | undefined, file: string, line?: number): Macro {
    const m = this.macros.find(name, pkg);
    if (m) return m;
    if (pkg && !this.packageNames.includes(pkg)) {
      throw new RenderError(
        RenderCode.missingPackage,
        `${pkg}.${name} comes from the package '${pkg}', which is not installed (${file}).`,
        {
          location: { file, line },
          hint: `tform does not download dbt packages: copy the package folder into dbt_packages/${pkg}/ in the project.`,
        },
      );
    }
    throw new RenderError(RenderCode.undefinedMacro, `Undefined macro '${pkg ? `${pkg}.` : ""}${name}' (${file}).`, {
      location: { file, line },
      hint: `Define the macro ${name} in the project's macros/ folder.`,
    });
  }

  resolveRef(name: string, pkg?: string): string {
    const candidates = (this.byName.get(name) ?? []).filter((n) => pkg === undefined || n.packageName === pkg);
    const chosen = candidates.find((n) => n.packageName === this.project.config.name) ?? candidates[0];
    if (chosen) return chosen.uniqueId;
    const disabled = (this.project.disabled ?? []).some((n) => n.resourceType !== "test" && n.name === name);
    const close = closestNames(name, [...this.byName.keys()]);
    throw new RenderError(
      RenderCode.unknownRef,
      disabled
        ? `ref('${name}') points to a disabled model.`
        : `ref('${pkg ? `${pkg}', '` : ""}${name}') does not match any model, seed or snapshot.`,
      {
        hint: disabled
          ? `Enable ${name} (config enabled) or remove the ref.`
          : close.length
            ? `Did you mean ${close.map((c) => `ref('${c}')`).join(" or ")}?`
            : "Check the model name (file name without .sql) or add the model.",
      },
    );
  }

  resolveSource(sourceName: string, table: string): SourceTable {
    const src = this.sources.get(`${sourceName}.${table}`);
    if (src) return src;
    const known = [...this.sources.keys()];
    const close = closestNames(`${sourceName}.${table}`, known);
    const hasSource = known.some((k) => k.startsWith(`${sourceName}.`));
    throw new RenderError(
      RenderCode.unknownSource,
      `source('${sourceName}', '${table}') is not declared${hasSource ? ` (source '${sourceName}' has no table '${table}')` : ""}.`,
      {
        hint: close.length
          ? `Did you mean ${close.map((c) => `source('${c.replace(".", "', '")}')`).join(" or ")}? `
          : `Declare it in a properties YAML under sources: - name: ${sourceName} / tables: - name: ${table}.`,
      },
    );
  }

  nameOf(id: string): string {
    return this.nodes.get(id)?.name ?? id.split(".").pop()!;
  }

  isEphemeral(id: string): boolean {
    return (this.parsed.get(id)?.config ?? this.nodes.get(id)?.config)?.materialized === "ephemeral";
  }

  /** Where a node is at run time: its parsed relation, moved to the run's catalog when it lives in the lakehouse catalog. */
  runRelation(id: string, catalog: string): Relation {
    const parsed = this.parsed.get(id);
    if (!parsed)
      throw new RenderError(RenderCode.unknownRef, `${id} has not been parsed.`, {
        hint: "Parse the project before compiling nodes (parseProject).",
      });
    const r = parsed.relation;
    return r.database === this.target.catalog ? { ...r, database: catalog } : r;
  }

  /** var(): --vars on the CLI > project vars scoped to the node's package > global project vars > default. */
  lookupVar(packageName: string, args: readonly unknown[]): unknown {
    const { positional, kwargs } = splitArgs(args);
    const name = String(positional[0]);
    const fallback = positional.length > 1 ? positional[1] : kwargs.default;
    if (Object.prototype.hasOwnProperty.call(this.cliVars, name)) return this.cliVars[name];
    const vars = this.project.config.vars as Record<string, unknown>;
    const scoped = vars[packageName];
    if (scoped && typeof scoped === "object" && Object.prototype.hasOwnProperty.call(scoped, name))
      return (scoped as Record<string, unknown>)[name];
    if (Object.prototype.hasOwnProperty.call(vars, name)) return vars[name];
    if (positional.length > 1 || "default" in kwargs) return fallback;
    throw new RenderError(RenderCode.missingVar, `var('${name}') is not defined and has no default.`, {
      hint: `Define it in dbt_project.yml under vars: (${name}: value), pass --vars '{"${name}": …}', or give a default: var('${name}', value).`,
    });
  }

  private targetValue?: Record<string, unknown>;

  targetView(): Record<string, unknown> {
    return (this.targetValue ??= { ...targetView(this.target) });
  }

  modelView(node: RenderableNode, config: () => Record<string, unknown>): Record<string, unknown> {
    return {
      name: node.name,
      unique_id: node.uniqueId,
      resource_type: node.resourceType,
      package_name: node.packageName,
      original_file_path: node.originalFilePath,
      path: node.originalFilePath,
      fqn: node.fqn,
      description: node.description,
      get config() {
        return config();
      },
      get tags() {
        return config().tags;
      },
      raw_code: "rawCode" in node ? node.rawCode : "",
      raw_sql: "rawCode" in node ? node.rawCode : "",
    };
  }

  doc(name: string): string {
    const d = this.project.docs.find((x) => x.name === name);
    if (d) return d.content;
    throw new RenderError(RenderCode.unknownDoc, `doc('${name}') does not match any {% docs %} block.`, {
      hint: `Add {% docs ${name} %}…{% enddocs %} to a .md file in the project.`,
    });
  }

  /** The node's relation on the target's main catalog: generate_database/schema/alias_name as dbt calls them. */
  relationFor(node: RenderableNode, config: NodeConfig, trace: RenderTrace = newTrace()): Relation {
    const subject: RenderSubject = {
      node,
      config,
      relation: { database: this.target.catalog, schema: this.target.schema, identifier: node.name },
    };
    const view = this.modelView(node, () => config as Record<string, unknown>);
    const call = (name: string, custom: unknown): string => {
      const builtin = this.macros.origin.get(name) === BUILTIN_PACKAGE ? BUILTIN_NAMING[name] : undefined;
      // the built-in naming macros are pure functions of (custom value, target, node name): skip the render
      if (builtin) return builtin(typeof custom === "string" ? custom.trim() : undefined, this.target, node.name);
      const macro = this.macroOrThrow(name, undefined, node.originalFilePath);
      return String(
        this.callMacro(macro, [custom ?? null, view], {}, subject, { kind: "parse" }, trace, node.originalFilePath),
      ).trim();
    };
    const database = config.database ? call("generate_database_name", config.database) : this.target.catalog;
    return {
      database,
      schema: call("generate_schema_name", config.schema),
      identifier: call("generate_alias_name", config.alias),
    };
  }
}

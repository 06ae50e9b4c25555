/**
 * Every macro of a project, compiled once and shared by all renders: built-ins (macros/ of tform), vendored
 * packages, then the project, later definitions winning in the global namespace, as in Project.macros. Each
 * package also gets a namespace (`dbt_utils.star`); tform's built-ins are dbt's internal namespace `dbt`.
 * `adapter.dispatch` searches as dbt-core does (see dispatch).
 */
import type nunjucks from "nunjucks";
import { ProjectError, RenderError } from "../errors.js";
import { ProjectCode } from "../project/project-code.js";
import { BUILTIN_PACKAGE } from "../project/macro-files.js";
import type { MacroFile } from "../project/types.js";
import { compileTemplate, type CompiledTemplate } from "./jinja-environment.js";
import { IS_MACRO } from "./jinja-runtime.js";
import { rewriteTestBlocks } from "./jinja-environment.js";
import { locate, RenderCode, syntaxError } from "./render-error.js";
import type { RenderScope } from "./render-scope.js";
import { runTemplate } from "./run-template.js";

export type Macro = ((...args: unknown[]) => unknown) & { readonly [IS_MACRO]?: true };

/** The adapter tform renders for: within each searched package, dispatch tries `trino__x`, then `default__x`. */
const ADAPTER_PREFIXES = ["trino", "default"] as const;
/** dbt's name for its internal packages, which tform's built-ins stand in for */
export const DBT_NAMESPACE = "dbt";
export { BUILTIN_PACKAGE };

export class MacroRegistry {
  readonly global = new Map<string, Macro>();
  readonly packages = new Map<string, Map<string, Macro>>();
  /** macro name → package it came from, for dependsOnMacros */
  readonly origin = new Map<string, string>();

  constructor(
    private readonly env: nunjucks.Environment,
    private readonly scope: RenderScope,
    private readonly rootPackage: string,
    private readonly compile: (source: string, name: string) => CompiledTemplate = (source, name) =>
      compileTemplate(env, source, name),
    /** dbt_project.yml `dispatch:`: macro namespace → the packages to search, in order */
    private readonly searchOrders: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {}

  /** Compiles and registers macro files in precedence order (later files win in the global namespace). */
  load(files: readonly MacroFile[]): void {
    for (const file of files) {
      const source = rewriteTestBlocks(file.source);
      let tmpl;
      try {
        tmpl = this.compile(source, file.relativePath);
      } catch (e) {
        throw syntaxError(e, file.relativePath, source);
      }
      const defined: Record<string, unknown> = {};
      runTemplate(tmpl, this.scope, defined, []);
      const ns = this.packages.get(file.packageName) ?? new Map<string, Macro>();
      this.packages.set(file.packageName, ns);
      for (const [name, value] of Object.entries(defined)) {
        if (typeof value !== "function" || !(value as Macro)[IS_MACRO]) continue;
        this.refuseDuplicate(file, name);
        ns.set(name, value as Macro);
        this.global.set(name, value as Macro);
        this.origin.set(name, file.packageName);
      }
    }
  }

  /** package and macro name → the file that defined it */
  private readonly definedIn = new Map<string, string>();

  /** dbt refuses two macros of one name in one package: which one a call meant would depend on file order. */
  private refuseDuplicate(file: MacroFile, name: string): void {
    const key = `${file.packageName}\0${name}`;
    const first = this.definedIn.get(key);
    this.definedIn.set(key, file.relativePath);
    if (first === undefined) return;
    const definition = new RegExp(`\\{%-?\\s*(?:macro|test)\\s+${name.replace(/^test_/, "(?:test_)?")}\\s*\\(`);
    const lines = file.source.split("\n");
    const index = lines.findIndex((l) => definition.test(l));
    throw new ProjectError(
      ProjectCode.duplicateName,
      `Two macros are named '${name}' in package ${file.packageName}: ${first} and ${file.relativePath}.`,
      {
        location: locate(file.relativePath, file.source, index >= 0 ? index + 1 : undefined),
        hint: "Rename or remove one of them (dbt refuses the same).",
      },
    );
  }

  /** Names under which templates see package namespaces (`dbt_utils`), built-ins also as `dbt`. */
  namespaces(): Record<string, Record<string, Macro>> {
    const out: Record<string, Record<string, Macro>> = {};
    for (const [pkg, macros] of this.packages) out[pkg] = Object.fromEntries(macros);
    out[DBT_NAMESPACE] = { ...out[BUILTIN_PACKAGE] };
    return out;
  }

  /** Packages templates may name, `dbt` included. */
  packageNames(): string[] {
    return [...new Set([...this.packages.keys(), DBT_NAMESPACE])];
  }

  /** The macro `name` as seen from `pkg`'s namespace if given, else the global one. */
  find(name: string, pkg?: string): Macro | undefined {
    return pkg === undefined ? this.global.get(name) : this.inPackage(pkg, name);
  }

  private inPackage(pkg: string, name: string): Macro | undefined {
    return this.packages.get(pkg === DBT_NAMESPACE ? BUILTIN_PACKAGE : pkg)?.get(name);
  }

  private installed(pkg: string): boolean {
    return pkg === DBT_NAMESPACE || pkg === this.rootPackage || this.packages.has(pkg);
  }

  /**
   * dbt-core's _get_search_packages: the namespace's configured search_order, else the root project then the
   * namespace when that package is installed, else (null) the names seen unqualified.
   */
  private searchOrder(namespace: string | undefined): readonly (string | null)[] {
    if (namespace === undefined) return [null];
    const configured = this.searchOrders.get(namespace);
    if (configured && configured.length > 0) return configured;
    return this.installed(namespace) ? [this.rootPackage, namespace] : [null];
  }

  /**
   * dbt's adapter.dispatch: for each package of the search order, `trino__name` then `default__name`. Unqualified
   * (null) means what dbt's flat namespace holds: the rendering node's package, the root project, then dbt's own.
   */
  dispatch(name: string, macroNamespace: string | undefined, localPackage: string): Macro {
    if (name.includes(".")) {
      const [ns, short] = [name.slice(0, name.indexOf(".")), name.slice(name.indexOf(".") + 1)];
      throw new RenderError(
        RenderCode.dispatchFailed,
        `adapter.dispatch got the macro name '${name}', but '.' cannot be part of a macro name: did you mean adapter.dispatch('${short}', macro_namespace='${ns}')?`,
        {
          hint: "Pass the package as the second argument (macro_namespace).",
        },
      );
    }
    const searched: string[] = [];
    for (const pkg of this.searchOrder(macroNamespace)) {
      for (const prefix of ADAPTER_PREFIXES) {
        const candidate = `${prefix}__${name}`;
        searched.push(pkg === null ? candidate : `${pkg}.${candidate}`);
        const m =
          pkg === null
            ? (this.inPackage(localPackage, candidate) ??
              this.inPackage(this.rootPackage, candidate) ??
              this.inPackage(DBT_NAMESPACE, candidate))
            : this.inPackage(pkg, candidate);
        if (m) return m;
      }
    }
    if (macroNamespace !== undefined && !this.installed(macroNamespace)) {
      throw new RenderError(
        RenderCode.missingPackage,
        `adapter.dispatch('${name}', '${macroNamespace}') needs the package '${macroNamespace}', which is not installed (searched ${searched.join(", ")}).`,
        {
          hint: `tform does not download dbt packages: copy the package folder into dbt_packages/${macroNamespace}/ in the project.`,
        },
      );
    }
    throw new RenderError(
      RenderCode.dispatchFailed,
      `adapter.dispatch('${name}'${macroNamespace === undefined ? "" : `, '${macroNamespace}'`}) found no macro: searched ${searched.join(", ")}.`,
      {
        hint: `Define a macro named default__${name} (or trino__${name}) in one of those packages, e.g. the project's macros/ folder.`,
      },
    );
  }
}

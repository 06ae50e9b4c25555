/**
 * Every macro of a project, compiled once and shared by all renders: built-ins (macros/ of tform),
 * vendored packages, then the project, later definitions winning in the global namespace, as in
 * Project.macros. Each package also gets a namespace (`dbt_utils.star`), and `adapter.dispatch`
 * resolves `trino__name` before `default__name`.
 */
import type nunjucks from "nunjucks";
import { RenderError } from "../errors.js";
import { BUILTIN_PACKAGE } from "../project/macro-files.js";
import type { MacroFile } from "../project/types.js";
import { compileTemplate, type CompiledTemplate } from "./jinja-environment.js";
import { IS_MACRO } from "./jinja-runtime.js";
import { rewriteTestBlocks } from "./jinja-environment.js";
import { RenderCode, syntaxError } from "./render-error.js";
import type { RenderScope } from "./render-scope.js";
import { runTemplate } from "./run-template.js";

export type Macro = ((...args: unknown[]) => unknown) & { readonly [IS_MACRO]?: true };

/** The adapter tform renders for: dispatch tries `trino__x`, then `default__x`. */
const ADAPTER_PREFIXES = ["trino", "default"] as const;
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
    private readonly compile: (source: string, name: string) => CompiledTemplate = (source, name) => compileTemplate(env, source, name),
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
        ns.set(name, value as Macro);
        this.global.set(name, value as Macro);
        this.origin.set(name, file.packageName);
      }
    }
  }

  /** Names under which templates see package namespaces (`dbt_utils`), built-ins also as `dbt`. */
  namespaces(): Record<string, Record<string, Macro>> {
    const out: Record<string, Record<string, Macro>> = {};
    for (const [pkg, macros] of this.packages) out[pkg] = Object.fromEntries(macros);
    out.dbt = { ...out[BUILTIN_PACKAGE] };
    return out;
  }

  packageNames(): string[] {
    return [...this.packages.keys()];
  }

  /** The macro `name` as seen from `pkg`'s namespace if given, else the global one. */
  find(name: string, pkg?: string): Macro | undefined {
    return pkg === undefined ? this.global.get(name) : this.packages.get(pkg)?.get(name);
  }

  /** dbt's adapter.dispatch: project first, then the named package, built-ins, anything else. */
  dispatch(name: string, macroNamespace?: string): Macro {
    const order = [this.rootPackage, macroNamespace, BUILTIN_PACKAGE].filter((p): p is string => p !== undefined);
    for (const prefix of ADAPTER_PREFIXES) {
      const candidate = `${prefix}__${name}`;
      for (const pkg of order) {
        const m = this.packages.get(pkg)?.get(candidate);
        if (m) return m;
      }
      const anywhere = this.global.get(candidate);
      if (anywhere) return anywhere;
    }
    const missingPackage = macroNamespace !== undefined && !this.packages.has(macroNamespace);
    throw new RenderError(
      missingPackage ? RenderCode.missingPackage : RenderCode.dispatchFailed,
      missingPackage
        ? `adapter.dispatch('${name}', '${macroNamespace}') needs the package '${macroNamespace}', which is not installed.`
        : `adapter.dispatch('${name}') found neither trino__${name} nor default__${name}.`,
      {
        hint: missingPackage
          ? `tform does not download dbt packages: copy the package folder into dbt_packages/${macroNamespace}/ in the project.`
          : `Define a macro named default__${name} (or trino__${name}) in the project's macros/ folder.`,
      },
    );
  }
}

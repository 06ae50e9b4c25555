/** Renders a compiled template synchronously inside a scope: the single place templates are executed. */
import nunjucks from "nunjucks";
import type { CompiledTemplate } from "./jinja-environment.js";
import { NeedsQuery } from "./needs-query.js";
import { renderError } from "./render-error.js";
import type { RenderScope } from "./render-scope.js";

const Frame = (nunjucks.runtime as unknown as { Frame: new () => unknown }).Frame;

export function runTemplate(tmpl: CompiledTemplate, scope: RenderScope, vars: Record<string, unknown>, knownPackages: readonly string[]): string {
  return scope.enter(vars, () => {
    let failure: unknown;
    let output = "";
    tmpl.root(scope.env, scope, new Frame(), tmpl.runtime, (err, out) => {
      failure = err;
      output = out ?? "";
    });
    if (failure && (failure as { cause?: unknown }).cause instanceof NeedsQuery) throw (failure as { cause: NeedsQuery }).cause;
    if (failure) throw renderError(failure, tmpl.name, tmpl.source, knownPackages);
    return output;
  });
}

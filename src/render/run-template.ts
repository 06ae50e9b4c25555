/** Renders a compiled template synchronously inside a scope: the single place templates are executed. */
import nunjucks from "nunjucks";
import type { CompiledTemplate } from "./jinja-environment.js";
import { NeedsQuery } from "./needs-query.js";
import { renderError } from "./render-error.js";
import type { RenderScope } from "./render-scope.js";

const Frame = (nunjucks.runtime as unknown as { Frame: new () => { topLevel: boolean } }).Frame;

export function runTemplate(
  tmpl: CompiledTemplate,
  scope: RenderScope,
  vars: Record<string, unknown>,
  knownPackages: readonly string[],
): string {
  return scope.enter(vars, () => {
    let failure: unknown;
    let output = "";
    // as nunjucks' Template.render: top-level `{% set %}` also lands in the context (read back by evaluate())
    const frame = new Frame();
    frame.topLevel = true;
    tmpl.root(scope.env, scope, frame, tmpl.runtime, (err, out) => {
      failure = err;
      output = out ?? "";
    });
    if (failure && (failure as { cause?: unknown }).cause instanceof NeedsQuery)
      throw (failure as { cause: NeedsQuery }).cause;
    if (failure) throw renderError(failure, tmpl.name, tmpl.source, knownPackages);
    return output;
  });
}

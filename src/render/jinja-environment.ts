/**
 * One nunjucks Environment per project, configured as dbt's Jinja: no HTML autoescaping, `{% do %}`,
 * Jinja filters, tests and globals nunjucks lacks, and compilation of templates with tform's Jinja2
 * parser and compiler (render/jinja/) to tform's runtime.
 */
import nunjucks from "nunjucks";
import { DoExtension } from "./do-extension.js";
import { compileJinja } from "./jinja/jinja-compiler.js";
import { templateText } from "./jinja/jinja-tokenizer.js";
import { addJinjaFilters } from "./jinja-filters.js";
import { runtimeFor, type JinjaRuntime } from "./jinja-runtime.js";
import { addJinjaTests } from "./jinja-tests.js";
import { dict, namespace } from "./python-operators.js";

export type RootRenderFn = (
  env: nunjucks.Environment,
  context: unknown,
  frame: unknown,
  runtime: JinjaRuntime,
  cb: (err: unknown, out?: string) => void,
) => void;

/** A template compiled once and rendered any number of times (parse time, run time). */
export interface CompiledTemplate {
  /** file path relative to the project root, used in error locations */
  readonly name: string;
  readonly source: string;
  readonly root: RootRenderFn;
  readonly runtime: JinjaRuntime;
}

export function createJinjaEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment([], { autoescape: false, throwOnUndefined: false });
  env.addExtension("DoExtension", new DoExtension());
  addJinjaFilters(env);
  addJinjaTests(env);
  env.addGlobal("namespace", namespace);
  env.addGlobal("dict", dict);
  return env;
}

/**
 * dbt's `{% test name(args) %}…{% endtest %}` defines the macro `test_name`; rewriting the tags in place
 * keeps every line number where it was.
 */
export function rewriteTestBlocks(source: string): string {
  if (!source.includes("test")) return source;
  return source
    .replace(/\{%(-?)(\s*)test(\s+)([A-Za-z_]\w*)(\s*)\(/g, "{%$1$2macro$3test_$4$5(")
    .replace(/\{%(-?)(\s*)endtest(\s*)(-?)%\}/g, "{%$1$2endmacro$3$4%}");
}

/** Generates the template's JavaScript (syntax errors are nunjucks TemplateErrors with a line). */
export function compileTemplateCode(env: nunjucks.Environment, source: string, name: string): string {
  return compileJinja(source, name, env);
}

/** What generated code returns when run. */
export interface TemplateProps {
  readonly root: RootRenderFn;
}

export function templateFromProps(props: TemplateProps, source: string, name: string): CompiledTemplate {
  return { name, source, root: props.root, runtime: runtimeFor(name) };
}

export function compileTemplate(env: nunjucks.Environment, source: string, name: string): CompiledTemplate {
  return templateFromProps(new Function(compileTemplateCode(env, source, name))() as TemplateProps, source, name);
}

/** A template without any Jinja renders as itself, with Jinja2's line endings. */
export function plainTemplate(source: string, name: string): CompiledTemplate {
  const text = templateText(source);
  return templateFromProps({ root: (_env, _context, _frame, _runtime, cb) => cb(null, text) }, source, name);
}

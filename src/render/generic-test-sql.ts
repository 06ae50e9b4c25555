/**
 * A generic test (YAML `tests:`/`data_tests:`) rendered as dbt does: the `test_<name>` macro called with
 * `model` (get_where_subquery of the tested relation), `column_name` and the YAML arguments, where
 * strings such as "ref('customers')" are evaluated as Jinja.
 */
import { RenderError } from "../errors.js";
import type { GenericTestNode } from "../project/types.js";
import { DBT_NAMESPACE, type Macro } from "./macro-registry.js";
import type { ProjectRenderer } from "./project-renderer.js";
import { relationOfNode, type RenderMode, type RenderSubject, type RenderTrace } from "./render-context.js";
import { RenderCode } from "./render-error.js";

const JINJA_CALL = /^\s*(ref|source|var|env_var)\s*\(.*\)\s*$/s;

function testMacroName(test: GenericTestNode): { name: string; pkg?: string } {
  const [first, second] = test.testName.split(".");
  if (second !== undefined) return { name: second, pkg: first };
  return { name: first!, pkg: test.testNamespace };
}

const isJinja = (v: unknown): boolean =>
  typeof v === "string" && (JINJA_CALL.test(v) || v.includes("{{") || v.includes("{%"));

/** Whether any argument or the `where` config is Jinja (then parse time must render it to find dependencies). */
export function hasJinjaArgument(test: GenericTestNode): boolean {
  return (
    isJinja(test.config.where) ||
    Object.values(test.kwargs).some((v) => (Array.isArray(v) ? v.some(isJinja) : isJinja(v)))
  );
}

/** The test's macro, or a located error naming the unknown test or the missing package. */
export function checkGenericTest(renderer: ProjectRenderer, test: GenericTestNode): Macro {
  const file = test.location.file;
  const { name, pkg } = testMacroName(test);
  const macro = renderer.macros.find(`test_${name}`, pkg);
  if (!macro) {
    if (pkg && !renderer.macros.packageNames().includes(pkg))
      renderer.macroOrThrow(`test_${name}`, pkg, file, test.location.line);
    throw new RenderError(
      RenderCode.unknownTest,
      `Unknown generic test '${pkg ? `${pkg}.` : ""}${name}' (${file}:${test.location.line ?? "?"}).`,
      {
        location: test.location,
        hint: `Built-in tests are not_null, unique, accepted_values and relationships; define others with {% test ${name}(model, column_name) %}…{% endtest %} in macros/ or tests/generic/.`,
      },
    );
  }
  return macro;
}

/** Whether the project or a package replaces get_where_subquery (or what it dispatches to) for tests of `pkg`. */
function overridesWhereSubquery(renderer: ProjectRenderer, pkg: string): boolean {
  const { macros } = renderer;
  return (
    macros.find("get_where_subquery") !== macros.find("get_where_subquery", DBT_NAMESPACE) ||
    macros.dispatch("get_where_subquery", DBT_NAMESPACE, pkg) !==
      macros.find("default__get_where_subquery", DBT_NAMESPACE)
  );
}

export function renderGenericTest(
  renderer: ProjectRenderer,
  test: GenericTestNode,
  subject: RenderSubject,
  mode: RenderMode,
  trace: RenderTrace,
): string {
  const file = test.location.file;
  const macro = checkGenericTest(renderer, test);
  const evaluate = (value: unknown): unknown => {
    if (typeof value !== "string") return value;
    if (JINJA_CALL.test(value)) return renderer.evaluate(value, file, subject, mode, trace);
    if (value.includes("{{") || value.includes("{%"))
      return renderer.render(renderer.snippet(value, file), subject, mode, trace).sql;
    return value;
  };
  const kwargs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(test.kwargs)) kwargs[k] = Array.isArray(v) ? v.map(evaluate) : evaluate(v);

  // as dbt: the test reads the model through get_where_subquery, which applies config `where` (its Jinja rendered first)
  const where = typeof subject.config.where === "string" ? String(evaluate(subject.config.where)) : undefined;
  const model = relationOfNode(renderer, test.attachedTo, mode, trace);
  if (overridesWhereSubquery(renderer, test.packageName)) {
    const filtered: RenderSubject =
      where === undefined ? subject : { ...subject, config: { ...subject.config, where } };
    kwargs.model = renderer.callMacro(
      renderer.macroOrThrow("get_where_subquery", undefined, file),
      [model],
      {},
      filtered,
      mode,
      trace,
      file,
    );
  } else {
    // tform's built-in get_where_subquery, without a render per test
    kwargs.model = where ? `(select * from ${model.render()} where ${where}) dbt_subquery` : model;
  }
  if (test.columnName !== undefined) kwargs.column_name = test.columnName;
  return String(renderer.callMacro(macro, [], kwargs, subject, mode, trace, file)).trim();
}

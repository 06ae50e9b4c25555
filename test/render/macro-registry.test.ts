import { describe, expect, it } from "vitest";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import type { DispatchConfig } from "../../src/project/types.js";
import { model, project, runContext, target, type ProjectSpec } from "./project-builder.js";

/** The package `util` and the project `shop` as in the dbt project these expectations were checked against (dbt-core 1.11). */
const UTIL = {
  source: `{% macro trino__greet() %}util-trino{% endmacro %}
{% macro default__greet() %}util-default{% endmacro %}
{% macro default__only_util() %}util-only{% endmacro %}
{% macro default__shadow() %}util-shadow{% endmacro %}
{% macro default__type_string() %}util-string{% endmacro %}`,
  packageName: "util",
};
const SHOP = `{% macro default__greet() %}root-default{% endmacro %}
{% macro default__shadow() %}root-shadow{% endmacro %}`;

async function render(
  sql: string,
  dispatch?: DispatchConfig[],
  macros: ProjectSpec["macros"] = { "dbt_packages/util/macros/m.sql": UTIL, "macros/m.sql": SHOP },
): Promise<string> {
  const p = project({ models: [model("m", sql)], macros });
  const parsed = await parseProject({ ...p, config: { ...p.config, dispatch } }, target, { cache: false });
  return (await compileNode(parsed, "model.shop.m", runContext)).compiledSql;
}

describe("adapter.dispatch search order (dbt-core's)", () => {
  it("searches the root project, then the package, each with trino__ before default__", async () => {
    // the root project's default__ wins over the package's trino__: packages are searched one after the other
    expect(
      await render(
        "{{ adapter.dispatch('greet', 'util')() }}|{{ adapter.dispatch('shadow', 'util')() }}|{{ adapter.dispatch('only_util', 'util')() }}",
      ),
    ).toBe("root-default|root-shadow|util-only");
  });

  it("follows dbt_project.yml dispatch: search_order for the namespace", async () => {
    const dispatch = [
      { macroNamespace: "util", searchOrder: ["util", "shop"] },
      { macroNamespace: "dbt", searchOrder: ["shop", "util", "dbt"] },
    ];
    expect(
      await render(
        "{{ adapter.dispatch('greet', 'util')() }}|{{ adapter.dispatch('shadow', 'util')() }}|{{ dbt.type_string() }}|{{ type_string() }}",
        dispatch,
      ),
    ).toBe("util-trino|util-shadow|util-string|util-string");
  });

  it("reaches tform's built-ins as the dbt namespace, after the root project's overrides", async () => {
    expect(await render("{{ adapter.dispatch('type_string', 'dbt')() }} {{ dbt.type_int() }}")).toBe("varchar integer");
    const overridden = { "macros/types.sql": "{% macro default__type_string() %}string{% endmacro %}" };
    expect(await render("{{ dbt.type_string() }} {{ type_string() }}", undefined, overridden)).toBe("string string");
  });

  it("searches what templates see unqualified when the namespace is not installed: node package, root project, dbt", async () => {
    expect(
      await render("{{ adapter.dispatch('shadow', 'nopkg')() }}|{{ adapter.dispatch('type_string', 'nopkg')() }}"),
    ).toBe("root-shadow|varchar");
  });

  it("without a namespace, does not look inside other packages, as dbt", async () => {
    await expect(render("{{ adapter.dispatch('only_util')() }}")).rejects.toThrow(
      "adapter.dispatch('only_util') found no macro: searched trino__only_util, default__only_util",
    );
  });

  it("says which packages it searched, and when the namespace's package is missing", async () => {
    await expect(render("{{ adapter.dispatch('nothing', 'util')() }}")).rejects.toThrow(
      "searched shop.trino__nothing, shop.default__nothing, util.trino__nothing, util.default__nothing",
    );
    await expect(render("{{ adapter.dispatch('nothing', 'nopkg')() }}")).rejects.toThrow(
      "needs the package 'nopkg', which is not installed",
    );
  });

  it("rejects a dotted macro name with the call dbt suggests", async () => {
    await expect(render("{{ adapter.dispatch('util.greet')() }}")).rejects.toThrow(
      "did you mean adapter.dispatch('greet', macro_namespace='util')?",
    );
  });
});

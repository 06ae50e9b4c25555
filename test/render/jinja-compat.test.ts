import { describe, expect, it } from "vitest";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { model, project, runContext, target, type ProjectSpec } from "./project-builder.js";

/** Renders one model's SQL at run time inside a project with the given macros. */
async function render(sql: string, spec: Omit<ProjectSpec, "models"> = {}): Promise<string> {
  const parsed = await parseProject(project({ ...spec, models: [model("m", sql)] }), target, { cache: false });
  return (await compileNode(parsed, "model.shop.m", runContext)).compiledSql;
}

describe("Jinja compatibility of the renderer", () => {
  it("supports {% do %} for side effects", async () => {
    expect(await render("{% set xs = [] %}{% do xs.append(1) %}{% do xs.append(2) %}{{ xs | join(',') }}")).toBe("1,2");
  });

  it("returns lists, dicts, strings and numbers from macros with return()", async () => {
    const macros = {
      "macros/r.sql": `{% macro a_list() %}{{ return(['a', 'b']) }}{% endmacro %}
{% macro a_dict() %}{% do return({'k': 'v'}) %}{% endmacro %}
{% macro a_string() %}ignored{{ return('s') }}{% endmacro %}
{% macro a_number() %}{{ return(40 + 2) }}{% endmacro %}
{% macro early(x) %}{% if x %}{{ return('yes') }}{% endif %}{{ return('no') }}{% endmacro %}`,
    };
    expect(
      await render(
        "{% set l = a_list() %}{{ l | length }}{{ l[1] }}|{{ a_dict().k }}|{{ a_string() }}|{{ a_number() + 1 }}|{{ early(true) }}{{ early(false) }}",
        { macros },
      ),
    ).toBe("2b|v|s|43|yesno");
  });

  it("supports {% call %} with caller() and set blocks", async () => {
    const macros = { "macros/w.sql": "{% macro wrap(name) %}<{{ name }}:{{ caller() }}>{% endmacro %}" };
    expect(
      await render("{% call wrap('x') %}inner{% endcall %}{% set b %}block{% endset %}[{{ b }}]", { macros }),
    ).toBe("<x:inner>[block]");
  });

  it("handles loop.last, whitespace control and comments with dashes", async () => {
    const sql =
      "{% set cols = ['a', 'b', 'c'] %}select {% for c in cols -%}\n  {{ c }}{% if not loop.last %},{% endif %}\n{%- endfor %}\n{#- gone -#}\nfrom t";
    expect(await render(sql)).toBe("select a,b,cfrom t");
  });

  it("keeps {% raw %} blocks verbatim", async () => {
    expect(await render("{% raw %}{{ not_rendered }}{% endraw %}")).toBe("{{ not_rendered }}");
  });

  it("has Jinja filters nunjucks lacks: map(attribute=), selectattr with a test, rejectattr, tojson, unique, list", async () => {
    const sql = `{% set cols = [{'name': 'a', 'pk': true}, {'name': 'b', 'pk': false}, {'name': 'a', 'pk': false}] %}{{ cols | map(attribute='name') | unique | join(',') }}|{{ cols | selectattr('pk') | map(attribute='name') | list | length }}|{{ cols | selectattr('name', 'equalto', 'b') | map(attribute='name') | first }}|{{ cols | rejectattr('pk') | length }}|{{ {'x': 1} | tojson }}|{{ ['b','a'] | map('upper') | join }}`;
    expect(await render(sql)).toBe('a,b|1|b|2|{"x":1}|BA');
  });

  it("has Python string methods", async () => {
    const sql = `{{ 'Ab'.upper() }} {{ 'Ab'.lower() }} [{{ '  s  '.strip() }}] {{ 'a,b,c'.split(',')[2] }} {{ 'a-a'.replace('-', '_').replace('a', 'b') }} {{ 'abc'.startswith('ab') }} {{ 'x{}y{}'.format(1, 2) }} {{ '{name}!'.format(name='hi') }}`;
    expect(await render(sql)).toBe("AB ab [s] c b_b True x1y2 hi!");
  });

  it("has the tests `is none` / `is not none`", async () => {
    expect(await render("{% set x = none %}{% if x is none %}N{% endif %}{% if 1 is not none %}S{% endif %}")).toBe(
      "NS",
    );
  });

  it("exposes modules.datetime and run_started_at with strftime / isoformat", async () => {
    expect(
      await render(
        "{{ run_started_at.strftime('%Y-%m-%d %H') }}|{{ run_started_at.isoformat() }}|{{ modules.datetime.datetime.now().year > 2000 }}",
      ),
    ).toBe("2024-05-06 07|2024-05-06T07:08:09.000+00:00|True");
  });

  it("has zip and range", async () => {
    expect(
      await render(
        "{% for a, b in zip([1,2], ['x','y']) %}{{ a }}{{ b }}{% endfor %}{% for i in range(3) %}{{ i }}{% endfor %}",
      ),
    ).toBe("1x2y012");
  });

  it("supports {% test %} blocks in macro files as test_<name> macros", async () => {
    const macros = {
      "macros/t.sql":
        "{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} < 0{% endtest %}",
    };
    expect(await render("{{ test_positive('tbl', 'x') }}", { macros })).toBe("select * from tbl where x < 0");
  });
});

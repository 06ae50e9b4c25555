import { describe, expect, it } from "vitest";
import { RenderError, type TformError } from "../../src/errors.js";
import { compileNode } from "../../src/render/compile-node.js";
import { parseProject } from "../../src/render/parse-project.js";
import { model, project, runContext, target, type ProjectSpec } from "./project-builder.js";

async function failure(
  sql: string,
  spec: Omit<ProjectSpec, "models"> & { models?: ProjectSpec["models"] } = {},
): Promise<TformError> {
  try {
    const parsed = await parseProject(
      project({ ...spec, models: [...(spec.models ?? []), model("bad", sql)] }),
      target,
      { cache: false },
    );
    await compileNode(parsed, "model.shop.bad", runContext);
  } catch (e) {
    expect(e).toBeInstanceOf(RenderError);
    return e as TformError;
  }
  throw new Error("expected a RenderError");
}

describe("render errors are located and say what to do", () => {
  it("Jinja syntax error: TF201 with file, line, column and the offending line", async () => {
    const e = await failure("select 1\nfrom t\n{% if x %}\nwhere {{ y }\n");
    expect(e.code).toBe("TF201");
    expect(e.location).toMatchObject({ file: "models/bad.sql", line: 4 });
    expect(e.location?.excerpt).toBe("where {{ y }");
    expect(e.node).toBe("model.shop.bad");
  });

  it("ref to a model the loader disabled: TF202 saying it is disabled", async () => {
    const off = model("old_orders", "select 1", { enabled: false });
    try {
      const p = { ...project({ models: [model("bad", "select * from {{ ref('old_orders') }}")] }), disabled: [off] };
      await parseProject(p, target, { cache: false });
      expect.unreachable("a ref to a disabled model must fail");
    } catch (e) {
      expect((e as TformError).code).toBe("TF202");
      expect((e as TformError).message).toContain("disabled");
    }
  });

  it("unknown ref: TF202 at the line, suggesting close names", async () => {
    const e = await failure("select 1\nfrom {{ ref('custmers') }}", { models: [model("customers", "select 1")] });
    expect(e.code).toBe("TF202");
    expect(e.location).toMatchObject({ file: "models/bad.sql", line: 2, excerpt: "from {{ ref('custmers') }}" });
    expect(e.hint).toContain("ref('customers')");
  });

  it("unknown source: TF203 naming the source and table", async () => {
    const e = await failure("select * from {{ source('raw', 'nope') }}");
    expect(e.code).toBe("TF203");
    expect(e.message).toContain("source('raw', 'nope')");
    expect(e.location?.line).toBe(1);
  });

  it("undefined macro: TF204 naming the macro", async () => {
    const e = await failure("select\n  {{ cents_to_dollars('x') }}");
    expect(e.code).toBe("TF204");
    expect(e.message).toContain("cents_to_dollars");
    expect(e.location).toMatchObject({ file: "models/bad.sql", line: 2 });
  });

  it("a macro of a package that is not vendored: TF205 naming the package and dbt_packages/", async () => {
    const e = await failure("select {{ dbt_utils.star(ref('a')) }}", { models: [model("a", "select 1")] });
    expect(e.code).toBe("TF205");
    expect(e.message).toContain("dbt_utils");
    expect(e.hint).toContain("dbt_packages/dbt_utils");
  });

  it("a database construct while compiling offline: TF206 naming it and `tform run`", async () => {
    const e = await failure("{% set r = run_query('select 1') %}\nselect 1");
    expect(e.code).toBe("TF206");
    expect(e.message).toContain("run_query");
    expect(e.hint).toContain("tform run");
    expect(e.location?.line).toBe(1);
  });

  it("an unsupported Jinja tag: TF206 naming the tag", async () => {
    const e = await failure("{% materialization foo, default %}{% endmaterialization %}");
    expect(e.code).toBe("TF206");
    expect(e.message).toContain("{% materialization %}");
  });

  it("a missing var without default: TF207 naming the var", async () => {
    const e = await failure("select 1\nwhere ds = '{{ var(\"run_date\") }}'");
    expect(e.code).toBe("TF207");
    expect(e.message).toContain("run_date");
    expect(e.location?.line).toBe(2);
  });

  it("exceptions.raise_compiler_error inside a macro: TF209 at the model's line, naming the macro file line", async () => {
    const macros = {
      "macros/check.sql":
        "{% macro check(x) %}\n  {% if not x %}\n    {{ exceptions.raise_compiler_error('x is required') }}\n  {% endif %}\n{% endmacro %}",
    };
    const e = await failure("select 1\n{{ check(false) }}", { macros });
    expect(e.code).toBe("TF209");
    expect(e.message).toContain("x is required");
    expect(e.message).toContain("macros/check.sql:3");
    expect(e.location).toMatchObject({ file: "models/bad.sql", line: 2 });
  });
});

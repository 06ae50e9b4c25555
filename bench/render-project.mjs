// Generates an in-memory project of N small models shaped like real ones (config(), {% set %}, a
// {% for %} loop, 1–3 refs or a source), 100 per folder, two generic tests per model: the renderer's
// benchmark input. Used by bench/render.mjs.

const cfg = (over = {}) => ({ enabled: true, materialized: "view", tags: [], pre_hook: [], post_hook: [], ...over });

export function generateProject(count, name = "bench") {
  const models = [];
  const tests = [];
  const sources = [];
  for (let f = 0; f < Math.ceil(count / 100); f++) {
    sources.push({ uniqueId: `source.${name}.raw.t${f}`, resourceType: "source", sourceName: "raw", name: `t${f}`, identifier: `t${f}`, schema: "raw", description: "", columns: [], originalFilePath: "models/sources.yml", location: { file: "models/sources.yml" }, fqn: [name, "raw", `t${f}`] });
  }
  for (let i = 0; i < count; i++) {
    const folder = `f${Math.floor(i / 100)}`;
    const m = `m${i}`;
    let from;
    if (i % 100 === 0) from = `{{ source('raw', 't${Math.floor(i / 100)}') }}`;
    else if (i % 7 === 0 && i > 3) from = `{{ ref('m${i - 1}') }} a join {{ ref('m${i - 2}') }} b using (id) join {{ ref('m${i - 3}') }} c using (id)`;
    else from = `{{ ref('m${i - 1}') }}`;
    const rawCode = `{{ config(materialized='${i % 3 === 0 ? "table" : "view"}', tags=['${folder}']) }}
{% set cols = ['id', 'amount'] %}
select {% for c in cols %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}, '${m}' as src
from ${from}
`;
    models.push({ uniqueId: `model.${name}.${m}`, name: m, resourceType: "model", packageName: name, originalFilePath: `models/${folder}/${m}.sql`, fqn: [name, folder, m], description: "", config: cfg({ schema: folder }), rawCode, columns: [] });
    for (const t of ["not_null", "unique"]) {
      tests.push({ uniqueId: `test.${name}.${t}_${m}_id`, name: `${t}_${m}_id`, resourceType: "test", testKind: "generic", testName: t, packageName: name, originalFilePath: `models/${folder}/schema.yml`, fqn: [name, folder, `${t}_${m}_id`], description: "", config: cfg({ materialized: "test", severity: "error" }), kwargs: {}, columnName: "id", attachedTo: `model.${name}.${m}`, location: { file: `models/${folder}/schema.yml` } });
    }
  }
  return {
    root: "/tmp/bench-project",
    config: { name, profile: name, modelPaths: ["models"], seedPaths: [], macroPaths: [], testPaths: [], docsPaths: [], targetPath: "target", vars: {}, onRunStart: [], onRunEnd: [] },
    models, seeds: [], sources, tests, macros: [], docs: [], warnings: [],
  };
}

export const benchTarget = { name: "dev", profileName: "bench", type: "trino", host: "localhost", port: 8080, httpScheme: "http", user: "bench", catalog: "lake", schema: "analytics", threads: 4, sessionProperties: {} };

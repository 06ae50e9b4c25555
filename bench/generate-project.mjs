// Writes a dbt project of N models to a folder, shaped like real ones: 100 models per folder, chains
// and fan-ins of ref(), a source per folder, config(), {% set %} + {% for %}, a project macro, an
// incremental model per folder, a seed, and one schema.yml per folder with tests.
//   node bench/generate-project.mjs DIR COUNT
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";

const PER_FOLDER = 100;

function modelSql(i) {
  const folder = Math.floor(i / PER_FOLDER);
  const inFolder = i % PER_FOLDER;
  const incremental = inFolder === 50;
  const lines = [];
  lines.push(incremental
    ? `{{ config(materialized='incremental', unique_key='id', tags=['f${folder}', 'incremental']) }}`
    : `{{ config(materialized='${i % 3 === 0 ? "table" : "view"}', tags=['f${folder}']) }}`);
  lines.push(`{% set cols = ['id', 'amount', 'status'] %}`);
  let from;
  if (inFolder === 0) from = `{{ source('raw', 't${folder}') }}`;
  else if (inFolder % 10 === 0 && i >= 2 * PER_FOLDER) {
    // fan-in: the previous model plus models from two earlier folders
    from = `{{ ref('m${i - 1}') }} a\njoin {{ ref('m${i - PER_FOLDER}') }} b using (id)\njoin {{ ref('m${i - 2 * PER_FOLDER + 7}') }} c using (id)`;
  } else if (inFolder === 99) from = `{{ ref('m${i - 1}') }} a\njoin {{ ref('countries') }} k on a.status = k.code`;
  else from = `{{ ref('m${i - 1}') }}`;
  lines.push("select");
  lines.push("  {% for c in cols %}");
  lines.push("  {{ c }}{% if not loop.last %},{% endif %}");
  lines.push("  {% endfor %},");
  lines.push(`  {{ cents_to_dollars('amount') }} as amount_usd,`);
  lines.push(`  'm${i}' as model_name`);
  lines.push(`from ${from}`);
  if (incremental) lines.push("{% if is_incremental() %}\nwhere id > (select max(id) from {{ this }})\n{% endif %}");
  return `${lines.join("\n")}\n`;
}

function schemaYml(folder, first, last) {
  const out = ["version: 2", "models:"];
  for (let i = first; i < last; i++) {
    out.push(`  - name: m${i}`, `    description: "Model ${i} of folder ${folder}"`, "    columns:");
    out.push("      - name: id", "        data_tests:", "          - not_null", "          - unique");
    if (i % 10 === 5) {
      out.push("      - name: status", "        data_tests:", "          - accepted_values:", "              values: ['open', 'closed']");
    }
    if (i % 25 === 1) {
      out.push("      - name: amount", "        data_tests:", `          - relationships:`, `              to: ref('m${i - 1}')`, "              field: amount");
    }
  }
  return `${out.join("\n")}\n`;
}

export async function generateProject(dir, count) {
  await rm(dir, { recursive: true, force: true });
  const folders = Math.ceil(count / PER_FOLDER);
  await mkdir(path.join(dir, "macros"), { recursive: true });
  await mkdir(path.join(dir, "seeds"), { recursive: true });
  const files = [
    ["dbt_project.yml", `name: bench\nversion: "1.0.0"\nprofile: bench\nmodel-paths: ["models"]\nseed-paths: ["seeds"]\nmacro-paths: ["macros"]\nmodels:\n  bench:\n    +materialized: view\n`],
    ["profiles.yml", "bench:\n  target: dev\n  outputs:\n    dev:\n      type: trino\n      host: localhost\n      port: 8080\n      user: bench\n      database: lake\n      schema: bench\n      threads: 4\n"],
    ["macros/cents_to_dollars.sql", "{% macro cents_to_dollars(column) %}({{ column }} / 100.0){% endmacro %}\n"],
    ["seeds/countries.csv", "code,name\nopen,Open\nclosed,Closed\n"],
  ];
  const sources = ["version: 2", "sources:", "  - name: raw", "    schema: raw", "    tables:"];
  for (let f = 0; f < folders; f++) sources.push(`      - name: t${f}`);
  files.push(["models/sources.yml", `${sources.join("\n")}\n`]);
  for (let f = 0; f < folders; f++) {
    const first = f * PER_FOLDER;
    const last = Math.min(count, first + PER_FOLDER);
    await mkdir(path.join(dir, "models", `f${f}`), { recursive: true });
    for (let i = first; i < last; i++) files.push([`models/f${f}/m${i}.sql`, modelSql(i)]);
    files.push([`models/f${f}/schema.yml`, schemaYml(f, first, last)]);
  }
  for (let i = 0; i < files.length; i += 256) {
    await Promise.all(files.slice(i, i + 256).map(([p, content]) => writeFile(path.join(dir, p), content)));
  }
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count) {
    console.error("usage: node bench/generate-project.mjs DIR COUNT");
    process.exit(64);
  }
  await generateProject(path.resolve(dir), Number(count));
  console.log(`wrote ${count} models to ${dir}`);
}

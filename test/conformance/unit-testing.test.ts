/**
 * dbt-tests-adapter's `unit_testing/` functional tests for tform, on the REST sandbox: test_case_insensitivity,
 * test_invalid_input, test_types (with Trino's literals for the types), the varchar no-truncation regression and
 * test_quoted_reserved_word_column_names (csv fixture files), with tform's own fixtures and the same commands.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConformanceProject, type ProjectFiles } from "./conformance-project.js";

let project: ConformanceProject | undefined;
const open = (spec: ProjectFiles): ConformanceProject => (project = new ConformanceProject(spec));
afterEach(async () => {
  await project?.cleanUp();
  project = undefined;
});

const myModel = "select\n    tested_column from {{ ref('my_upstream_model')}}\n";
const upstream = (value: string): string => `select\n  ${value} as tested_column\n`;
const oneRowTest = (value: string): string =>
  `unit_tests:\n  - name: test_my_model\n    model: my_model\n    given:\n      - input: ref('my_upstream_model')\n        rows:\n          - { tested_column: ${value} }\n    expect:\n      rows:\n        - { tested_column: ${value} }\n`;

describe("dbt adapter conformance: unit testing", () => {
  it("case insensitivity: fixture and expected columns match whatever their case", async () => {
    const p = open({
      name: "unit_case_insensitivity",
      files: {
        "models/my_model.sql": myModel,
        "models/my_upstream_model.sql": upstream("1"),
        "models/unit_tests.yml":
          "unit_tests:\n  - name: test_my_model\n    model: my_model\n    given:\n      - input: ref('my_upstream_model')\n        rows:\n          - {tested_column: 1}\n          - {TESTED_COLUMN: 2}\n          - {tested_colUmn: 3}\n    expect:\n      rows:\n          - {tested_column: 1}\n          - {TESTED_COLUMN: 2}\n          - {tested_colUmn: 3}\n",
      },
    });
    expect((await p.run(["run"])).results).toHaveLength(2);
    const tested = await p.run(["test"]);
    expect(tested.results.map((r) => [r.unique_id, r.status])).toEqual([
      ["unit_test.unit_case_insensitivity.my_model.test_my_model", "pass"],
    ]);
  });

  it("invalid input: a column the input or the model does not have is an error naming it", async () => {
    const p = open({
      name: "unit_invalid_input",
      files: {
        "models/my_model.sql": myModel,
        "models/my_upstream_model.sql": upstream("1"),
        "models/unit_tests.yml":
          "unit_tests:\n  - name: test_invalid_input_column_name\n    model: my_model\n    given:\n      - input: ref('my_upstream_model')\n        rows:\n          - {invalid_column_name: 1}\n    expect:\n      rows:\n          - {tested_column: 1}\n  - name: test_invalid_expect_column_name\n    model: my_model\n    given:\n      - input: ref('my_upstream_model')\n        rows:\n          - {tested_column: 1}\n    expect:\n      rows:\n          - {invalid_column_name: 1}\n",
      },
    });
    expect((await p.run(["run"])).results).toHaveLength(2);
    const input = await p.run(["test", "--select", "test_name:test_invalid_input_column_name"], { expectPass: false });
    expect(input.output).toContain(
      "Invalid column name: 'invalid_column_name' in unit test fixture for 'my_upstream_model'.",
    );
    const expected = await p.run(["test", "--select", "test_name:test_invalid_expect_column_name"], {
      expectPass: false,
    });
    expect(expected.output).toContain(
      "Invalid column name: 'invalid_column_name' in unit test fixture for expected output.",
    );
  });

  it("types: fixture values are cast to the upstream's column types (Trino's literals for dbt's list; Iceberg keeps timestamps at precision 6)", async () => {
    const p = open({
      name: "unit_types",
      files: {
        "models/my_model.sql": myModel,
        "models/my_upstream_model.sql": upstream("1"),
        "models/schema.yml": oneRowTest("1"),
      },
    });
    const types: [string, string][] = [
      ["1", "1"],
      ["'1'", "1"],
      ["true", "true"],
      ["DATE '2020-01-02'", "2020-01-02"],
      ["TIMESTAMP '2013-11-03 00:00:00.000000'", "2013-11-03 00:00:00"],
      ["TIMESTAMP '2013-11-03 00:00:00.000000 UTC'", "2013-11-03 00:00:00 UTC"],
      ["CAST('1' AS decimal(10, 2))", "1"],
      ["DOUBLE '7.77'", "7.77"],
    ];
    for (const [sqlValue, yamlValue] of types) {
      writeFileSync(join(p.dir, "models/my_upstream_model.sql"), upstream(sqlValue));
      writeFileSync(join(p.dir, "models/schema.yml"), oneRowTest(yamlValue));
      expect((await p.run(["run", "--select", "my_upstream_model"])).results).toHaveLength(1);
      const tested = await p.run(["test", "--select", "my_model"]);
      expect(
        tested.results.map((r) => r.status),
        `${sqlValue} as ${yamlValue}`,
      ).toEqual(["pass"]);
    }
  });

  it("varchar fixture values are not cut to the upstream column's length (dbt-core GH-11974)", async () => {
    const p = open({
      name: "unit_varchar_length",
      files: {
        "models/my_model.sql":
          "select tested_column, length(tested_column) as col_len from {{ ref('my_upstream_model')}}\n",
        "models/my_upstream_model.sql": upstream("cast('short' as varchar(5))"),
        "models/schema.yml":
          'unit_tests:\n  - name: test_my_model\n    model: my_model\n    given:\n      - input: ref(\'my_upstream_model\')\n        rows:\n          - {tested_column: "longer_string_value"}\n    expect:\n      rows:\n        - {tested_column: "longer_string_value", col_len: 19}\n',
      },
    });
    expect((await p.run(["run", "--select", "my_upstream_model"])).results).toHaveLength(1);
    expect((await p.run(["test", "--select", "my_model"])).results.map((r) => r.status)).toEqual(["pass"]);
  });

  it("quoted reserved word column names, from csv fixture files", async () => {
    const p = open({
      name: "unit_reserved_words",
      files: {
        "models/my_model.sql": "select\n    * from {{ ref('my_upstream_model')}}\n",
        "models/my_upstream_model.sql": 'select 1 as "GROUP"\n',
        "models/unit_tests.yml":
          "unit_tests:\n  - name: test_my_model\n    model: my_model\n    given:\n      - input: ref('my_upstream_model')\n        format: csv\n        fixture: input_fixture\n    expect:\n      format: csv\n      fixture: expect_fixture\n",
        "tests/fixtures/input_fixture.csv": "\nGROUP\n1\n2\n3\n",
        "tests/fixtures/expect_fixture.csv": "\nGROUP\n1\n2\n3\n",
      },
    });
    expect((await p.run(["run"])).results).toHaveLength(2);
    expect((await p.run(["test"])).results.map((r) => r.status)).toEqual(["pass"]);
  });
});

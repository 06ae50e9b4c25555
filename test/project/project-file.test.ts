import { describe, expect, it } from "vitest";
import { memoryProjectFs } from "../../src/project/memory-project-fs.js";
import { readProjectFile } from "../../src/project/project-file.js";

const read = (yaml: string) =>
  readProjectFile({
    root: "/p",
    fs: memoryProjectFs({ "/p/dbt_project.yml": yaml }),
    cliVars: {},
    env: {},
    warnings: [],
  });

describe("readProjectFile", () => {
  it("reads dispatch: search orders per macro namespace", async () => {
    const { config } = await read(
      "name: shop\ndispatch:\n  - macro_namespace: dbt_utils\n    search_order: ['shop', 'spark_utils', 'dbt_utils']\n",
    );
    expect(config.dispatch).toEqual([
      { macroNamespace: "dbt_utils", searchOrder: ["shop", "spark_utils", "dbt_utils"] },
    ]);
  });
});

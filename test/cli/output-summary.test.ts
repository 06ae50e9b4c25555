import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/cli/command-context.js";
import { printProjectSummary } from "../../src/cli/output-summary.js";
import { prepareFiles, SHOP } from "../testing/unit-test-fixture.js";

describe("printProjectSummary", () => {
  it("counts unit tests beside the other resources, as dbt's Found line does", async () => {
    const { project, graph } = await prepareFiles(SHOP);
    const lines: string[] = [];
    const ctx = { print: (l = "") => lines.push(l), warn: () => undefined } as unknown as CommandContext;
    printProjectSummary(ctx, project, graph, []);
    expect(lines[0]).toMatch(/^Found 3 models, 1 seed, 0 tests, 2 unit tests, 1 source, /);
  });
});

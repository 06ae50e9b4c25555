import { describe, expect, it } from "vitest";
import { ProjectError } from "../../src/errors.js";
import { parseCondition, testVerdict } from "../../src/testing/test-condition.js";
import { baseConfig } from "../render/project-builder.js";

describe("test thresholds", () => {
  it("uses dbt's default '!= 0' for both thresholds", () => {
    expect(testVerdict(baseConfig(), 0, "t")).toBe("pass");
    expect(testVerdict(baseConfig(), 1, "t")).toBe("fail");
    expect(testVerdict(baseConfig({ severity: "warn" }), 1, "t")).toBe("warn");
    expect(testVerdict(baseConfig({ severity: "WARN" }), 1, "t")).toBe("warn");
  });

  it("fails only above error_if and warns between warn_if and error_if", () => {
    const config = baseConfig({ warn_if: ">5", error_if: ">10" });
    expect(testVerdict(config, 3, "t")).toBe("pass");
    expect(testVerdict(config, 7, "t")).toBe("warn");
    expect(testVerdict(config, 11, "t")).toBe("fail");
  });

  it("parses each comparison", () => {
    expect([">=3", "<3", "<=3", "=3", "==3", "<>3"].map((c) => parseCondition(c, "t")(3))).toEqual([
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it("rejects a threshold that is not a comparison with a number", () => {
    expect(() => parseCondition("more than 3", "test.shop.t")).toThrow(ProjectError);
  });
});

import { describe, expect, it } from "vitest";
import type { RenderError } from "../../src/errors.js";
import { exceptionsNamespace } from "../../src/render/dbt-exceptions.js";

describe("exceptions", () => {
  it("raise_compiler_error carries the template's message without claiming the project raised it", () => {
    const { raise_compiler_error } = exceptionsNamespace(() => undefined);
    let error: RenderError | undefined;
    try {
      raise_compiler_error!("upper bound must be positive");
    } catch (e) {
      error = e as RenderError;
    }
    expect(error?.message).toBe("upper bound must be positive");
    expect(error?.hint).not.toMatch(/on purpose|the project raised/i);
  });

  it("raise_not_implemented says what is missing; warn records a warning and renders nothing", () => {
    const warnings: string[] = [];
    const ns = exceptionsNamespace((m) => warnings.push(m));
    expect(() => ns.raise_not_implemented!("current_timestamp macro not implemented for adapter x")).toThrow(
      "Not implemented: current_timestamp macro not implemented for adapter x",
    );
    expect(ns.warn!("careful")).toBe("");
    expect(warnings).toEqual(["careful"]);
  });
});

import { describe, expect, it } from "vitest";
import { formatError } from "../../src/cli/output-error.js";
import { exitCodeFor, exitCodeForNodeErrors } from "../../src/cli/exit-code.js";
import {
  CatalogError,
  ExecutionError,
  GraphError,
  InternalError,
  ProjectError,
  registerSecret,
  RenderError,
  SandboxError,
  TestFailureError,
} from "../../src/errors.js";

describe("formatError", () => {
  const error = new RenderError("TF201", "ref('ordrs') names no model.", {
    node: "model.shop.orders",
    location: { file: "models/orders.sql", line: 12, col: 5, excerpt: "from {{ ref('ordrs') }}" },
    hint: "Did you mean ref('orders')?",
  });

  it("prints class, code, node, file:line:col, the line with a caret and the hint, without a stack", () => {
    expect(formatError(error, { debug: false })).toBe(
      [
        "RenderError TF201 in model orders (models/orders.sql:12:5): ref('ordrs') names no model.",
        "  12 | from {{ ref('ordrs') }}",
        "     |     ^",
        "Hint: Did you mean ref('orders')?",
      ].join("\n"),
    );
  });

  it("adds the stack only with --debug", () => {
    expect(formatError(error, { debug: true })).toMatch(/\n\s+at /);
  });

  it("prints a file-only location and no caret without a column", () => {
    const e = new ProjectError("TF101", "Bad YAML.", {
      location: { file: "models/schema.yml", line: 3, excerpt: "  - name: [" },
    });
    expect(formatError(e, { debug: false })).toBe(
      "ProjectError TF101 (models/schema.yml:3): Bad YAML.\n  3 |   - name: [",
    );
  });

  it("turns unexpected exceptions into an internal error with a hint", () => {
    expect(formatError(new TypeError("x is undefined"), { debug: false })).toMatch(
      /^InternalError TF900: unexpected error: x is undefined\nHint: .*--debug/,
    );
  });

  it("scrubs secrets from everything it prints", () => {
    registerSecret("s3cr3t-value");
    const e = new ExecutionError("TF501", "failed", { hint: "check", cause: new Error("token s3cr3t-value") });
    expect(formatError(new Error("password=s3cr3t-value"), { debug: true })).not.toContain("s3cr3t-value");
    expect(formatError(e, { debug: true })).not.toContain("s3cr3t-value");
  });
});

describe("exitCodeFor", () => {
  it("maps each error class to its documented exit code", () => {
    expect(exitCodeFor(new ExecutionError("TF501", "m"))).toBe(1);
    expect(exitCodeFor(new TestFailureError("TF701", "m"))).toBe(2);
    expect(exitCodeFor(new CatalogError("TF603", "m", { conflicts: ["gold.orders"] }))).toBe(3);
    expect(exitCodeFor(new GraphError("TF301", "m"))).toBe(4);
    expect(exitCodeFor(new RenderError("TF201", "m"))).toBe(4);
    // refusals by class, on purpose: a missing reference or an existing tag is the command's mistake (4), stored
    // failures refuse the publish (2), a moved reference is a conflict (3), only an unreachable catalog is 5
    expect(exitCodeFor(new CatalogError("TF601", "m"))).toBe(4);
    expect(exitCodeFor(new CatalogError("TF606", "m"))).toBe(4);
    expect(exitCodeFor(new CatalogError("TF624", "m"))).toBe(4);
    expect(exitCodeFor(new CatalogError("TF621", "m"))).toBe(2);
    expect(exitCodeFor(new CatalogError("TF602", "m"))).toBe(3);
    expect(exitCodeFor(new CatalogError("TF604", "m"))).toBe(5);
    expect(exitCodeFor(new CatalogError("TF623", "m"))).toBe(5);
    expect(exitCodeFor(new SandboxError("TF801", "m"))).toBe(5);
    expect(exitCodeFor(new InternalError("TF901", "m"))).toBe(70);
    expect(exitCodeFor(new Error("m"))).toBe(70);
  });
});

describe("exitCodeForNodeErrors", () => {
  it("is 5 when any node failed because a server went away, else 1", () => {
    expect(exitCodeForNodeErrors([undefined, new ExecutionError("TF501", "m")])).toBe(1);
    expect(exitCodeForNodeErrors([new ExecutionError("TF501", "m"), new ExecutionError("TF520", "m")])).toBe(5);
    expect(exitCodeForNodeErrors([new CatalogError("TF604", "m")])).toBe(5);
  });
});

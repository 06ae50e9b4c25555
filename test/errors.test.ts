import { describe, expect, test } from "vitest";
import { ProjectError, registerSecret, scrubSecrets } from "../src/errors.js";

describe("scrubSecrets", () => {
  test("hides key=value secrets, bearer tokens and URL passwords", () => {
    expect(scrubSecrets("password=hunter2x")).toBe("password=****");
    expect(scrubSecrets('"s3.aws-secret-key": "abcdef123456"')).not.toContain("abcdef123456");
    expect(scrubSecrets("Authorization: Bearer eyJhbGciOi.abc.def")).not.toContain("eyJhbGciOi");
    expect(scrubSecrets("http://user:pa55word@host/x")).not.toContain("pa55word");
  });

  test("leaves prose that merely mentions a secret-ish word", () => {
    expect(scrubSecrets("unexpected token: %}")).toBe("unexpected token: %}");
  });

  test("hides registered values wherever they appear", () => {
    registerSecret("s3cr3t-value");
    expect(scrubSecrets("connect failed for s3cr3t-value at host")).toBe("connect failed for **** at host");
  });

  test("errors are scrubbed when built", () => {
    registerSecret("another-s3cret");
    const e = new ProjectError("TF100", "bad another-s3cret", { hint: "use another-s3cret" });
    expect(e.message).not.toContain("another-s3cret");
    expect(e.hint).not.toContain("another-s3cret");
  });
});

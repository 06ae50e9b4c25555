import { describe, expect, test } from "vitest";
import { fileSystemError, ProjectError, registerSecret, scrubSecrets } from "../src/errors.js";

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

describe("fileSystemError", () => {
  const errno = (code: string, syscall: string, path: string) =>
    Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, syscall, path });

  test("names the path, the cause and what to do, as TF136", () => {
    const e = fileSystemError(errno("ENOSPC", "write", "/p/target/manifest.json"));
    expect(e).toBeInstanceOf(ProjectError);
    expect(e!.code).toBe("TF136");
    expect(e!.message).toBe(
      "Cannot write /p/target/manifest.json: no space left on the device (ENOSPC on /p/target/manifest.json).",
    );
    expect(e!.hint).toMatch(/Free disk space/);
    expect(fileSystemError(errno("EROFS", "open", "/p/target"))!.message).toMatch(
      /^Cannot open \/p\/target: the file system is read-only/,
    );
  });

  test("leaves every other error alone", () => {
    expect(fileSystemError(new Error("boom"))).toBeUndefined();
    expect(fileSystemError(errno("ECONNREFUSED", "connect", "x"))).toBeUndefined();
    expect(fileSystemError("ENOSPC")).toBeUndefined();
  });
});

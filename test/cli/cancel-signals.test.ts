import { afterEach, describe, expect, it } from "vitest";
import { cancelOnSignals, type CancelOnSignals } from "../../src/cli/cancel-signals.js";

describe("cancelOnSignals", () => {
  let cancel: CancelOnSignals | undefined;
  afterEach(() => cancel?.dispose());

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s aborts the run and sets exit code %i", (name, code) => {
    cancel = cancelOnSignals();
    expect(cancel.exitCode).toBeUndefined();
    process.emit(name);
    expect(cancel.signal.aborted).toBe(true);
    expect(cancel.exitCode).toBe(code);
  });

  it("keeps the first signal's code, handles each signal once, and removes its handlers on dispose", () => {
    const before = [process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")];
    cancel = cancelOnSignals();
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before.map((n) => n + 1));
    process.emit("SIGTERM");
    // a second SIGTERM is Node's again: it ends the process at once
    expect(process.listenerCount("SIGTERM")).toBe(before[1]);
    process.emit("SIGINT");
    expect(cancel.exitCode).toBe(143);
    cancel.dispose();
    expect([process.listenerCount("SIGINT"), process.listenerCount("SIGTERM")]).toEqual(before);
  });
});

import { describe, expect, it } from "vitest";
import { QueryLog } from "../../src/render/query-log.js";

const answer = (n: number) => ({ columns: [{ name: "n", type: "integer" }], rows: [[n]] });

describe("the answers a render replays after each new query", () => {
  it("replays by position, so a query asked again after a side effect gets its own later answer", () => {
    const log = new QueryLog();
    expect(log.next("list")).toBeUndefined();
    log.record("list", answer(1));
    log.rewind();
    expect(log.next("list")).toEqual(answer(1));
    expect(log.next("drop")).toBeUndefined();
    log.record("drop", answer(0));
    log.rewind();
    expect([log.next("list"), log.next("drop"), log.next("list")]).toEqual([answer(1), answer(0), undefined]);
    log.record("list", answer(2));
    log.rewind();
    expect([log.next("list"), log.next("drop"), log.next("list")]).toEqual([answer(1), answer(0), answer(2)]);
  });

  it("forgets the answers after the point where a render takes another path", () => {
    const log = new QueryLog();
    log.record("a", answer(1));
    log.record("b", answer(2));
    log.rewind();
    expect(log.next("c")).toBeUndefined();
    log.record("c", answer(3));
    log.rewind();
    expect([log.next("c"), log.next("b")]).toEqual([answer(3), undefined]);
  });
});

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { formatAmount, formatCents, parseCents } from "../../../src/x12/money.js";

describe("parseCents", () => {
  it.each([
    ["123.45", 12345],
    ["-5", -500],
    [".5", 50],
    ["100", 10000],
    ["0.07", 7],
    ["1.10", 110],
    ["1.500", 150],
    ["-0", 0],
    ["12.", 1200],
    ["0.1", 10],
    ["1234567.89", 123456789],
  ])("%s → %d", (text, cents) => {
    expect(parseCents(text)).toBe(cents);
  });

  it.each(["", "-", ".", "1.234", "1,5", "+1", "1e3", " 1", "abc", "1.2.3", "99999999999999999"])(
    "rejects %j",
    (text) => {
      expect(() => parseCents(text)).toThrow(
        expect.objectContaining({ code: "X12_AMOUNT_INVALID" }),
      );
    },
  );

  it("has no float drift: the sum of parsed amounts is exact", () => {
    expect(parseCents("0.1") + parseCents("0.2")).toBe(parseCents("0.3"));
  });
});

describe("formatCents and formatAmount", () => {
  it("formats with two decimals", () => {
    expect(formatCents(12345)).toBe("123.45");
    expect(formatCents(-5)).toBe("-0.05");
    expect(formatCents(0)).toBe("0.00");
    expect(formatCents(10000)).toBe("100.00");
  });

  it("formats X12 amounts without trailing zeros", () => {
    expect(formatAmount(10000)).toBe("100");
    expect(formatAmount(150)).toBe("1.5");
    expect(formatAmount(12345)).toBe("123.45");
    expect(formatAmount(-5)).toBe("-0.05");
    expect(formatAmount(0)).toBe("0");
    expect(formatAmount(100500)).toBe("1005");
  });

  it("rejects non-integer cents", () => {
    expect(() => formatCents(1.5)).toThrow(expect.objectContaining({ code: "X12_AMOUNT_INVALID" }));
  });

  it("round-trips any cents value through both formats", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (cents) => {
        expect(parseCents(formatCents(cents))).toBe(cents);
        expect(parseCents(formatAmount(cents))).toBe(cents);
      }),
    );
  });
});

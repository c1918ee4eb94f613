import { mannWhitney, percentile } from "@/bench/statistics";

describe("the benchmark's statistics", () => {
  it("interpolates percentiles", () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentile([0, 10], 99)).toBeCloseTo(9.9);
  });

  it("finds no difference between samples from one distribution", () => {
    const a = Array.from({ length: 300 }, (_, i) => (i * 7919) % 101);
    const b = Array.from({ length: 300 }, (_, i) => (i * 104729) % 101);
    expect(mannWhitney(a, b).p).toBeGreaterThan(0.05);
  });

  it("finds a clear shift (and matches a textbook value)", () => {
    const a = Array.from({ length: 200 }, (_, i) => i);
    const b = a.map((value) => value + 40);
    expect(mannWhitney(a, b).p).toBeLessThan(0.001);
    // U counts the pairs in which the first sample wins: each of 1–4 beats only the 0.
    expect(mannWhitney([1, 2, 3, 4], [5, 6, 7, 0]).u).toBe(4);
  });
});

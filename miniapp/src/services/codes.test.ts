import { describe, expect, it } from "vitest";
import { codeClean } from "./codes";
import { codeFromScan, codeProblem } from "./dossiers";
import { trackCodeProblem } from "./reports";

describe("codeClean", () => {
  it.each([
    ["hs-demo-0001", "HS-DEMO-0001"],
    ["  HS-DEMO-0001 ", "HS-DEMO-0001"],
    ["hs–demo–0001", "HS-DEMO-0001"],
    ["hs—demo−0001", "HS-DEMO-0001"],
    ["ＨＳ－ＤＥＭＯ－０００１", "HS-DEMO-0001"],
    ["hs-demo-0001\u200b", "HS-DEMO-0001"],
    ["h26.12 - 241201 - 0001", "H26.12-241201-0001"],
    ["pa-7kq2m9xh", "PA-7KQ2M9XH"],
  ])("folds %s", (typed, clean) => {
    expect(codeClean(typed)).toBe(clean);
  });

  it("lets the form checks accept what the server accepts after folding", () => {
    expect(codeProblem("hs–demo–0001")).toBeNull();
    expect(codeProblem("ＨＳ－ＤＥＭＯ－０００１")).toBeNull();
    expect(codeFromScan("hs-demo-0001")).toBe("HS-DEMO-0001");
    expect(trackCodeProblem("pa–7kq2m9xh")).toBeNull();
  });
});

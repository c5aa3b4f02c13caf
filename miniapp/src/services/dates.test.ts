import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "./dates";

describe("one date format for citizens", () => {
  it("writes a day as dd/mm/yyyy", () => {
    expect(formatDate("2026-12-02")).toBe("02/12/2026");
    expect(formatDate("2026-01-05")).toBe("05/01/2026");
  });

  it("writes a moment as hh:mm, dd/mm/yyyy in Vietnam time whatever the zone it comes in", () => {
    expect(formatDateTime("2026-12-02T18:04:00+07:00")).toBe("18:04, 02/12/2026");
    expect(formatDateTime("2026-12-02T11:04:00Z")).toBe("18:04, 02/12/2026");
    expect(formatDateTime("2026-12-01T20:00:00.123456+00:00")).toBe("03:00, 02/12/2026"); // the next day in Vietnam
    expect(formatDate("2026-12-01T20:00:00Z")).toBe("02/12/2026");
  });

  it("shows a wall-clock moment from the form as typed (the review step)", () => {
    expect(formatDateTime("2026-12-01T20:00")).toBe("20:00, 01/12/2026");
    expect(formatDateTime("2026-12-01 09:05")).toBe("09:05, 01/12/2026");
  });

  it("keeps a bare day a day and says nothing for nothing", () => {
    expect(formatDateTime("2026-12-02")).toBe("02/12/2026");
    expect(formatDate(null)).toBe("");
    expect(formatDateTime(undefined)).toBe("");
    expect(formatDateTime("không phải ngày")).toBe("");
  });

  it("never uses the other shapes the app once had", () => {
    const shown = formatDateTime("2026-12-02T03:00:00Z");
    expect(shown).not.toMatch(/^\d{4}-/); // 2026-12-01 20:00
    expect(shown).not.toMatch(/\/\d{2}$/); // 10:00 2/12/26
    expect(shown).toMatch(/^\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}$/);
  });
});

import { describe, expect, it } from "vitest";
import { formatBytes, formatDate, formatDateTime, formatMoney, formatNumber, normalizePhone } from "./format";

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

describe("numbers, sizes and phone numbers", () => {
  it("writes numbers and money with Vietnamese separators", () => {
    expect(formatNumber(1234567)).toBe("1.234.567");
    expect(formatNumber(92.46, 1)).toBe("92,5");
    expect(formatMoney(50000)).toBe("50.000 đồng");
  });

  it("writes sizes in MB or KB, never 0 KB", () => {
    expect(formatBytes(20 * 1024 * 1024)).toBe("20 MB");
    expect(formatBytes(300 * 1024)).toBe("300 KB");
    expect(formatBytes(10)).toBe("1 KB");
  });

  it("makes a phone number dialable", () => {
    expect(normalizePhone(" 0206.3852.113 ")).toBe("02063852113");
    expect(normalizePhone("+84 206 385 2113")).toBe("+842063852113");
  });
});

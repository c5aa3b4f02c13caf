import { afterEach, describe, expect, it, vi } from "vitest";
import { normalizePhone } from "./format";
import { DEMO_USER, detectInZalo, devBridge, isFileUrl, setZaloBridge, zalo } from "./zalo";

afterEach(() => {
  setZaloBridge(null);
  vi.restoreAllMocks();
});

describe("normalizePhone", () => {
  it("keeps only what a dialer needs", () => {
    expect(normalizePhone(" 0206.3852.113 ")).toBe("02063852113");
    expect(normalizePhone("+84 206 385 2113")).toBe("+842063852113");
    expect(normalizePhone("113")).toBe("113");
  });
});

describe("detectInZalo", () => {
  const desktopUA = "Mozilla/5.0 (X11; Linux x86_64) Chrome/140 Safari/537.36";
  it("is false in a desktop browser or under Django's /app/", () => {
    expect(detectInZalo({ hostname: "localhost", pathname: "/app/" }, desktopUA)).toBe(false);
    expect(detectInZalo({ hostname: "127.0.0.1", pathname: "/" }, desktopUA)).toBe(false);
  });
  it("is true on Zalo's H5 host or under /zapps/", () => {
    expect(detectInZalo({ hostname: "h5.zdn.vn", pathname: "/x" }, desktopUA)).toBe(true);
    expect(detectInZalo({ hostname: "localhost", pathname: "/zapps/123/" }, desktopUA)).toBe(true);
  });
});

describe("dev bridge", () => {
  it("is what the app uses outside Zalo", () => {
    expect(zalo().mode).toBe("dev");
  });

  it("records openPhone with the dialable number for browser tests", async () => {
    await devBridge.openPhone("0206 3852 113");
    expect(window.__zaloCalls).toEqual([{ api: "openPhone", args: { phoneNumber: "02063852113" } }]);
  });

  it("follows the OA without a prompt and records it", async () => {
    await expect(devBridge.followOA("oa-1")).resolves.toBe("followed");
    expect(window.__zaloCalls).toContainEqual({ api: "followOA", args: { id: "oa-1" } });
  });

  it("opens outside links in a new tab", async () => {
    const open = vi.spyOn(window, "open").mockReturnValue(null);
    await devBridge.openWebview("https://www.google.com/maps/search/?api=1&query=1,2");
    expect(open).toHaveBeenCalledWith("https://www.google.com/maps/search/?api=1&query=1,2", "_blank", "noopener,noreferrer");
  });

  it("returns a fixed demo user", async () => {
    await expect(devBridge.getUser()).resolves.toEqual(DEMO_USER);
  });
});

describe("files", () => {
  it("tells a file from a web page by its extension, query string or not", () => {
    expect(isFileUrl("https://a.vn/media/forms/demo/CT01.docx")).toBe(true);
    expect(isFileUrl("https://a.vn/mau.PDF?v=2")).toBe(true);
    expect(isFileUrl("https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc.html")).toBe(false);
    expect(isFileUrl("https://dichvucong.gov.vn/")).toBe(false);
  });

  it("downloads a Word form and opens a PDF in the viewer through the dev bridge", async () => {
    window.__zaloCalls = [];
    await devBridge.openFile("https://a.vn/media/forms/demo/CT01.docx", "Mẫu CT01");
    await devBridge.openFile("https://a.vn/mau.pdf", "Mẫu X");
    expect(window.__zaloCalls.map((c) => c.api)).toEqual(["downloadFile", "openDocument"]);
  });
});

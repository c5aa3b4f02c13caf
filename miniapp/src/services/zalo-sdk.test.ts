// The real bridge, with zmp-sdk mocked: what it sends to Zalo and how it reads Zalo's errors.
import { beforeEach, describe, expect, it, vi } from "vitest";

const sdk = vi.hoisted(() => ({
  followOA: vi.fn(),
  getUserInfo: vi.fn(),
  openPhone: vi.fn(),
  openWebview: vi.fn(),
  downloadFile: vi.fn(),
  openDocument: vi.fn(),
}));
vi.mock("zmp-sdk/apis", () => sdk);

import { zaloBridge } from "./zalo";

beforeEach(() => {
  for (const fn of Object.values(sdk)) fn.mockReset();
});

describe("zalo bridge (inside Zalo)", () => {
  it("dials a normalised number through openPhone", async () => {
    sdk.openPhone.mockResolvedValue(undefined);
    await zaloBridge.openPhone("0200 000 141");
    expect(sdk.openPhone).toHaveBeenCalledWith({ phoneNumber: "0200000141" });
  });

  it("follows the OA with Zalo's confirmation dialog", async () => {
    sdk.followOA.mockResolvedValue(undefined);
    await expect(zaloBridge.followOA("oa-1")).resolves.toBe("followed");
    expect(sdk.followOA).toHaveBeenCalledWith({ id: "oa-1", showDialogConfirm: true });
  });

  it("tells a refusal (-201) from a failure", async () => {
    sdk.followOA.mockRejectedValueOnce(Object.assign(new Error("denied"), { code: -201 }));
    await expect(zaloBridge.followOA("oa-1")).resolves.toBe("denied");
    sdk.followOA.mockRejectedValueOnce(Object.assign(new Error("unknown"), { code: -2000 }));
    await expect(zaloBridge.followOA("oa-1")).resolves.toBe("failed");
  });

  it("opens links in a full-screen webview", async () => {
    sdk.openWebview.mockResolvedValue(undefined);
    await zaloBridge.openWebview("https://zalo.me/123");
    expect(sdk.openWebview).toHaveBeenCalledWith({ url: "https://zalo.me/123", config: { style: "normal" } });
  });

  it("downloads a Word form, shows a PDF in Zalo's viewer, and falls back to the webview when refused", async () => {
    sdk.downloadFile.mockResolvedValue(undefined);
    await zaloBridge.openFile("https://a.vn/media/forms/demo/CT01.docx", "Mẫu CT01");
    expect(sdk.downloadFile).toHaveBeenCalledWith({ url: "https://a.vn/media/forms/demo/CT01.docx" });
    sdk.openDocument.mockResolvedValue(undefined);
    await zaloBridge.openFile("https://a.vn/mau.pdf", "Mẫu X");
    expect(sdk.openDocument).toHaveBeenCalledWith({ url: "https://a.vn/mau.pdf", title: "Mẫu X", download: true, share: true, edit: false });
    expect(sdk.openWebview).not.toHaveBeenCalled();
    sdk.downloadFile.mockRejectedValue(Object.assign(new Error("no permission"), { code: -1403 }));
    sdk.openWebview.mockResolvedValue(undefined);
    await zaloBridge.openFile("https://a.vn/media/forms/demo/CT01.docx", "Mẫu CT01");
    expect(sdk.openWebview).toHaveBeenCalledWith({ url: "https://a.vn/media/forms/demo/CT01.docx", config: { style: "normal" } });
  });

  it("returns no user rather than throwing when Zalo refuses", async () => {
    sdk.getUserInfo.mockRejectedValue(Object.assign(new Error("x"), { code: -1401 }));
    await expect(zaloBridge.getUser()).resolves.toBeNull();
    sdk.getUserInfo.mockResolvedValue({ userInfo: { id: "42", name: "Nguyễn Văn A", avatar: "a.png" } });
    await expect(zaloBridge.getUser()).resolves.toEqual({ id: "42", name: "Nguyễn Văn A", avatar: "a.png" });
    expect(sdk.getUserInfo).toHaveBeenLastCalledWith({ autoRequestPermission: false });
  });
});

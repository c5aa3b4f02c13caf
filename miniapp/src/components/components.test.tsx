import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { alert, unit, unitDetail } from "../test/fixtures";
import { ArticleList } from "./ArticleList";
import { EmergencyNotice } from "./EmergencyNotice";
import { FollowOAPrompt } from "./FollowOAPrompt";
import { PhoneButton } from "./PhoneButton";
import { HOME_ACTIONS, QuickActions } from "./QuickActions";
import { ErrorState } from "./States";
import { TextField } from "./TextField";
import { UnitCard, primaryPhone } from "./UnitCard";
import { UnitInfo, mapUrl } from "./UnitInfo";
import { UnitList } from "./UnitList";

describe("QuickActions", () => {
  it("shows the seven services as buttons", () => {
    render(<QuickActions onSelect={() => {}} />);
    const nav = screen.getByRole("navigation", { name: "Dịch vụ" });
    const labels = within(nav).getAllByRole("button").map((b) => b.textContent);
    expect(labels).toEqual([
      "Tra cứu hồ sơ",
      "Thủ tục hành chính",
      "Tố giác tội phạm",
      "Phản ánh kiến nghị",
      "Đánh giá hài lòng",
      "Hỏi cán bộ",
      "Liên hệ",
    ]);
  });

  it("reports which action was tapped", async () => {
    const onSelect = vi.fn();
    render(<QuickActions onSelect={onSelect} />);
    await userEvent.click(screen.getByRole("button", { name: "Liên hệ" }));
    expect(onSelect).toHaveBeenCalledWith("contacts");
    expect(HOME_ACTIONS).toHaveLength(7);
  });
});

describe("EmergencyNotice", () => {
  it("calls the emergency number", async () => {
    const onCall = vi.fn();
    render(<EmergencyNotice number="113" onCall={onCall} />);
    expect(screen.getByText("Khẩn cấp?")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Gọi 113" }));
    expect(onCall).toHaveBeenCalledWith("113");
  });
});

describe("PhoneButton", () => {
  it("is labelled with the kind of line and the number, and calls that number", async () => {
    const onCall = vi.fn();
    render(<PhoneButton phone={{ label: "truc_ban", label_display: "Trực ban", number: "0233 3852 111", note: "" }} onCall={onCall} />);
    await userEvent.click(screen.getByRole("button", { name: "Gọi Trực ban 0233 3852 111" }));
    expect(onCall).toHaveBeenCalledWith("0233 3852 111");
  });
});

describe("UnitCard", () => {
  it("prefers the hotline as the quick call number", () => {
    expect(primaryPhone(unit().phones)?.number).toBe("0987 654 321");
    expect(primaryPhone([])).toBeUndefined();
  });

  it("opens the unit or calls it", async () => {
    const onOpen = vi.fn();
    const onCall = vi.fn();
    render(
      <ul>
        <UnitCard unit={unit({ children_count: 3 })} onOpen={onOpen} onCall={onCall} />
      </ul>,
    );
    expect(screen.getByText("3 đơn vị trực thuộc")).toBeInTheDocument();
    await userEvent.click(screen.getByText(/Phòng Cảnh sát Quản lý/));
    expect(onOpen).toHaveBeenCalledWith(2);
    await userEvent.click(screen.getByRole("button", { name: /Gọi Đường dây nóng/ }));
    expect(onCall).toHaveBeenCalledWith("0987 654 321");
  });
});

describe("UnitInfo", () => {
  it("has one call button per phone", async () => {
    const onCall = vi.fn();
    render(<UnitInfo unit={unitDetail()} onCall={onCall} onOpenUrl={() => {}} />);
    const buttons = screen.getAllByRole("button", { name: /^Gọi / });
    expect(buttons).toHaveLength(2);
    await userEvent.click(buttons[0]!);
    expect(onCall).toHaveBeenCalledWith("0233 3852 111");
  });

  it("opens a map at the coordinates", async () => {
    const onOpenUrl = vi.fn();
    render(<UnitInfo unit={unitDetail()} onCall={() => {}} onOpenUrl={onOpenUrl} />);
    await userEvent.click(screen.getByRole("button", { name: "Xem bản đồ" }));
    expect(onOpenUrl).toHaveBeenCalledWith("https://www.google.com/maps/search/?api=1&query=16.8163%2C107.1003");
  });

  it("maps by address when there are no coordinates, and hides the map without either", () => {
    expect(mapUrl({ latitude: null, longitude: null, address: "12 Trần Hưng Đạo", name: "CA" })).toBe(
      "https://www.google.com/maps/search/?api=1&query=" + encodeURIComponent("CA, 12 Trần Hưng Đạo"),
    );
    expect(mapUrl({ latitude: null, longitude: null, address: " ", name: "CA" })).toBeNull();
  });

  it("links to the unit's Zalo OA when it has one", async () => {
    const onOpenUrl = vi.fn();
    const { rerender } = render(<UnitInfo unit={unitDetail()} onCall={() => {}} onOpenUrl={onOpenUrl} />);
    expect(screen.queryByRole("button", { name: "Mở trang Zalo" })).not.toBeInTheDocument();
    rerender(<UnitInfo unit={unitDetail({ zalo_oa_url: "https://zalo.me/999" })} onCall={() => {}} onOpenUrl={onOpenUrl} />);
    await userEvent.click(screen.getByRole("button", { name: "Mở trang Zalo" }));
    expect(onOpenUrl).toHaveBeenCalledWith("https://zalo.me/999");
  });

  it("says so when no phone is published", () => {
    render(<UnitInfo unit={unitDetail({ phones: [], address: "", working_hours: "", latitude: null, longitude: null })} onCall={() => {}} onOpenUrl={() => {}} />);
    expect(screen.getByText("Đơn vị chưa công bố số điện thoại.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Xem bản đồ" })).not.toBeInTheDocument();
  });
});

describe("UnitList", () => {
  const base = {
    units: [],
    total: 0,
    loading: false,
    error: null,
    hasMore: false,
    loadingMore: false,
    emptyTitle: "Không có đơn vị.",
    onRetry: () => {},
    onLoadMore: () => {},
    onOpen: () => {},
    onCall: () => {},
  };

  it("shows a skeleton while loading", () => {
    render(<UnitList {...base} loading />);
    expect(screen.getByRole("status")).toHaveAttribute("aria-busy", "true");
  });

  it("shows the error with a retry button", async () => {
    const onRetry = vi.fn();
    render(<UnitList {...base} error="Không kết nối được tới máy chủ." onRetry={onRetry} />);
    expect(screen.getByRole("alert")).toHaveTextContent("Không kết nối được tới máy chủ.");
    await userEvent.click(screen.getByRole("button", { name: "Thử lại" }));
    expect(onRetry).toHaveBeenCalled();
  });

  it("shows the empty state", () => {
    render(<UnitList {...base} />);
    expect(screen.getByText("Không có đơn vị.")).toBeInTheDocument();
  });

  it("offers more when there is a next page", async () => {
    const onLoadMore = vi.fn();
    render(<UnitList {...base} units={[unit()]} total={30} hasMore onLoadMore={onLoadMore} />);
    expect(screen.getByText("30 đơn vị")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Xem thêm đơn vị" }));
    expect(onLoadMore).toHaveBeenCalled();
  });
});

describe("ErrorState", () => {
  it("disables retry while retrying", () => {
    render(<ErrorState message="Lỗi" onRetry={() => {}} retrying />);
    expect(screen.getByRole("button", { name: "Đang thử lại..." })).toBeDisabled();
  });
});

describe("FollowOAPrompt", () => {
  it("explains before asking and follows on tap", async () => {
    const onFollow = vi.fn();
    render(<FollowOAPrompt unitName="Công an tỉnh Demo" result={null} onFollow={onFollow} onDismiss={() => {}} />);
    expect(screen.getByText(/cảnh báo lừa đảo/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Theo dõi trang Zalo" }));
    expect(onFollow).toHaveBeenCalled();
  });

  it("thanks the user once followed", () => {
    render(<FollowOAPrompt unitName="Công an tỉnh Demo" result="followed" onFollow={() => {}} onDismiss={() => {}} />);
    expect(screen.queryByRole("button", { name: "Theo dõi trang Zalo" })).not.toBeInTheDocument();
    expect(screen.getByText(/Cảm ơn bạn/)).toBeInTheDocument();
  });
});

describe("ArticleList", () => {
  it("shows each article's date in the citizens' one format", () => {
    render(<ArticleList articles={[alert]} emptyTitle="Chưa có tin" onOpen={() => undefined} />);
    expect(screen.getByText("· 10/11/2026", { exact: false })).toBeInTheDocument();
  });
});

describe("TextField", () => {
  it("is named by its label and ties the message under it to the input", () => {
    render(<TextField label="Mã bí mật" name="secret" value="" onChange={() => {}} error="Nhập mã bí mật nhận được khi gửi tin." />);
    const input = screen.getByRole("textbox", { name: /^Mã bí mật/ });
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("Nhập mã bí mật nhận được khi gửi tin.");
  });

  it("writes a multi-line field as a textarea, valid while there is no message", () => {
    render(<TextField multiline label="Nội dung sự việc *" name="description" value="" onChange={() => {}} />);
    const area = screen.getByLabelText("Nội dung sự việc *");
    expect(area.tagName).toBe("TEXTAREA");
    expect(area).toHaveAttribute("aria-invalid", "false");
    expect(area).not.toHaveAttribute("aria-describedby");
  });
});

import type { ArticleListItem, Paginated, ProcedureDetail, Site, UnitDetail, UnitListItem } from "../services/types";
import type { ReportKind } from "../services/types";

export const site: Site = {
  name: "Công an tỉnh Demo",
  short_name: "CA tỉnh Demo",
  province_unit_id: 1,
  emergency_number: "113",
  zalo_oa_id: "1234567890",
  zalo_oa_url: "https://zalo.me/1234567890",
  is_demo: true,
};

export function unit(overrides: Partial<UnitListItem> = {}): UnitListItem {
  return {
    id: 2,
    code: "PC06",
    name: "Phòng Cảnh sát Quản lý hành chính về trật tự xã hội (Demo)",
    kind: { code: "phong", name: "Phòng" },
    parent: 1,
    depth: 1,
    address: "12 Đường Trần Hưng Đạo, phường Đông Hà",
    working_hours: "Thứ Hai – Thứ Sáu: 7h30 – 17h00",
    phones: [
      { label: "truc_ban", label_display: "Trực ban", number: "0233 3852 111", note: "" },
      { label: "duong_day_nong", label_display: "Đường dây nóng", number: "0987 654 321", note: "24/7" },
    ],
    latitude: 16.8163,
    longitude: 107.1003,
    zalo_oa_url: "",
    children_count: 0,
    ...overrides,
  };
}

export function unitDetail(overrides: Partial<UnitDetail> = {}): UnitDetail {
  return { ...unit(), ancestors: [{ id: 1, name: "Công an tỉnh Demo" }], children: [], zalo_oa_id: "", ...overrides };
}

export function page<T>(results: T[], next: string | null = null): Paginated<T> {
  return { count: results.length, next, previous: null, results };
}

export const alert: ArticleListItem = {
  id: 31,
  title: "Cảnh báo giả danh Công an gọi điện (Demo)",
  summary: "Công an không yêu cầu cài ứng dụng qua điện thoại.",
  category: "canh_bao",
  category_display: "Cảnh báo lừa đảo",
  category_alert: true,
  pinned: true,
  published_at: "2026-11-10T08:00:00+07:00",
  cover_url: "",
};

export function procedureDetail(overrides: Partial<ProcedureDetail> = {}): ProcedureDetail {
  return {
    id: 5,
    code: "1.004222",
    full_code: "1.004222",
    name: "Đăng ký thường trú",
    field: { id: 1, name: "Đăng ký, quản lý cư trú" },
    level: "cap_xa",
    level_display: "Cấp xã",
    online_level: "toan_trinh",
    online_level_display: "Trực tuyến toàn trình",
    summary: "Đăng ký nơi ở lâu dài.",
    agency: "Công an cấp xã",
    portal_url: "https://dichvucong.bocongan.gov.vn",
    target: "Công dân Việt Nam",
    conditions: "",
    result: "",
    legal_basis: ["Luật Cư trú số 68/2020/QH14"],
    source_url: "",
    retrieved_at: "2026-11-20",
    steps: [{ order: 0, title: "Nộp hồ sơ", content: "Trực tiếp hoặc trực tuyến", logic: "or", optional: false }],
    cases: [
      { id: 10, name: "Ở nhà của mình", documents: [{ id: 100, name: "Tờ khai CT01", originals: 1, copies: 0, note: "", form_name: "Mẫu CT01", form_url: "", form_file_url: "" }] },
      {
        id: 11,
        name: "Ở thuê, mượn, ở nhờ",
        documents: [
          { id: 110, name: "Tờ khai CT01 có ý kiến chủ nhà", originals: 1, copies: 0, note: "", form_name: "Mẫu CT01", form_url: "https://example.vn/ct01.pdf", form_file_url: "" },
          { id: 111, name: "Hợp đồng thuê nhà", originals: 0, copies: 1, note: "", form_name: "", form_url: "", form_file_url: "" },
        ],
      },
    ],
    channels: [{ channel: "truc_tiep", channel_display: "Nộp trực tiếp", processing_time: "07 ngày làm việc", processing_days: 7, fee: "20.000 đồng", fee_amount: 20000, fee_in_force: { amount: 20000, full_amount: 20000, reduction_percent: null, reduced_until: null, text: "20.000 đồng" }, note: "" }],
    units: [],
    ...overrides,
  };
}

// Report kinds as GET /api/v1/reports/form sends them.
export const crimeTip: ReportKind = {
  code: "to-giac-toi-pham",
  name: "Tin báo, tố giác tội phạm",
  description: "Báo cho cơ quan Công an về hành vi có dấu hiệu tội phạm.",
  legal_basis: "BLTTHS 2015",
  legal_track: "crime",
  accept_amount: null,
  accept_unit: "working",
  clock_amount: 20,
  clock_unit: "calendar",
  clock_start: "received",
  clock_text: "Thời hạn: giải quyết trong 20 ngày kể từ ngày tiếp nhận",
  allows_anonymous: true,
  asks_occurred_at: true,
  asks_location: true,
  requires_location: false,
  asks_vehicle_plate: false,
  requires_media: false,
};
export const denunciation: ReportKind = {
  ...crimeTip,
  code: "to-cao",
  name: "Tố cáo cán bộ vi phạm",
  description: "Báo việc cán bộ, chiến sĩ Công an làm trái pháp luật khi làm nhiệm vụ.",
  legal_track: "denunciation",
  accept_amount: 7,
  clock_amount: 30,
  clock_start: "accepted",
  clock_text: "Thời hạn: thụ lý trong 7 ngày làm việc kể từ ngày tiếp nhận; giải quyết trong 30 ngày kể từ ngày thụ lý",
  allows_anonymous: false,
};
export const traffic: ReportKind = { ...crimeTip, code: "vi-pham-giao-thong", name: "Vi phạm giao thông", requires_location: true, requires_media: true, asks_vehicle_plate: true };

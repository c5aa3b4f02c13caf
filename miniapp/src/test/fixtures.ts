import type { Paginated, Site, UnitDetail, UnitListItem } from "../services/types";

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
  return { ...unit(), ancestors: [{ id: 1, name: "Công an tỉnh Demo" }], children: [], ...overrides };
}

export function page<T>(results: T[], next: string | null = null): Paginated<T> {
  return { count: results.length, next, previous: null, results };
}

// DTOs mirroring the backend's /api/v1 contract (OpenAPI at /api/schema/).
// Keep field names exactly as the API sends them.

/** Every error response from our API has this shape. */
export interface ApiErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export interface Site {
  name: string;
  short_name: string;
  province_unit_id: number | null;
  emergency_number: string;
  zalo_oa_id: string;
  zalo_oa_url: string;
  is_demo: boolean;
}

export interface UnitKind {
  code: string;
  name: string;
}

export interface UnitKindListItem extends UnitKind {
  order: number;
}

export type PhoneLabel = "truc_ban" | "duong_day_nong" | "tiep_dan" | "khac";

export interface UnitPhone {
  label: PhoneLabel;
  label_display: string;
  number: string;
  note: string;
}

export interface UnitListItem {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  parent: number | null;
  depth: number;
  address: string;
  working_hours: string;
  phones: UnitPhone[];
  latitude: number | null;
  longitude: number | null;
  zalo_oa_url: string;
  children_count: number;
}

export interface UnitRef {
  id: number;
  name: string;
}

export interface UnitChild {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
}

export interface UnitDetail extends UnitListItem {
  ancestors: UnitRef[];
  children: UnitChild[];
}

export interface UnitListParams {
  search?: string;
  parent?: number;
  kind?: string;
  root?: boolean;
  page?: number;
  page_size?: number;
}

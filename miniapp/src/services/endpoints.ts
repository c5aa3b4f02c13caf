// Typed functions, one per backend endpoint the Mini App uses.
import { request } from "./api";
import type { Paginated, Site, UnitDetail, UnitKindListItem, UnitListItem, UnitListParams } from "./types";

export function getSite(signal?: AbortSignal): Promise<Site> {
  return request<Site>("site/", { signal });
}

export function listUnits(params: UnitListParams, signal?: AbortSignal): Promise<Paginated<UnitListItem>> {
  return request<Paginated<UnitListItem>>("units/", {
    signal,
    query: {
      search: params.search?.trim() || undefined,
      parent: params.parent,
      kind: params.kind,
      root: params.root ? "true" : undefined,
      page: params.page,
      page_size: params.page_size,
    },
  });
}

export function getUnit(id: number, signal?: AbortSignal): Promise<UnitDetail> {
  return request<UnitDetail>(`units/${id}/`, { signal });
}

export function listUnitKinds(signal?: AbortSignal): Promise<Paginated<UnitKindListItem>> {
  return request<Paginated<UnitKindListItem>>("unit-kinds/", { signal, query: { page_size: 100 } });
}

// The site's settings and the contacts directory (units), with each unit's public satisfaction figure.
import { useQuery } from "@tanstack/react-query";
import { getSite, getUnit, getUnitSatisfaction, listUnits } from "../endpoints";
import type { UnitListParams } from "../types";
import * as queryKeys from "./keys";
import { usePagedList } from "./paged";

export const UNIT_PAGE_SIZE = 20;

export function useSite() {
  return useQuery({ queryKey: queryKeys.site, queryFn: ({ signal }) => getSite(signal), staleTime: 60 * 60_000 });
}

/** A paged unit list with "load more"; previous results stay on screen while a new search loads. */
export function useUnitList(params: UnitListParams, enabled = true) {
  return usePagedList({
    queryKey: queryKeys.units(params),
    fetchPage: (page, signal) => listUnits({ ...params, page, page_size: UNIT_PAGE_SIZE }, signal),
    keepPrevious: true,
    enabled,
  });
}

export function useUnit(id: number) {
  return useQuery({ queryKey: queryKeys.unit(id), queryFn: ({ signal }) => getUnit(id, signal), enabled: Number.isFinite(id) });
}

export function useUnitSatisfaction(unitId: number) {
  return useQuery({
    queryKey: queryKeys.unitSatisfaction(unitId),
    queryFn: ({ signal }) => getUnitSatisfaction(unitId, signal),
    enabled: Number.isFinite(unitId),
    staleTime: 10 * 60_000,
  });
}

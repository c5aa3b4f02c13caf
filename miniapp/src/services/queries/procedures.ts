// Guides: procedures and the handbook (FAQ).
import { useQuery } from "@tanstack/react-query";
import { getProcedure, listFaqs, listProcedureFields, listProcedures } from "../endpoints";
import type { ProcedureListParams } from "../types";
import * as queryKeys from "./keys";
import { usePagedList } from "./paged";

export const PROCEDURE_PAGE_SIZE = 20;

export function useProcedureFields() {
  return useQuery({ queryKey: queryKeys.procedureFields, queryFn: ({ signal }) => listProcedureFields(signal) });
}

export function useProcedureList(params: ProcedureListParams, enabled = true) {
  return usePagedList({
    queryKey: queryKeys.procedures(params),
    fetchPage: (page, signal) => listProcedures({ ...params, page, page_size: PROCEDURE_PAGE_SIZE }, signal),
    keepPrevious: true,
    enabled,
  });
}

export function useProcedure(id: number) {
  return useQuery({ queryKey: queryKeys.procedure(id), queryFn: ({ signal }) => getProcedure(id, signal), enabled: Number.isFinite(id) });
}

export function useFaqs(params: { search?: string; procedure?: number }) {
  return usePagedList({ queryKey: queryKeys.faqs(params), fetchPage: (page, signal) => listFaqs({ ...params, page }, signal), keepPrevious: true });
}

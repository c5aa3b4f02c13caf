// Reports (tin báo, phản ánh): the form's configuration, the communes, "Tin báo, phản ánh của tôi".
import { useQuery } from "@tanstack/react-query";
import { getMyReport, getReportForm, listMyReports, listReportAreas } from "../reports";
import * as queryKeys from "./keys";
import { usePagedList } from "./paged";

export function useReportForm() {
  return useQuery({ queryKey: queryKeys.reportForm, queryFn: ({ signal }) => getReportForm(signal) });
}

export function useReportAreas(enabled: boolean) {
  return useQuery({ queryKey: queryKeys.reportAreas, queryFn: ({ signal }) => listReportAreas(signal), enabled });
}

export function useMyReports() {
  return usePagedList({ queryKey: queryKeys.myReports, fetchPage: (page) => listMyReports(page), staleTime: 0 });
}

export function useMyReport(code: string) {
  return useQuery({ queryKey: queryKeys.myReport(code), queryFn: () => getMyReport(code), staleTime: 0 });
}

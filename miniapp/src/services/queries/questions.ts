// "Hỏi cán bộ": my questions and one thread (always fetched fresh: an officer may have answered meanwhile).
import { useQuery } from "@tanstack/react-query";
import { getMyQuestion, listMyQuestions } from "../questions";
import * as queryKeys from "./keys";
import { usePagedList } from "./paged";

export function useMyQuestions() {
  return usePagedList({ queryKey: queryKeys.myQuestions, fetchPage: (page) => listMyQuestions(page), staleTime: 0 });
}

export function useMyQuestion(id: number) {
  return useQuery({ queryKey: queryKeys.myQuestion(id), queryFn: () => getMyQuestion(id), staleTime: 0, enabled: id > 0 });
}

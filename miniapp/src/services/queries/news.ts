// News: articles, warnings and notices (the pinned ones on Home).
import { useQuery } from "@tanstack/react-query";
import { getArticle, listArticles } from "../endpoints";
import type { ArticleCategory } from "../types";
import * as queryKeys from "./keys";
import { usePagedList } from "./paged";

export function useArticles(params: { category?: ArticleCategory; pinned?: boolean }) {
  return usePagedList({ queryKey: queryKeys.articles(params), fetchPage: (page, signal) => listArticles({ ...params, page }, signal) });
}

export function useArticle(id: number) {
  return useQuery({ queryKey: queryKeys.article(id), queryFn: ({ signal }) => getArticle(id, signal), enabled: Number.isFinite(id) });
}

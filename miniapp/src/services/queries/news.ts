// News: articles, warnings and notices (the pinned ones on Home).
import { useQuery } from "@tanstack/react-query";
import { getArticle, listArticles, listNewsCategories } from "../endpoints";
import type { ArticleCategory } from "../types";
import * as queryKeys from "./keys";
import { usePagedList } from "./paged";

export function useArticles(params: { category?: ArticleCategory; pinned?: boolean }) {
  return usePagedList({ queryKey: queryKeys.articles(params), fetchPage: (page, signal) => listArticles({ ...params, page }, signal) });
}

/** The categories the editors keep (name, order, hidden ones left out): the News page's tabs. */
export function useNewsCategories() {
  return useQuery({ queryKey: queryKeys.newsCategories, queryFn: ({ signal }) => listNewsCategories(signal), staleTime: 10 * 60 * 1000 });
}

export function useArticle(id: number) {
  return useQuery({ queryKey: queryKeys.article(id), queryFn: ({ signal }) => getArticle(id, signal), enabled: Number.isFinite(id) });
}

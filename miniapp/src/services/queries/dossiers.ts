// "Hồ sơ của tôi": dossiers under my verified phone, the ones I follow, one of them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getMyDossier, listFollowedDossiers, listMyDossiers, refreshMyDossiers } from "../dossiers";
import * as queryKeys from "./keys";
import { usePagedList } from "./paged";

export function useMyDossiers() {
  // No retry: "phone_not_verified" is an answer, not a failure.
  return usePagedList({ queryKey: queryKeys.myDossiers, fetchPage: (page) => listMyDossiers(page), staleTime: 0, retry: false });
}

export function useFollowedDossiers() {
  return usePagedList({ queryKey: queryKeys.followedDossiers, fetchPage: (page) => listFollowedDossiers(page), staleTime: 0 });
}

export function useMyDossier(id: number) {
  return useQuery({ queryKey: queryKeys.myDossier(id), queryFn: () => getMyDossier(id), staleTime: 0, enabled: Number.isFinite(id) });
}

/** "Cập nhật trạng thái": ask the one-stop systems again, then reload every "my dossiers" list and detail. */
export function useRefreshMyDossiers() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: refreshMyDossiers,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.myDossiersAll }),
  });
}

/** The short line under the button once the server has answered. */
export function refreshResultText(updated: number): string {
  return updated > 0 ? `Đã cập nhật ${updated} hồ sơ.` : "Không có thay đổi mới.";
}

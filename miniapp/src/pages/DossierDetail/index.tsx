import { useQueryClient } from "@tanstack/react-query";
import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { DossierView } from "../../components/Dossier";
import { FollowControl } from "../../widgets/FollowControl";
import { ErrorState, ListSkeleton } from "../../components/States";
import { useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useMyDossier } from "../../services/queries/dossiers";
import * as queryKeys from "../../services/queries/keys";
import type { DossierResult } from "../../services/types";
import { RatingPrompt } from "../../widgets/RatingPrompt";

/** One of my dossiers (or one I follow), opened from "Hồ sơ của tôi". */
export default function DossierDetailPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { call } = useDeviceActions();
  const id = Number(useParams().id);
  const dossier = useMyDossier(id);

  return (
    <Page className="page">
      <AppHeader title="Chi tiết hồ sơ" onBack={() => navigate(-1)} />
      <main className="page__body">
        {dossier.isPending ? (
          <ListSkeleton count={3} label="Đang tải hồ sơ..." />
        ) : dossier.isError ? (
          <ErrorState message={errorMessage(dossier.error)} onRetry={() => void dossier.refetch()} retrying={dossier.isFetching} />
        ) : (
          <DossierView
            dossier={dossier.data}
            onCall={call}
            onOpenProcedure={(procedureId) => navigate(paths.procedure(procedureId))}
            followSlot={
              <>
                <RatingPrompt dossier={dossier.data} />
                <button
                  type="button"
                  className="btn btn--outline btn--block"
                  onClick={() => navigate(paths.questionNew({ dossier: dossier.data.id }))}
                >
                  Hỏi cán bộ về hồ sơ này
                </button>
                <FollowControl
                dossierId={dossier.data.id}
                following={dossier.data.following}
                onChange={(following) => {
                  queryClient.setQueryData<DossierResult>(queryKeys.myDossier(id), (old) => (old ? { ...old, following } : old));
                  void queryClient.invalidateQueries({ queryKey: queryKeys.myDossiersAll, exact: false, refetchType: "none" });
                }}
                />
              </>
            }
          />
        )}
      </main>
    </Page>
  );
}

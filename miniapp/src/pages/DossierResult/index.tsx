import { useQueryClient } from "@tanstack/react-query";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { DossierView } from "../../components/Dossier";
import { FollowControl } from "../../widgets/FollowControl";
import { EmptyState } from "../../components/States";
import { useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import * as queryKeys from "../../services/queries/keys";
import { useAppStore } from "../../store";
import { RatingPrompt } from "../../widgets/RatingPrompt";

/** The answer of a lookup (kept in memory only: it is personal, and a reload asks again). */
export default function DossierResultPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { call } = useDeviceActions();
  const result = useAppStore((s) => s.lookupResult);
  const setResult = useAppStore((s) => s.setLookupResult);

  return (
    <Page className="page">
      <AppHeader title="Kết quả tra cứu" onBack={() => navigate(-1)} />
      <main className="page__body">
        {!result ? (
          <EmptyState icon="search" title="Chưa có kết quả tra cứu">
            <button type="button" className="btn btn--primary" onClick={() => navigate(paths.dossierLookup, { replace: true })}>
              Tra cứu hồ sơ
            </button>
          </EmptyState>
        ) : (
          <DossierView
            dossier={result}
            onCall={call}
            onOpenProcedure={(id) => navigate(paths.procedure(id))}
            followSlot={
              <>
                <RatingPrompt dossier={result} />
                <FollowControl
                dossierId={result.id}
                following={result.following}
                followToken={result.follow_token}
                onChange={(following) => {
                  setResult({ ...result, following });
                  void queryClient.invalidateQueries({ queryKey: queryKeys.myDossiersAll });
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

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ConsentNote } from "../../widgets/ConsentNote";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { errorMessage } from "../../services/api";
import { RatingForm, ThankYou } from "../../components/RatingForm";
import * as queryKeys from "../../services/queries/keys";
import { useRatingEligibility, useRatingProof } from "../../services/queries/ratings";
import { rateDossier } from "../../services/ratings";

/** Đánh giá sự hài lòng về một hồ sơ đã giải quyết xong (opened from the result, "my dossiers" or the reminder). */
export default function DossierRatingPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const id = Number(useParams().id);
  const proof = useRatingProof(id);
  const eligibility = useRatingEligibility(id, proof);
  const [thanks, setThanks] = useState<string | null>(null);

  return (
    <Page className="page">
      <AppHeader title="Đánh giá sự hài lòng" onBack={() => navigate(-1)} />
      <main className="page__body">
        {thanks ? (
          <ThankYou message={thanks} onBack={() => navigate(-1)} backLabel="Quay lại hồ sơ" />
        ) : eligibility.isPending ? (
          <ListSkeleton count={2} label="Đang kiểm tra hồ sơ..." />
        ) : eligibility.isError ? (
          <ErrorState message={errorMessage(eligibility.error)} onRetry={() => void eligibility.refetch()} retrying={eligibility.isFetching} />
        ) : !eligibility.data.can_rate ? (
          <EmptyState icon="search" title={eligibility.data.message}>
            <button type="button" className="btn btn--outline" onClick={() => navigate(-1)}>
              Quay lại
            </button>
          </EmptyState>
        ) : (
          <section className="card" aria-labelledby="rate-title">
            <p className="muted">Hồ sơ {eligibility.data.code}</p>
            <h2 id="rate-title" className="section__title">
              Bạn hài lòng với việc giải quyết hồ sơ này?
            </h2>
            <RatingForm
              askReason
              onSubmit={async (input) => (await rateDossier(proof, input)).message}
              onDone={(message) => {
                setThanks(message);
                queryClient.setQueryData(queryKeys.ratingEligibility(id), { ...eligibility.data, rated: true, can_rate: false, message: "" });
              }}
            />
            <ConsentNote purpose="rating" />
          </section>
        )}
      </main>
    </Page>
  );
}

import { useNavigate } from "zmp-ui";
import { paths } from "../routes";
import { useRatingEligibility, useRatingProof } from "../services/queries/ratings";
import type { DossierResult } from "../services/types";

const WITH_RESULT = new Set([9, 10]);

/** On a dossier with its result: "Đánh giá" until someone rated it, then a thank-you line. */
export function RatingPrompt({ dossier }: { dossier: Pick<DossierResult, "id" | "status"> }) {
  const navigate = useNavigate();
  const proof = useRatingProof(dossier.id);
  const hasResult = WITH_RESULT.has(dossier.status);
  const eligibility = useRatingEligibility(dossier.id, proof, { enabled: hasResult, staleTime: 30_000 });
  if (!hasResult || !eligibility.data) return null;
  if (eligibility.data.rated) {
    return (
      <section className="card">
        <p className="muted">Hồ sơ đã được đánh giá. Cảm ơn bạn đã góp ý!</p>
      </section>
    );
  }
  if (!eligibility.data.can_rate) return null;
  return (
    <section className="card" aria-labelledby="rate-prompt-title">
      <h2 id="rate-prompt-title" className="section__title">
        Bạn hài lòng chứ?
      </h2>
      <p>Hồ sơ đã có kết quả. Mời bạn đánh giá để chúng tôi phục vụ tốt hơn.</p>
      <button type="button" className="btn btn--primary btn--block" onClick={() => navigate(paths.rateDossier(dossier.id))}>
        Đánh giá
      </button>
    </section>
  );
}

import { useNavigate } from "zmp-ui";
import { paths } from "../routes";
import { useRatingEligibility, useRatingProof } from "../services/queries/ratings";
import type { DossierResult } from "../services/types";

// Rateable statuses (backend/ratings/services.py RATEABLE_STATUSES): not received (3), stopped (8), finished (9),
// result handed over (10). The unhappy endings count too, or the published figure would flatter the unit.
const RATEABLE = new Set([3, 8, 9, 10]);

/** On a settled dossier: "Đánh giá" until someone rated it, then a thank-you line. */
export function RatingPrompt({ dossier }: { dossier: Pick<DossierResult, "id" | "status"> }) {
  const navigate = useNavigate();
  const proof = useRatingProof(dossier.id);
  const settled = RATEABLE.has(dossier.status);
  const eligibility = useRatingEligibility(dossier.id, proof, { enabled: settled, staleTime: 30_000 });
  if (!settled || !eligibility.data) return null;
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
      <p>Việc giải quyết hồ sơ đã kết thúc. Mời bạn đánh giá để chúng tôi phục vụ tốt hơn.</p>
      <button type="button" className="btn btn--primary btn--block" onClick={() => navigate(paths.rateDossier(dossier.id))}>
        Đánh giá
      </button>
    </section>
  );
}

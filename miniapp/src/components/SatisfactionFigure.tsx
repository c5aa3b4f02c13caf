// A unit's public satisfaction figure (on the unit page).
import { formatNumber } from "../services/format";
import type { UnitSatisfaction } from "../services/types";

/** "92% hài lòng · 140 đánh giá trong 90 ngày", or just the count when there are too few to say. */
export function satisfactionText(figure: UnitSatisfaction): string {
  if (!figure.count) return `Chưa có đánh giá trong ${figure.days} ngày qua.`;
  if (!figure.enough || figure.rate === null) return `${figure.count} đánh giá trong ${figure.days} ngày qua (chưa đủ để tính tỷ lệ).`;
  const rate = formatNumber(figure.rate, 1);
  return `${rate}% hài lòng · ${figure.count} đánh giá trong ${figure.days} ngày qua`;
}

export function SatisfactionFigure({ figure, onSurvey }: { figure: UnitSatisfaction; onSurvey?: () => void }) {
  return (
    <section className="card satisfaction" aria-labelledby="satisfaction-title">
      <h2 id="satisfaction-title" className="section__title">Mức độ hài lòng</h2>
      <p className="satisfaction__figure">{satisfactionText(figure)}</p>
      <p className="muted">Tính trên đánh giá của người dân sau khi nhận kết quả hồ sơ.</p>
      {onSurvey ? (
        <button type="button" className="btn btn--outline btn--block" onClick={onSurvey}>
          Góp ý về đơn vị
        </button>
      ) : null}
    </section>
  );
}

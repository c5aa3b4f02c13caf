import { useState } from "react";
import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { RatingForm, ThankYou } from "../../components/RatingForm";
import { useUnit } from "../../services/queries/units";
import { sendSurvey } from "../../services/ratings";

/** Khảo sát sự hài lòng về một đơn vị: anonymous, not tied to a dossier. */
export default function SurveyPage() {
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const unit = useUnit(id);
  const [thanks, setThanks] = useState<string | null>(null);

  return (
    <Page className="page">
      <AppHeader title="Khảo sát sự hài lòng" onBack={() => navigate(-1)} />
      <main className="page__body">
        {thanks ? (
          <ThankYou message={thanks} onBack={() => navigate(-1)} backLabel="Quay lại đơn vị" />
        ) : (
          <section className="card" aria-labelledby="survey-title">
            <p className="muted">{unit.data?.name ?? ""}</p>
            <h2 id="survey-title" className="section__title">
              Bạn hài lòng với cách đơn vị phục vụ?
            </h2>
            <p className="muted">Ẩn danh: chúng tôi không lưu bạn là ai.</p>
            <RatingForm askReason={false} onSubmit={async ({ level, drivers, comment }) => (await sendSurvey(id, { level, drivers, comment })).message} onDone={setThanks} />
          </section>
        )}
      </main>
    </Page>
  );
}

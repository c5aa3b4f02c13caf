import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { paths } from "../../routes";

/** "Đánh giá hài lòng" from the home page: the two ways to give an opinion, each with what it needs. */
export default function RatingStartPage() {
  const navigate = useNavigate();
  return (
    <Page className="page">
      <AppHeader title="Đánh giá hài lòng" onBack={() => navigate(-1)} />
      <main className="page__body">
        <section className="card" aria-labelledby="rate-dossier">
          <h2 id="rate-dossier" className="section__title">Đánh giá việc giải quyết hồ sơ</h2>
          <p>
            Mỗi hồ sơ được đánh giá một lần, khi việc giải quyết đã kết thúc (có kết quả, không được tiếp nhận hoặc dừng xử lý). Tra cứu hồ sơ bằng mã hồ sơ và 4 số cuối số định danh cá nhân, hoặc
            mở "Hồ sơ của tôi", rồi bấm "Đánh giá".
          </p>
          <button type="button" className="btn btn--primary btn--block" onClick={() => navigate(paths.dossierLookup)}>
            Tra cứu hồ sơ
          </button>
          <button type="button" className="btn btn--outline btn--block" onClick={() => navigate(paths.myDossiers)}>
            Hồ sơ của tôi
          </button>
        </section>
        <section className="card" aria-labelledby="rate-unit">
          <h2 id="rate-unit" className="section__title">Góp ý về một đơn vị</h2>
          <p>Không cần hồ sơ, không ghi tên: chọn đơn vị trong danh bạ rồi bấm "Góp ý về đơn vị".</p>
          <button type="button" className="btn btn--outline btn--block" onClick={() => navigate(paths.contacts)}>
            Chọn đơn vị
          </button>
        </section>
      </main>
    </Page>
  );
}

import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ErrorState, ListSkeleton } from "../../components/States";
import { errorMessage } from "../../services/api";
import { usePrivacy } from "../../services/queries/account";

/** Who controls the citizen's data, for what, on what basis and for how long; the citizen's rights. */
export default function PrivacyPage() {
  const navigate = useNavigate();
  const privacy = usePrivacy();

  return (
    <Page className="page">
      <AppHeader title="Bảo vệ dữ liệu cá nhân" onBack={() => navigate(-1)} />
      <main className="page__body">
        {privacy.isPending ? (
          <ListSkeleton count={3} label="Đang tải..." />
        ) : privacy.isError ? (
          <ErrorState message={errorMessage(privacy.error)} onRetry={() => void privacy.refetch()} retrying={privacy.isFetching} />
        ) : (
          <>
            <section className="card" aria-labelledby="controller-title">
              <h2 id="controller-title" className="section__title">Ai quản lý dữ liệu của bạn</h2>
              <p>
                <strong>{privacy.data.controller.name}</strong>
              </p>
              {privacy.data.controller.address ? <p className="muted">Địa chỉ: {privacy.data.controller.address}</p> : null}
              {privacy.data.controller.contact ? <p className="muted">Liên hệ: {privacy.data.controller.contact}</p> : null}
              <p>{privacy.data.summary}</p>
              <p className="muted">Căn cứ: {privacy.data.law}.</p>
            </section>
            <section className="section" aria-labelledby="categories-title">
              <h2 id="categories-title" className="section__title">Dữ liệu nào, để làm gì, lưu bao lâu</h2>
              <ul className="privacy-list">
                {privacy.data.categories.map((c) => (
                  <li key={c.code} className="card">
                    <h3 className="privacy-list__title">{c.name}</h3>
                    <dl className="facts facts--stacked">
                      <dt>Gồm</dt>
                      <dd>{c.data}</dd>
                      <dt>Để làm gì</dt>
                      <dd>{c.purpose}</dd>
                      <dt>Căn cứ</dt>
                      <dd>{c.basis}</dd>
                      <dt>Lưu bao lâu</dt>
                      <dd>{c.retention}</dd>
                    </dl>
                  </li>
                ))}
              </ul>
            </section>
            <section className="card" aria-labelledby="rights-title">
              <h2 id="rights-title" className="section__title">Quyền của bạn</h2>
              <ul>
                {privacy.data.rights.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </section>
          </>
        )}
      </main>
    </Page>
  );
}

import { EmptyState } from "./States";

/** News and fraud alerts: the articles API is not built yet, so say so plainly. */
export function NewsStrip() {
  return (
    <section className="section" aria-labelledby="news-title">
      <h2 id="news-title" className="section__title">Tin tức và cảnh báo</h2>
      <div className="card">
        <EmptyState icon="news" title="Mục tin tức, cảnh báo lừa đảo sắp ra mắt">
          Trong thời gian chờ, vui lòng theo dõi Zalo OA chính thức để nhận cảnh báo mới nhất.
        </EmptyState>
      </div>
    </section>
  );
}

import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { SearchBox } from "../../components/SearchBox";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { useDebouncedValue } from "../../hooks";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useFaqs } from "../../services/queries/procedures";

export default function HandbookPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const term = useDebouncedValue(search.trim(), 350);
  const faqs = useFaqs({ search: term || undefined });
  const items = faqs.data?.items ?? [];

  return (
    <Page className="page">
      <AppHeader title="Cẩm nang hỏi đáp" onBack={() => navigate(-1)} />
      <main className="page__body">
        <SearchBox value={search} onChange={setSearch} label="Tìm câu hỏi" placeholder="Ví dụ: thue tro, phieu hen" />
        {faqs.isPending ? (
          <ListSkeleton label="Đang tải cẩm nang..." />
        ) : faqs.isError && items.length === 0 ? (
          <ErrorState message={errorMessage(faqs.error)} onRetry={() => void faqs.refetch()} retrying={faqs.isFetching} />
        ) : items.length === 0 ? (
          <EmptyState icon="chat" title={term ? `Chưa có câu hỏi nào về “${term}”.` : "Cẩm nang đang được biên soạn."} />
        ) : (
          <ul className="faq-list">
            {items.map((faq) => (
              <li key={faq.id}>
                <details className="card faq">
                  <summary className="faq__question">{faq.question}</summary>
                  <p className="pre-line">{faq.answer}</p>
                  {faq.procedure ? (
                    <button type="button" className="link-btn" onClick={() => navigate(paths.procedure(faq.procedure!.id))}>
                      Xem thủ tục: {faq.procedure.name}
                    </button>
                  ) : null}
                </details>
              </li>
            ))}
          </ul>
        )}
        {faqs.hasNextPage ? (
          <button type="button" className="btn btn--outline" onClick={() => void faqs.fetchNextPage()} disabled={faqs.isFetchingNextPage}>
            Xem thêm
          </button>
        ) : null}
      </main>
    </Page>
  );
}

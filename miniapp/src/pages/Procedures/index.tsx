import { useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { ProcedureCard } from "../../components/Guides";
import { SearchBox } from "../../components/SearchBox";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { useDebouncedValue } from "../../hooks";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useProcedureFields, useProcedureList } from "../../services/queries/procedures";

export default function ProceduresPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const [field, setField] = useState<number | undefined>(undefined);
  const term = useDebouncedValue(search.trim(), 350);
  const fields = useProcedureFields();
  const list = useProcedureList({ search: term || undefined, field });
  const items = list.data?.items ?? [];

  return (
    <Page className="page">
      <AppHeader title="Thủ tục hành chính" onBack={() => navigate(-1)} />
      <main className="page__body">
        <SearchBox value={search} onChange={setSearch} label="Tìm thủ tục" placeholder="Ví dụ: dang ky tam tru, cccd, ho chieu" />
        <button type="button" className="btn btn--outline" onClick={() => navigate(paths.handbook)}>
          Cẩm nang: những điều người dân hay hỏi
        </button>
        {fields.data && fields.data.length > 1 ? (
          <nav className="chips chips--scroll" aria-label="Lĩnh vực">
            <button type="button" className={`chip${field === undefined ? " chip--active" : ""}`} aria-pressed={field === undefined} onClick={() => setField(undefined)}>
              Tất cả
            </button>
            {fields.data.map((f) => (
              <button key={f.id} type="button" className={`chip${field === f.id ? " chip--active" : ""}`} aria-pressed={field === f.id} onClick={() => setField(f.id)}>
                {f.name} ({f.procedure_count})
              </button>
            ))}
          </nav>
        ) : null}
        <section className="section" aria-labelledby="procedures-title" aria-busy={list.isFetching}>
          <h2 id="procedures-title" className="section__title">{term ? "Kết quả tìm kiếm" : "Danh sách thủ tục"}</h2>
          {list.isPending ? (
            <ListSkeleton label="Đang tải thủ tục..." />
          ) : list.isError && items.length === 0 ? (
            <ErrorState message={errorMessage(list.error)} onRetry={() => void list.refetch()} retrying={list.isFetching} />
          ) : items.length === 0 ? (
            <EmptyState icon="folder" title={term ? `Không tìm thấy thủ tục nào cho “${term}”.` : "Chưa có thủ tục nào được công bố."}>
              Hãy thử từ khóa ngắn hơn, ví dụ "tam tru" hoặc "can cuoc".
            </EmptyState>
          ) : (
            <>
              <ul className="unit-list">
                {items.map((p) => (
                  <ProcedureCard key={p.id} procedure={p} onOpen={(id) => navigate(paths.procedure(id))} />
                ))}
              </ul>
              {list.hasNextPage ? (
                <button type="button" className="btn btn--outline" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                  {list.isFetchingNextPage ? "Đang tải..." : "Xem thêm"}
                </button>
              ) : null}
            </>
          )}
        </section>
      </main>
    </Page>
  );
}

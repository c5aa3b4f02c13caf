import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { SearchBox } from "../../components/SearchBox";
import { ErrorState, ListSkeleton } from "../../components/States";
import { useDebouncedValue, useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import { errorMessage } from "../../services/api";
import { useUnitList } from "../../services/queries/units";
import { useAppStore } from "../../store";
import { ConnectedUnitList } from "../../widgets/ConnectedUnitList";

/** Without a search: the top-level units, and when there is a single root (the province), its direct children. */
function Browse({ onOpen, onCall }: { onOpen: (id: number) => void; onCall: (n: string) => void }) {
  const roots = useUnitList({ root: true });
  const rootUnits = roots.data?.items ?? [];
  const single = rootUnits.length === 1 ? rootUnits[0] : undefined;

  if (roots.isPending) return <ListSkeleton label="Đang tải danh sách đơn vị..." />;
  if (roots.isError && rootUnits.length === 0)
    return <ErrorState message={errorMessage(roots.error)} onRetry={() => void roots.refetch()} retrying={roots.isFetching} />;

  return (
    <>
      <section className="section" aria-labelledby="roots-title">
        <h2 id="roots-title" className="section__title">Đơn vị</h2>
        <ConnectedUnitList params={{ root: true }} emptyTitle="Chưa có đơn vị nào được công bố." onOpen={onOpen} onCall={onCall} />
      </section>
      {single && single.children_count > 0 ? (
        <section className="section" aria-labelledby="children-title">
          <h2 id="children-title" className="section__title">Đơn vị trực thuộc</h2>
          <ConnectedUnitList params={{ parent: single.id }} emptyTitle="Chưa có đơn vị trực thuộc." onOpen={onOpen} onCall={onCall} />
        </section>
      ) : null}
    </>
  );
}

export default function ContactsPage() {
  const navigate = useNavigate();
  const { call } = useDeviceActions();
  const search = useAppStore((s) => s.contactsSearch);
  const setSearch = useAppStore((s) => s.setContactsSearch);
  const term = useDebouncedValue(search.trim(), 400);
  const open = (id: number) => navigate(paths.unit(id));

  return (
    <Page className="page">
      <AppHeader title="Liên hệ" onBack={() => navigate(-1)} />
      <main className="page__body">
        <SearchBox value={search} onChange={setSearch} label="Tìm đơn vị" placeholder="Tìm đơn vị, ví dụ: cong an xa..." />
        {term ? (
          <section className="section" aria-labelledby="results-title">
            <h2 id="results-title" className="section__title">Kết quả tìm kiếm</h2>
            <ConnectedUnitList
              params={{ search: term }}
              emptyTitle={`Không tìm thấy đơn vị nào cho “${term}”.`}
              emptyBody="Hãy thử từ khóa ngắn hơn, ví dụ tên xã, phường hoặc tên phòng."
              onOpen={open}
              onCall={call}
            />
          </section>
        ) : (
          <Browse onOpen={open} onCall={call} />
        )}
      </main>
    </Page>
  );
}

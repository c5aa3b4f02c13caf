import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { DossierCard, PullToRefresh } from "../../components/Dossier";
import { Icon } from "../../components/icons";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { paths } from "../../routes";
import { ApiError, errorMessage } from "../../services/api";
import { refreshResultText, useFollowedDossiers, useMyDossiers, useRefreshMyDossiers } from "../../services/queries/dossiers";

interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** "Xem thêm" under a list that has more pages (a citizen with many dossiers sees all of them). */
function MoreButton({ list, shown, total }: { list: PagedQuery; shown: number; total: number }) {
  if (!list.hasNextPage) return null;
  return (
    <>
      {list.isFetchNextPageError ? (
        <p className="toolbar__result toolbar__result--error" role="alert">
          Chưa tải được thêm hồ sơ. Hãy thử lại.
        </p>
      ) : null}
      <button type="button" className="btn btn--outline btn--block" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
        {list.isFetchingNextPage ? "Đang tải..." : `Xem thêm (đang hiện ${shown}/${total})`}
      </button>
    </>
  );
}

/** Hồ sơ của tôi: dossiers under my verified phone, and the ones I follow after a lookup. */
export default function MyDossiersPage() {
  const navigate = useNavigate();
  const mine = useMyDossiers();
  const followed = useFollowedDossiers();
  const upstream = useRefreshMyDossiers();
  const needsPhone = mine.error instanceof ApiError && mine.error.code === "phone_not_verified";
  const refreshing = mine.isRefetching || followed.isRefetching;
  const canAskUpstream = mine.isSuccess;
  const upstreamLine = upstream.isSuccess ? refreshResultText(upstream.data.updated) : upstream.isError ? errorMessage(upstream.error) : "";
  const refresh = () => {
    void mine.refetch();
    void followed.refetch();
  };
  const mineIds = new Set(mine.data?.items.map((d) => d.id) ?? []);
  const onlyFollowed = followed.data?.items.filter((d) => !mineIds.has(d.id)) ?? [];
  const open = (id: number) => navigate(paths.dossier(id));

  return (
    <Page className="page">
      <AppHeader title="Hồ sơ của tôi" onBack={() => navigate(-1)} />
      <main className="page__body">
        <PullToRefresh onRefresh={refresh} refreshing={refreshing}>
          <div className="toolbar">
            {canAskUpstream ? (
              <button
                type="button"
                className="btn btn--outline btn--small"
                onClick={() => upstream.mutate()}
                disabled={upstream.isPending}
                aria-busy={upstream.isPending}
                aria-describedby="upstream-result"
              >
                <span>{upstream.isPending ? "Đang cập nhật..." : "Cập nhật trạng thái"}</span>
              </button>
            ) : null}
            <button type="button" className="btn btn--ghost btn--small" onClick={refresh} disabled={refreshing}>
              <Icon name="retry" />
              <span>{refreshing ? "Đang làm mới..." : "Làm mới"}</span>
            </button>
          </div>
          <p id="upstream-result" className={upstream.isError ? "toolbar__result toolbar__result--error" : "toolbar__result"} aria-live="polite">
            {upstreamLine}
          </p>
          {mine.isPending ? (
            <ListSkeleton count={3} label="Đang tải hồ sơ của bạn..." />
          ) : needsPhone ? (
            <section className="card">
              <p>
                Để xem các hồ sơ đứng tên số điện thoại của bạn mà không cần mã hồ sơ, hãy xác minh số điện thoại Zalo của bạn.
              </p>
              <button type="button" className="btn btn--primary btn--block" onClick={() => navigate(paths.phoneConsent)}>
                Xác minh số điện thoại
              </button>
            </section>
          ) : mine.isError ? (
            <ErrorState message={errorMessage(mine.error)} onRetry={refresh} retrying={refreshing} />
          ) : mine.data.items.length === 0 ? (
            <EmptyState icon="folder" title="Chưa có hồ sơ nào khai số điện thoại của bạn">
              Hồ sơ nộp với số điện thoại khác? Hãy tra cứu bằng mã hồ sơ.
            </EmptyState>
          ) : (
            <>
              <ul className="dossier-list" aria-label="Hồ sơ khai số điện thoại của bạn">
                {mine.data.items.map((item) => (
                  <DossierCard key={item.id} item={item} onOpen={open} />
                ))}
              </ul>
              <MoreButton list={mine} shown={mine.data.items.length} total={mine.data.count} />
            </>
          )}
          {onlyFollowed.length > 0 ? (
            <section className="section" aria-labelledby="followed-title">
              <h2 id="followed-title" className="section__title">Hồ sơ đang theo dõi</h2>
              <ul className="dossier-list">
                {onlyFollowed.map((item) => (
                  <DossierCard key={item.id} item={item} onOpen={open} />
                ))}
              </ul>
              <MoreButton list={followed} shown={followed.data?.items.length ?? 0} total={followed.data?.count ?? 0} />
            </section>
          ) : null}
          <button type="button" className="btn btn--outline btn--block" onClick={() => navigate(paths.dossierLookup)}>
            Tra cứu hồ sơ bằng mã
          </button>
        </PullToRefresh>
      </main>
    </Page>
  );
}

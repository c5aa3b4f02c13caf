import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { Breadcrumb } from "../../components/Breadcrumb";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { UnitInfo } from "../../components/UnitInfo";
import { useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import { ApiError, errorMessage } from "../../services/api";
import { useUnit } from "../../services/queries/units";
import { ConnectedUnitList } from "../../widgets/ConnectedUnitList";
import { UnitFollowOA } from "../../widgets/UnitFollowOA";
import { UnitSatisfaction } from "../../widgets/UnitSatisfaction";

export default function UnitDetailPage() {
  const navigate = useNavigate();
  const params = useParams();
  const id = Number(params.id);
  const unit = useUnit(id);
  const { call, openUrl } = useDeviceActions();
  const open = (unitId: number) => navigate(paths.unit(unitId));

  return (
    <Page className="page">
      <AppHeader title={unit.data?.name ?? "Thông tin đơn vị"} onBack={() => navigate(-1)} />
      <main className="page__body">
        {unit.isPending ? (
          <ListSkeleton count={3} label="Đang tải thông tin đơn vị..." />
        ) : unit.error instanceof ApiError && unit.error.status === 404 ? (
          // Retrying a unit that does not exist (or was merged away) cannot help: offer the list instead.
          <EmptyState icon="building" title={unit.error.message}>
            <button type="button" className="btn btn--outline" onClick={() => navigate(paths.contacts, { replace: true })}>
              Xem danh bạ các đơn vị
            </button>
          </EmptyState>
        ) : unit.isError ? (
          <ErrorState message={errorMessage(unit.error)} onRetry={() => void unit.refetch()} retrying={unit.isFetching} />
        ) : (
          <>
            <Breadcrumb items={unit.data.ancestors} onSelect={open} />
            <UnitInfo unit={unit.data} onCall={call} onOpenUrl={openUrl} />
            <UnitFollowOA key={unit.data.id} oaId={unit.data.zalo_oa_id} unitName={unit.data.name} />
            <UnitSatisfaction unitId={id} onSurvey={() => navigate(paths.unitSurvey(id))} />
            <button type="button" className="btn btn--outline btn--block" onClick={() => navigate(paths.questionNew({ unit: id }))}>
              Hỏi cán bộ đơn vị này
            </button>
            {unit.data.children_count > 0 ? (
              <section className="section" aria-labelledby="sub-title">
                <h2 id="sub-title" className="section__title">Đơn vị trực thuộc</h2>
                <ConnectedUnitList params={{ parent: id }} emptyTitle="Chưa có đơn vị trực thuộc." onOpen={open} onCall={call} />
              </section>
            ) : null}
          </>
        )}
      </main>
    </Page>
  );
}

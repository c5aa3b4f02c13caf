import { useState } from "react";
import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { CasePicker, ChannelTable, DocumentChecklist, StepList, UsefulWidget, type UsefulWidgetProps } from "../../components/Guides";
import { PhoneButton } from "../../components/PhoneButton";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { useChecklist } from "../../checklist";
import { useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import { ApiError, errorMessage } from "../../services/api";
import { formatDate } from "../../services/format";
import { sendProcedureFeedback } from "../../services/endpoints";
import { useProcedure } from "../../services/queries/procedures";


export default function ProcedureDetailPage() {
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const procedure = useProcedure(id);
  const { call, openUrl, openForm } = useDeviceActions();
  const [caseId, setCaseId] = useState<number | null>(null);
  const ticked = useChecklist((s) => s.ticked);
  const toggle = useChecklist((s) => s.toggle);
  const [useful, setUseful] = useState<{ state: UsefulWidgetProps["state"]; message?: string }>({ state: "idle" });

  const answer = async (isUseful: boolean, reason: string) => {
    setUseful({ state: "sending" });
    try {
      setUseful({ state: "sent", message: (await sendProcedureFeedback(id, isUseful, reason)).message });
    } catch (error) {
      setUseful({ state: "error", message: errorMessage(error) });
    }
  };

  if (procedure.isPending)
    return (
      <Page className="page">
        <AppHeader title="Thủ tục" onBack={() => navigate(-1)} />
        <main className="page__body"><ListSkeleton count={4} label="Đang tải hướng dẫn..." /></main>
      </Page>
    );
  if (procedure.isError)
    return (
      <Page className="page">
        <AppHeader title="Thủ tục" onBack={() => navigate(-1)} />
        <main className="page__body">
          {procedure.error instanceof ApiError && procedure.error.status === 404 ? (
            <EmptyState icon="folder" title="Thủ tục này không còn được công bố.">
              <button type="button" className="btn btn--outline" onClick={() => navigate(paths.procedures, { replace: true })}>
                Xem danh sách thủ tục
              </button>
            </EmptyState>
          ) : (
            <ErrorState message={errorMessage(procedure.error)} onRetry={() => void procedure.refetch()} retrying={procedure.isFetching} />
          )}
        </main>
      </Page>
    );

  const p = procedure.data;
  const selectedCase = p.cases.find((c) => c.id === caseId) ?? (p.cases.length === 1 ? p.cases[0] : undefined);
  const tickedIds = selectedCase ? ticked[`${p.id}:${selectedCase.id}`] ?? [] : [];

  return (
    <Page className="page">
      <AppHeader title={p.name} onBack={() => navigate(-1)} />
      <main className="page__body">
        <section className="card">
          <p className="muted">Mã thủ tục {p.full_code} · {p.field.name}</p>
          {p.summary ? <p>{p.summary}</p> : null}
          <p className="muted">{p.level_display} · {p.online_level_display}{p.agency ? ` · ${p.agency}` : ""}</p>
          {p.portal_url ? (
            <button type="button" className="btn btn--primary" onClick={() => openUrl(p.portal_url)}>
              Nộp trực tuyến
            </button>
          ) : null}
          <button type="button" className="btn btn--outline" onClick={() => navigate(paths.questionNew({ procedure: p.id }))}>
            Hỏi cán bộ về thủ tục này
          </button>
        </section>

        <section className="section" aria-labelledby="docs-title">
          <h2 id="docs-title" className="section__title">Giấy tờ cần chuẩn bị</h2>
          {p.cases.length > 1 ? <CasePicker cases={p.cases} selected={selectedCase?.id ?? null} onSelect={setCaseId} /> : null}
          {selectedCase ? (
            <DocumentChecklist
              documents={selectedCase.documents}
              isTicked={(docId) => tickedIds.includes(docId)}
              onToggle={(docId) => toggle(p.id, selectedCase.id, docId)}
              onOpenForm={openForm}
            />
          ) : p.cases.length > 1 ? (
            <p className="muted">Chọn trường hợp của bạn để xem đúng danh sách giấy tờ.</p>
          ) : (
            <p className="muted">Chưa có danh sách giấy tờ.</p>
          )}
        </section>

        {p.channels.length ? (
          <section className="section" aria-labelledby="fee-title">
            <h2 id="fee-title" className="section__title">Cách nộp, thời hạn và lệ phí</h2>
            <ChannelTable channels={p.channels} />
          </section>
        ) : null}

        {p.steps.length ? (
          <section className="section" aria-labelledby="steps-title">
            <h2 id="steps-title" className="section__title">Các bước thực hiện</h2>
            <StepList steps={p.steps} />
          </section>
        ) : null}

        {p.conditions || p.result ? (
          <section className="card">
            {p.conditions ? (<><h2 className="section__title">Điều kiện</h2><p className="pre-line">{p.conditions}</p></>) : null}
            {p.result ? (<><h2 className="section__title">Kết quả</h2><p className="pre-line">{p.result}</p></>) : null}
          </section>
        ) : null}

        {p.units.length ? (
          <section className="section" aria-labelledby="where-title">
            <h2 id="where-title" className="section__title">Nơi nộp hồ sơ</h2>
            <ul className="card unit-phones">
              {p.units.slice(0, 10).map((u) => (
                <li key={u.id}>
                  <strong>{u.name}</strong>
                  {u.address ? <p className="muted">{u.address}</p> : null}
                  {u.phones[0] ? <PhoneButton phone={u.phones[0]} onCall={call} compact /> : null}
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {p.legal_basis.length ? (
          <details className="card">
            <summary>Căn cứ pháp lý</summary>
            <ul>{p.legal_basis.map((b) => <li key={b}>{b}</li>)}</ul>
          </details>
        ) : null}
        {p.retrieved_at ? <p className="muted">Theo Cổng dịch vụ công Bộ Công an, kiểm tra ngày {formatDate(p.retrieved_at)}.</p> : null}

        <UsefulWidget state={useful.state} message={useful.message} onAnswer={(u, r) => void answer(u, r)} />
      </main>
    </Page>
  );
}

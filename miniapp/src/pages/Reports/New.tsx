import { useRef, useState, type ChangeEvent } from "react";
import { useParams } from "react-router-dom";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { Icon } from "../../components/icons";
import { AnonymityChoice, MediaList, ReportEmergency } from "../../components/Report";
import { EmptyState, ErrorState, ListSkeleton } from "../../components/States";
import { TextField } from "../../components/TextField";
import { useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import { ApiError, errorMessage } from "../../services/api";
import {
  clockText,
  draftProblems,
  emptyDraft,
  fieldErrors,
  mediaFromFile,
  mediaFromUpload,
  mediaUploadUrl,
  submitReport,
  type DraftErrors,
  type ReportDraft,
} from "../../services/reports";
import type { ReportForm, SubmittedReport } from "../../services/types";
import { zalo } from "../../services/zalo";
import { useReportAreas, useReportForm } from "../../services/queries/reports";
import { ReportReview, ReportSuccess } from "./Steps";

/** One report: the form for its kind, a review step, then the tracking code and secret. */
export default function NewReportPage() {
  const navigate = useNavigate();
  const { kind: kindCode = "" } = useParams();
  const { call } = useDeviceActions();
  const form = useReportForm();
  const kind = form.data?.kinds.find((k) => k.code === kindCode);
  const number = form.data?.emergency.number ?? "113";

  return (
    <Page className="page">
      <AppHeader title={kind?.name ?? "Gửi tin báo, phản ánh"} onBack={() => navigate(-1)} />
      <main className="page__body">
        <ReportEmergency number={number} text={form.data?.emergency.text ?? ""} onCall={call} />
        {form.isPending ? (
          <ListSkeleton count={3} label="Đang tải biểu mẫu..." />
        ) : form.isError ? (
          <ErrorState message={errorMessage(form.error)} onRetry={() => void form.refetch()} retrying={form.isRefetching} />
        ) : !kind ? (
          <EmptyState icon="alert" title="Không có loại tin này">
            <button type="button" className="btn btn--outline" onClick={() => navigate(paths.reports)}>
              Chọn loại tin khác
            </button>
          </EmptyState>
        ) : (
          <>
            <ReportFlow key={kind.code} config={form.data} draftKind={kind.code} />
            {/* The home tiles open a kind's form directly; the other kinds and tracking are one tap away. */}
            <button type="button" className="card link-card" onClick={() => navigate(paths.reports)}>
              <Icon name="search" />
              <span>
                <strong>Loại tin khác, tin đã gửi</strong>
              </span>
            </button>
          </>
        )}
      </main>
    </Page>
  );
}

type Step = "form" | "review" | "done";

function ReportFlow({ config, draftKind }: { config: ReportForm; draftKind: string }) {
  const kind = config.kinds.find((k) => k.code === draftKind)!;
  const [draft, setDraft] = useState<ReportDraft>(() => emptyDraft(kind));
  const [step, setStep] = useState<Step>("form");
  const [errors, setErrors] = useState<DraftErrors & { form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<SubmittedReport | null>(null);
  const update = (patch: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...patch }));

  // An error shown after "Xem lại" goes away as soon as the citizen fixes that field (no stale "ít nhất
  // 10 ký tự" under a text that is long enough now); no new errors appear before the next "Xem lại".
  // Adjusted while rendering the changed draft, not in an effect (no extra render with the stale error).
  const [checkedDraft, setCheckedDraft] = useState(draft);
  if (checkedDraft !== draft) {
    setCheckedDraft(draft);
    setErrors((shown) => {
      const fields = Object.keys(shown).filter((key) => key !== "form");
      if (fields.length === 0) return shown;
      const still = draftProblems(draft, config.limits) as Record<string, string | undefined>;
      const kept = Object.fromEntries(Object.entries(shown).filter(([key]) => key === "form" || still[key]));
      return Object.keys(kept).length === Object.keys(shown).length ? shown : kept;
    });
  }

  const review = () => {
    const problems = draftProblems(draft, config.limits);
    setErrors(problems);
    if (Object.keys(problems).length === 0) setStep("review");
  };

  const send = async () => {
    setBusy(true);
    setErrors({});
    try {
      setDone(await submitReport(draft));
      setStep("done");
    } catch (err) {
      const fields = err instanceof ApiError ? fieldErrors(err.fields) : {};
      setErrors({ ...fields, form: errorMessage(err) });
      if (Object.keys(fields).length > 0) setStep("form");
    } finally {
      setBusy(false);
    }
  };

  if (step === "done" && done) return <ReportSuccess submitted={done} />;
  if (step === "review") {
    return <ReportReview draft={draft} config={config} busy={busy} error={errors.form} onEdit={() => setStep("form")} onSend={() => void send()} />;
  }
  return <ReportFields config={config} draft={draft} errors={errors} update={update} onNext={review} />;
}

interface FieldsProps {
  config: ReportForm;
  draft: ReportDraft;
  errors: DraftErrors & { form?: string };
  update: (patch: Partial<ReportDraft>) => void;
  onNext: () => void;
}

function ReportFields({ config, draft, errors, update, onNext }: FieldsProps) {
  const { kind } = draft;
  const native = zalo().mode === "zalo";
  const fileInput = useRef<HTMLInputElement>(null);
  const [placeNote, setPlaceNote] = useState<string | null>(null);
  const [mediaNote, setMediaNote] = useState<string | null>(null);
  const areas = useReportAreas(kind.asks_location);

  const locate = async () => {
    setPlaceNote(null);
    try {
      const token = await zalo().getLocationToken();
      if (token) update({ place: { type: "location", token } });
      else setPlaceNote("Bạn chưa cho phép lấy vị trí. Hãy chọn xã/phường hoặc nhập địa chỉ.");
    } catch {
      setPlaceNote("Không lấy được vị trí. Hãy chọn xã/phường hoặc nhập địa chỉ.");
    }
  };

  const pick = async (type: "photo" | "video") => {
    setMediaNote(null);
    try {
      const max = type === "video" ? config.limits.max_video_bytes : config.limits.max_photo_bytes;
      const data = await zalo().pickMedia({ type, uploadUrl: mediaUploadUrl(), maxItemSize: max });
      if (data) update({ media: [...draft.media, mediaFromUpload(data, type)] });
    } catch (err) {
      setMediaNote(errorMessage(err));
    }
  };

  const onFiles = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    update({ media: [...draft.media, ...files.map(mediaFromFile)] });
    event.target.value = ""; // the same file can be chosen again after removing it
  };

  const areaValue = draft.place.type === "area" ? String(draft.place.area.id) : "";

  return (
    <form
      className="report-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onNext();
      }}
    >
      <p className="muted">
        {kind.description} {clockText(kind) ? `${clockText(kind)}.` : ""}
      </p>
      <TextField
        multiline
        label="Nội dung sự việc *"
        name="description"
        rows={5}
        maxLength={5000}
        value={draft.description}
        onChange={(e) => update({ description: e.target.value })}
        error={errors.description}
      />
      {kind.asks_occurred_at ? (
        <TextField
          label="Thời gian xảy ra"
          type="datetime-local"
          name="occurred_at"
          value={draft.occurredAt}
          onChange={(e) => update({ occurredAt: e.target.value })}
          error={errors.occurredAt}
        />
      ) : null}
      {kind.asks_location ? (
        <fieldset className="field">
          <legend className="field__label">Nơi xảy ra{kind.requires_location ? " *" : ""}</legend>
          <button type="button" className="btn btn--outline btn--block" onClick={() => void locate()}>
            <Icon name="pin" />
            <span>{draft.place.type === "location" ? "Đã lấy vị trí hiện tại ✓" : "Lấy vị trí hiện tại"}</span>
          </button>
          <p className="muted">Vị trí chỉ dùng để chuyển tin tới Công an xã/phường phụ trách.</p>
          <label className="field">
            <span>Hoặc chọn xã/phường</span>
            <select
              className="input"
              name="area"
              value={areaValue}
              onChange={(e) => {
                const area = areas.data?.results.find((a) => String(a.id) === e.target.value);
                update({ place: area ? { type: "area", area } : { type: "none" } });
              }}
            >
              <option value="">— Chọn xã/phường —</option>
              {areas.data?.results.map((area) => (
                <option key={area.id} value={area.id}>
                  {area.name}
                </option>
              ))}
            </select>
          </label>
          <TextField
            plainLabel
            label="Hoặc nhập địa chỉ"
            name="address"
            maxLength={300}
            value={draft.place.type === "address" ? draft.place.address : ""}
            onChange={(e) => update({ place: e.target.value ? { type: "address", address: e.target.value } : { type: "none" } })}
          />
          {placeNote ? <p className="muted" role="status">{placeNote}</p> : null}
          {errors.place ? <span className="inline-error">{errors.place}</span> : null}
        </fieldset>
      ) : null}
      {kind.asks_vehicle_plate ? (
        <TextField
          label="Biển số phương tiện (nếu thấy rõ)"
          name="vehicle_plate"
          maxLength={16}
          value={draft.vehiclePlate}
          onChange={(e) => update({ vehiclePlate: e.target.value })}
          autoCapitalize="characters"
          error={errors.vehiclePlate}
        />
      ) : null}
      <fieldset className="field">
        <legend className="field__label">Ảnh, video{kind.requires_media ? " *" : ""}</legend>
        <MediaList items={draft.media} onRemove={(i) => update({ media: draft.media.filter((_, j) => j !== i) })} />
        {draft.media.length < config.limits.max_files ? (
          native ? (
            <span className="field__row">
              <button type="button" className="btn btn--outline" onClick={() => void pick("photo")}>
                Thêm ảnh
              </button>
              <button type="button" className="btn btn--outline" onClick={() => void pick("video")}>
                Thêm video
              </button>
            </span>
          ) : (
            <label className="field">
              <span>Chọn ảnh hoặc video</span>
              <input ref={fileInput} className="input" type="file" name="files" accept="image/jpeg,image/png,image/webp,video/mp4,video/quicktime,video/3gpp,video/webm" multiple onChange={onFiles} />
            </label>
          )
        ) : null}
        <p className="muted">
          Tối đa {config.limits.max_files} tệp. Thông tin vị trí, thiết bị trong ảnh được xóa trước khi lưu.
        </p>
        {mediaNote ? <p className="inline-error">{mediaNote}</p> : null}
        {errors.media ? <span className="inline-error">{errors.media}</span> : null}
      </fieldset>
      <AnonymityChoice anonymous={draft.anonymous} allowed={kind.allows_anonymous} texts={config.anonymity} onChange={(anonymous) => update({ anonymous })} />
      {!draft.anonymous ? (
        <fieldset className="field">
          <legend className="field__label">Liên hệ (không bắt buộc)</legend>
          <TextField plainLabel label="Họ tên" name="contact_name" maxLength={100} value={draft.contactName} onChange={(e) => update({ contactName: e.target.value })} />
          <TextField
            plainLabel
            label="Số điện thoại"
            name="contact_phone"
            inputMode="tel"
            maxLength={20}
            value={draft.contactPhone}
            onChange={(e) => update({ contactPhone: e.target.value })}
            error={errors.contactPhone}
          />
        </fieldset>
      ) : null}
      <p className="muted">{config.false_report_warning}</p>
      {errors.form ? <p className="inline-error" role="alert">{errors.form}</p> : null}
      <button type="submit" className="btn btn--primary btn--block">
        Xem lại trước khi gửi
      </button>
    </form>
  );
}

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocation } from "react-router-dom";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { TextField } from "../../components/TextField";
import { ReportStatusView } from "../../components/Report";
import { ApiError, errorMessage } from "../../services/api";
import { codeClean } from "../../services/codes";
import * as queryKeys from "../../services/queries/keys";
import { trackCodeProblem, trackReport, trackSecretProblem } from "../../services/reports";
import type { TrackedReport } from "../../services/types";

/** Tra cứu tin đã gửi bằng mã theo dõi + mã bí mật (the code may come from the deep link). */
export default function TrackReportPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState(new URLSearchParams(location.search).get("code") ?? "");
  // Filled when the citizen comes from "Tra cứu tin này" right after sending: no retyping the secret.
  const [secret, setSecret] = useState(() => queryClient.getQueryData<string>(queryKeys.trackSecret(codeClean(code))) ?? "");
  const [errors, setErrors] = useState<{ code?: string; secret?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TrackedReport | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = { code: trackCodeProblem(code) ?? undefined, secret: trackSecretProblem(secret) ?? undefined };
    if (problems.code || problems.secret) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      setResult(await trackReport(code, secret));
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setResult(null);
      setErrors({ code: fields.code?.[0], secret: fields.secret?.[0], form: fields.code || fields.secret ? undefined : errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="page">
      <AppHeader title="Tra cứu tin đã gửi" onBack={() => navigate(-1)} />
      <main className="page__body">
        <form className="card lookup-form" onSubmit={(e) => void submit(e)} noValidate>
          <TextField label="Mã theo dõi" name="code" value={code} onChange={(e) => setCode(e.target.value)} autoCapitalize="characters" autoComplete="off" maxLength={16} error={errors.code} />
          <TextField label="Mã bí mật" name="secret" value={secret} onChange={(e) => setSecret(e.target.value)} autoCapitalize="characters" autoComplete="off" maxLength={20} error={errors.secret} />
          {errors.form ? <p className="inline-error" role="alert">{errors.form}</p> : null}
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? "Đang tra cứu..." : "Tra cứu"}
          </button>
          <p className="muted">Hai mã được cấp khi bạn gửi tin. Người khác chỉ có mã theo dõi cũng không xem được.</p>
        </form>
        {result ? <ReportStatusView report={result} /> : null}
      </main>
    </Page>
  );
}

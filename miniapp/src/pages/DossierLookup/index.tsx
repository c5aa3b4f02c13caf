import { useState, type FormEvent } from "react";
import { useLocation } from "react-router-dom";
import { Page, useNavigate } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { Icon } from "../../components/icons";
import { TextField } from "../../components/TextField";
import { paths } from "../../routes";
import { ApiError, errorMessage } from "../../services/api";
import { codeFromScan, codeProblem, lookupDossier, verifierProblem } from "../../services/dossiers";
import { zalo } from "../../services/zalo";
import { useAppStore } from "../../store";

/** Tra cứu hồ sơ: the code (typed, from the slip's QR, or from the deep link) and a second factor. */
export default function DossierLookupPage() {
  const navigate = useNavigate();
  const setLookupResult = useAppStore((s) => s.setLookupResult);
  const location = useLocation();
  const initialCode = new URLSearchParams(location.search).get("code") ?? "";
  const [code, setCode] = useState(initialCode);
  const [verifier, setVerifier] = useState("");
  const [errors, setErrors] = useState<{ code?: string; verifier?: string; form?: string }>({});
  const [busy, setBusy] = useState(false);

  const scan = async () => {
    setErrors({});
    try {
      const scanned = await zalo().scanQRCode();
      if (scanned === null) return; // cancelled
      const found = codeFromScan(scanned);
      if (found) setCode(found);
      else setErrors({ code: "Mã QR này không phải mã hồ sơ. Hãy quét mã trên giấy hẹn trả kết quả." });
    } catch {
      setErrors({ code: "Không mở được máy ảnh để quét. Vui lòng nhập mã hồ sơ." });
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problems = { code: codeProblem(code) ?? undefined, verifier: verifierProblem(verifier) ?? undefined };
    if (problems.code || problems.verifier) {
      setErrors(problems);
      return;
    }
    setBusy(true);
    setErrors({});
    try {
      const result = await lookupDossier(code, verifier);
      setLookupResult(result);
      navigate(paths.dossierResult);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fields : {};
      setErrors({ code: fields.code?.[0], verifier: fields.verifier?.[0], form: fields.code || fields.verifier ? undefined : errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page className="page">
      <AppHeader title="Tra cứu hồ sơ" onBack={() => navigate(-1)} />
      <main className="page__body">
        <form className="card lookup-form" onSubmit={(e) => void submit(e)} noValidate>
          <p className="muted">Nhập mã hồ sơ in trên giấy hẹn trả kết quả, hoặc quét mã QR trên giấy hẹn.</p>
          <TextField
            label="Mã hồ sơ"
            name="code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoCapitalize="characters"
            autoComplete="off"
            maxLength={50}
            error={errors.code}
            after={
              <button type="button" className="btn btn--outline btn--small" onClick={() => void scan()}>
                <Icon name="search" />
                <span>Quét QR</span>
              </button>
            }
          />
          <TextField
            label="4 số cuối số định danh cá nhân (in trên thẻ căn cước), hoặc số điện thoại khai khi nộp"
            name="verifier"
            value={verifier}
            onChange={(e) => setVerifier(e.target.value)}
            inputMode="numeric"
            autoComplete="off"
            maxLength={16}
            error={errors.verifier}
          />
          {errors.form ? <p className="inline-error" role="alert">{errors.form}</p> : null}
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? "Đang tra cứu..." : "Tra cứu"}
          </button>
          <p className="muted">Thông tin xác minh giúp bảo vệ hồ sơ của bạn: người khác có mã hồ sơ cũng không xem được.</p>
        </form>
        <button type="button" className="card link-card" onClick={() => navigate(paths.myDossiers)}>
          <Icon name="folder" />
          <span>
            <strong>Hồ sơ của tôi</strong>
            <span className="muted"> — xem mọi hồ sơ khai số điện thoại Zalo của bạn, không cần mã</span>
          </span>
        </button>
      </main>
    </Page>
  );
}

import { Icon } from "./icons";
import type { FollowResult } from "../services/zalo";

export interface FollowOAPromptProps {
  unitName: string;
  result: FollowResult | null;
  busy?: boolean;
  onFollow: () => void;
  onDismiss: () => void;
}

/** Explains why to follow before asking: the review rules want a user action and a reason. */
export function FollowOAPrompt({ unitName, result, busy = false, onFollow, onDismiss }: FollowOAPromptProps) {
  if (result === "followed") {
    return (
      <section className="card follow-oa follow-oa--done" aria-live="polite">
        <Icon name="check" />
        <p>Cảm ơn bạn đã theo dõi trang Zalo của {unitName}. Bạn sẽ nhận được thông báo và cảnh báo mới qua Zalo.</p>
      </section>
    );
  }
  return (
    <section className="card follow-oa" aria-labelledby="follow-oa-title">
      <div className="follow-oa__head">
        <Icon name="bell" className="follow-oa__icon" />
        <h2 id="follow-oa-title" className="follow-oa__title">Nhận thông báo từ {unitName}</h2>
      </div>
      <p className="follow-oa__body">
        Theo dõi trang Zalo chính thức để nhận cảnh báo lừa đảo, tin an ninh trật tự và kết quả giải quyết hồ sơ.
      </p>
      {result === "denied" ? <p className="follow-oa__note">Bạn chưa đồng ý theo dõi. Bạn có thể theo dõi bất cứ lúc nào.</p> : null}
      {result === "failed" ? <p className="follow-oa__note">Chưa theo dõi được. Vui lòng thử lại.</p> : null}
      <div className="follow-oa__actions">
        <button type="button" className="btn btn--primary" onClick={onFollow} disabled={busy}>
          <Icon name="oa" />
          <span>{busy ? "Đang xử lý..." : "Theo dõi trang Zalo"}</span>
        </button>
        <button type="button" className="btn btn--ghost" onClick={onDismiss}>
          Để sau
        </button>
      </div>
    </section>
  );
}

// "Theo dõi hồ sơ": follow / unfollow, then (after the tap) offer to turn on notifications.
import { useState } from "react";
import { errorMessage } from "../services/api";
import { followDossier, unfollowDossier } from "../services/dossiers";
import { allowNotifications } from "../services/session";
import { ConsentNote } from "./ConsentNote";
import { Icon } from "../components/icons";

export interface FollowControlProps {
  dossierId: number;
  following: boolean;
  /** How to prove access: the lookup's token, or nothing (my own dossier, followed by id). */
  followToken?: string;
  onChange: (following: boolean) => void;
}

export function FollowControl({ dossierId, following, followToken, onChange }: FollowControlProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [askNotify, setAskNotify] = useState(false);
  const [notifyDone, setNotifyDone] = useState<string | null>(null);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      if (following) {
        await unfollowDossier(dossierId);
        onChange(false);
        setAskNotify(false);
      } else {
        await followDossier(followToken ? { follow_token: followToken } : { dossier_id: dossierId });
        onChange(true);
        setAskNotify(true);
      }
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const notify = async () => {
    setBusy(true);
    try {
      const me = await allowNotifications();
      setNotifyDone(me.miniapp_notifications_allowed ? "Đã bật thông báo. Bạn sẽ nhận tin khi hồ sơ thay đổi." : "Bạn chưa cho phép thông báo. Có thể bật lại trong mục Tài khoản.");
      setAskNotify(false);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card follow-box" aria-live="polite">
      <button type="button" className={`btn ${following ? "btn--outline" : "btn--primary"} btn--block`} disabled={busy} onClick={() => void toggle()}>
        <Icon name="bell" />
        <span>{busy ? "Đang xử lý..." : following ? "Đang theo dõi · Bỏ theo dõi" : "Theo dõi hồ sơ"}</span>
      </button>
      {!following ? <ConsentNote purpose="follow" /> : null}
      {askNotify ? (
        <div className="follow-box__notify">
          <p>Bật thông báo để nhận tin trên Zalo mỗi khi hồ sơ có thay đổi.</p>
          <button type="button" className="btn btn--small btn--primary" disabled={busy} onClick={() => void notify()}>
            Bật thông báo
          </button>
        </div>
      ) : null}
      {notifyDone ? <p className="muted">{notifyDone}</p> : null}
      {error ? <p className="inline-error" role="alert">{error}</p> : null}
    </section>
  );
}

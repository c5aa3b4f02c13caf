import { useEffect, useState } from "react";
import { Page, useNavigate } from "zmp-ui";
import { EmergencyNotice } from "../../components/EmergencyNotice";
import { FollowOAPrompt } from "../../components/FollowOAPrompt";
import { NewsStrip } from "../../components/NewsStrip";
import { QuickActions } from "../../components/QuickActions";
import { SiteBanner } from "../../components/SiteBanner";
import { useDeviceActions } from "../../hooks";
import { actionPath, paths } from "../../routes";
import { useArticles } from "../../services/queries/news";
import { useSite } from "../../services/queries/units";
import { zalo } from "../../services/zalo";
import { useAppStore } from "../../store";

export interface HomePageProps {
  /** Called once the home's own requests have settled (answered or failed): app.tsx downloads the tiles' pages then. */
  onSettled?: () => void;
}

export default function HomePage({ onSettled }: HomePageProps) {
  const navigate = useNavigate();
  const site = useSite();
  const pinned = useArticles({ pinned: true });
  const { call } = useDeviceActions();
  const followResult = useAppStore((s) => s.followResult);
  const followDismissed = useAppStore((s) => s.followDismissed);
  const setFollowResult = useAppStore((s) => s.setFollowResult);
  const dismissFollow = useAppStore((s) => s.dismissFollow);
  const [following, setFollowing] = useState(false);

  const settled = !site.isFetching && !pinned.isFetching;
  useEffect(() => {
    if (settled) onSettled?.();
  }, [settled, onSettled]);

  const emergency = site.data?.emergency_number || "113";
  const oaId = site.data?.zalo_oa_id ?? "";
  const unitName = site.data?.short_name || site.data?.name || "Công an tỉnh";

  const follow = async () => {
    setFollowing(true);
    try {
      setFollowResult(await zalo().followOA(oaId));
    } finally {
      setFollowing(false);
    }
  };

  return (
    <Page className="page page--home">
      <SiteBanner name={site.data?.name ?? null} isDemo={site.data?.is_demo} loading={site.isPending} />
      <main className="page__body">
        {site.isError ? (
          <p className="inline-error" role="alert">
            Chưa tải được thông tin đơn vị.{" "}
            <button type="button" className="link-btn" onClick={() => void site.refetch()}>
              Thử lại
            </button>
          </p>
        ) : null}
        <EmergencyNotice number={emergency} onCall={call} />
        <section className="section" aria-labelledby="services-title">
          <h2 id="services-title" className="section__title">Dịch vụ</h2>
          <QuickActions onSelect={(key) => navigate(actionPath(key))} />
        </section>
        <button type="button" className="btn btn--outline" onClick={() => navigate(paths.account)}>
          Tài khoản của tôi
        </button>
        <NewsStrip
          articles={pinned.data?.items ?? []}
          loading={pinned.isPending}
          onOpen={(id) => navigate(paths.article(id))}
          onMore={() => navigate(paths.news)}
        />
        {oaId && !followDismissed ? (
          <FollowOAPrompt unitName={unitName} result={followResult} busy={following} onFollow={() => void follow()} onDismiss={dismissFollow} />
        ) : null}
      </main>
    </Page>
  );
}

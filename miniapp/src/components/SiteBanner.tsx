import { Icon } from "./icons";

export interface SiteBannerProps {
  name: string | null;
  isDemo?: boolean;
  loading?: boolean;
}

/** Home header: the police unit's name with the "official channel" mark. */
export function SiteBanner({ name, isDemo = false, loading = false }: SiteBannerProps) {
  return (
    <header className="site-banner">
      <div className="site-banner__emblem" aria-hidden="true">
        <Icon name="shield" />
      </div>
      <div className="site-banner__text">
        {loading ? (
          <div className="skeleton-line skeleton-line--light" style={{ width: "70%" }} aria-label="Đang tải" />
        ) : (
          <h1 className="site-banner__name">{name ?? "Công an tỉnh"}</h1>
        )}
        <p className="site-banner__verified">
          <Icon name="check" className="site-banner__check" />
          <span>Kênh dịch vụ công chính thức</span>
        </p>
        {isDemo ? <p className="site-banner__demo">Bản dùng thử – dữ liệu minh họa</p> : null}
      </div>
    </header>
  );
}

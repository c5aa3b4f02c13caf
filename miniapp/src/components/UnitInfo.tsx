import { Icon } from "./icons";
import { PhoneButton } from "./PhoneButton";
import type { UnitDetail } from "../services/types";

export function mapUrl(unit: Pick<UnitDetail, "latitude" | "longitude" | "address" | "name">): string | null {
  const base = "https://www.google.com/maps/search/?api=1&query=";
  if (unit.latitude !== null && unit.longitude !== null) return base + encodeURIComponent(`${unit.latitude},${unit.longitude}`);
  if (unit.address.trim()) return base + encodeURIComponent(`${unit.name}, ${unit.address}`);
  return null;
}

export interface UnitInfoProps {
  unit: UnitDetail;
  onCall: (number: string) => void;
  onOpenUrl: (url: string) => void;
}

/** Everything a citizen needs to reach one unit: phones first, then place and hours. */
export function UnitInfo({ unit, onCall, onOpenUrl }: UnitInfoProps) {
  const map = mapUrl(unit);
  return (
    <div className="unit-info">
      <div className="unit-info__title">
        <h2 className="unit-info__name">{unit.name}</h2>
        <p className="unit-info__kind">{unit.kind.name}</p>
      </div>

      <section className="section" aria-labelledby="phones-title">
        <h3 id="phones-title" className="section__title">Số điện thoại</h3>
        {unit.phones.length > 0 ? (
          <div className="phone-list">
            {unit.phones.map((phone) => (
              <PhoneButton key={`${phone.label}-${phone.number}`} phone={phone} onCall={onCall} />
            ))}
          </div>
        ) : (
          <p className="muted">Đơn vị chưa công bố số điện thoại.</p>
        )}
      </section>

      <section className="section card info-rows">
        <div className="info-row">
          <Icon name="pin" className="info-row__icon" />
          <div>
            <h3 className="info-row__label">Địa chỉ</h3>
            <p>{unit.address || "Chưa cập nhật"}</p>
            {map ? (
              <button type="button" className="btn btn--outline" onClick={() => onOpenUrl(map)}>
                <Icon name="pin" />
                <span>Xem bản đồ</span>
              </button>
            ) : null}
          </div>
        </div>
        <div className="info-row">
          <Icon name="clock" className="info-row__icon" />
          <div>
            <h3 className="info-row__label">Giờ làm việc</h3>
            <p className="pre-line">{unit.working_hours || "Chưa cập nhật"}</p>
          </div>
        </div>
        {unit.zalo_oa_url ? (
          <div className="info-row">
            <Icon name="oa" className="info-row__icon" />
            <div>
              <h3 className="info-row__label">Trang Zalo</h3>
              <button type="button" className="btn btn--outline" onClick={() => onOpenUrl(unit.zalo_oa_url)}>
                <Icon name="oa" />
                <span>Mở trang Zalo</span>
              </button>
            </div>
          </div>
        ) : null}
      </section>
    </div>
  );
}

import { Page, useNavigate, useParams } from "zmp-ui";
import { AppHeader } from "../../components/AppHeader";
import { EmergencyNotice } from "../../components/EmergencyNotice";
import { HOME_ACTIONS } from "../../components/QuickActions";
import { EmptyState } from "../../components/States";
import { useDeviceActions } from "../../hooks";
import { paths } from "../../routes";
import { useSite } from "../../services/queries";

const HINTS: Record<string, string> = {
  dossiers: "Sắp tới bạn có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ. Hiện tại, vui lòng liên hệ bộ phận tiếp nhận hồ sơ của đơn vị.",
  procedures: "Hướng dẫn thủ tục hành chính (các bước, giấy tờ, lệ phí) đang được cập nhật.",
  "crime-report": "Chức năng gửi tin báo, tố giác tội phạm trực tuyến đang được xây dựng. Nếu sự việc khẩn cấp, hãy gọi ngay số khẩn cấp bên dưới hoặc liên hệ đơn vị Công an gần nhất.",
  feedback: "Chức năng gửi phản ánh, kiến nghị đang được xây dựng. Bạn có thể liên hệ trực tiếp đơn vị qua mục Liên hệ.",
  rating: "Chức năng đánh giá mức độ hài lòng sẽ có khi tra cứu hồ sơ được mở.",
};

export default function ComingSoonPage() {
  const navigate = useNavigate();
  const { feature = "" } = useParams();
  const site = useSite();
  const { call } = useDeviceActions();
  const title = HOME_ACTIONS.find((a) => a.key === feature)?.label ?? "Tính năng mới";
  const urgent = feature === "crime-report" || feature === "feedback";

  return (
    <Page className="page">
      <AppHeader title={title} onBack={() => navigate(-1)} />
      <main className="page__body">
        <div className="card">
          <EmptyState icon="clock" title="Sắp ra mắt">
            <p>{HINTS[feature] ?? "Tính năng này đang được xây dựng."}</p>
          </EmptyState>
        </div>
        {urgent ? <EmergencyNotice number={site.data?.emergency_number || "113"} onCall={call} /> : null}
        <button type="button" className="btn btn--outline btn--block" onClick={() => navigate(paths.contacts)}>
          Xem danh bạ liên hệ các đơn vị
        </button>
        <button type="button" className="btn btn--ghost btn--block" onClick={() => navigate(paths.home, { animate: true, direction: "backward" })}>
          Về trang chủ
        </button>
      </main>
    </Page>
  );
}

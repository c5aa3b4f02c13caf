import { Icon, type IconName } from "./icons";

export interface QuickAction {
  key: string;
  label: string;
  icon: IconName;
}

export const HOME_ACTIONS: QuickAction[] = [
  { key: "dossiers", label: "Tra cứu hồ sơ", icon: "search" },
  { key: "procedures", label: "Thủ tục hành chính", icon: "folder" },
  { key: "crime-report", label: "Tố giác tội phạm", icon: "alert" },
  { key: "feedback", label: "Phản ánh kiến nghị", icon: "chat" },
  { key: "rating", label: "Đánh giá hài lòng", icon: "star" },
  { key: "questions", label: "Hỏi cán bộ", icon: "oa" },
  { key: "contacts", label: "Liên hệ", icon: "phone" },
];

export interface QuickActionsProps {
  actions?: QuickAction[];
  onSelect: (key: string) => void;
}

export function QuickActions({ actions = HOME_ACTIONS, onSelect }: QuickActionsProps) {
  return (
    <nav className="quick-actions" aria-label="Dịch vụ">
      {actions.map((action) => (
        <button key={action.key} type="button" className="quick-action" onClick={() => onSelect(action.key)} data-action={action.key}>
          <span className="quick-action__icon">
            <Icon name={action.icon} />
          </span>
          <span className="quick-action__label">{action.label}</span>
        </button>
      ))}
    </nav>
  );
}

import { Icon } from "./icons";

export interface AppHeaderProps {
  title: string;
  onBack?: () => void;
}

/** Sticky page header; the back button is a real button with a label for screen readers. */
export function AppHeader({ title, onBack }: AppHeaderProps) {
  return (
    <header className="app-header">
      {onBack ? (
        <button type="button" className="app-header__back" onClick={onBack} aria-label="Quay lại">
          <Icon name="back" />
        </button>
      ) : null}
      <h1 className="app-header__title">{title}</h1>
    </header>
  );
}

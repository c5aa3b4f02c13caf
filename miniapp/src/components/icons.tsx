// Inline SVG icons: zmp-ui's icon font loads from Zalo's CDN, which is not
// reachable in tests and adds a request on slow networks.
import type { ReactElement } from "react";

export type IconName =
  | "search" | "folder" | "alert" | "chat" | "star" | "phone" | "back" | "chevron"
  | "pin" | "clock" | "shield" | "check" | "news" | "bell" | "building" | "retry" | "oa" | "close";

const PATHS: Record<IconName, ReactElement> = {
  search: <path d="M10.5 3a7.5 7.5 0 015.96 12.05l4.24 4.25-1.41 1.41-4.25-4.24A7.5 7.5 0 1110.5 3zm0 2a5.5 5.5 0 100 11 5.5 5.5 0 000-11z" />,
  folder: <path d="M3 5a2 2 0 012-2h4l2 2h8a2 2 0 012 2v11a2 2 0 01-2 2H5a2 2 0 01-2-2V5zm2 4v9h14V9H5z" />,
  alert: <path d="M12 2l10 18H2L12 2zm0 4.2L5.4 18h13.2L12 6.2zM11 10h2v4h-2v-4zm0 5h2v2h-2v-2z" />,
  chat: <path d="M4 3h16a2 2 0 012 2v11a2 2 0 01-2 2H8l-5 4V5a2 2 0 011-2zm1 2v12.2L7.3 16H20V5H5zm2 3h10v2H7V8zm0 4h7v2H7v-2z" />,
  star: <path d="M12 2l3.1 6.3 6.9 1-5 4.9 1.2 6.8L12 17.8 5.8 21l1.2-6.8-5-4.9 6.9-1L12 2zm0 4.5l-1.8 3.7-4 .6 2.9 2.8-.7 4 3.6-1.9 3.6 1.9-.7-4 2.9-2.8-4-.6L12 6.5z" />,
  phone: <path d="M6.6 10.8a15.1 15.1 0 006.6 6.6l2.2-2.2a1 1 0 011-.25 11.4 11.4 0 003.6.57 1 1 0 011 1V20a1 1 0 01-1 1A17 17 0 013 4a1 1 0 011-1h3.5a1 1 0 011 1c0 1.25.2 2.45.57 3.57a1 1 0 01-.25 1l-2.22 2.23z" />,
  back: <path d="M15.4 5.4L14 4l-8 8 8 8 1.4-1.4L8.8 12l6.6-6.6z" />,
  chevron: <path d="M8.6 18.6L10 20l8-8-8-8-1.4 1.4L15.2 12l-6.6 6.6z" />,
  pin: <path d="M12 2a7 7 0 017 7c0 5.2-7 13-7 13S5 14.2 5 9a7 7 0 017-7zm0 4.5a2.5 2.5 0 100 5 2.5 2.5 0 000-5z" />,
  clock: <path d="M12 2a10 10 0 110 20 10 10 0 010-20zm0 2a8 8 0 100 16 8 8 0 000-16zm1 3v5.4l3.7 2.2-1 1.7L11 13.5V7h2z" />,
  shield: <path d="M12 2l8 3v6c0 5-3.4 9.7-8 11-4.6-1.3-8-6-8-11V5l8-3zm-1 13.6l6-6-1.4-1.4-4.6 4.6-2.1-2.1L7.5 12l3.5 3.6z" />,
  check: <path d="M12 2a10 10 0 110 20 10 10 0 010-20zm-1.2 13.6l6.4-6.4-1.4-1.4-5 5-2.4-2.4L7 11.8l3.8 3.8z" />,
  news: <path d="M4 4h13v3h3v11a2 2 0 01-2 2H6a2 2 0 01-2-2V4zm2 2v12h9V6H6zm11 3v9h1V9h-1zM8 8h5v4H8V8zm0 6h5v2H8v-2z" />,
  bell: <path d="M12 22a2.5 2.5 0 002.45-2h-4.9A2.5 2.5 0 0012 22zm7-6V11a7 7 0 00-5.5-6.84V3a1.5 1.5 0 00-3 0v1.16A7 7 0 005 11v5l-2 2v1h18v-1l-2-2z" />,
  building: <path d="M3 21V8l9-5 9 5v13h-7v-5h-4v5H3zm4-9v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v2h2v-2h-2z" />,
  retry: <path d="M12 4a8 8 0 017.7 5.8l-1.9.6A6 6 0 106 12H9l-4 4-4-4h3a8 8 0 018-8z" />,
  oa: <path d="M12 2C6.5 2 2 5.9 2 10.7c0 2.7 1.4 5.1 3.7 6.7L5 22l4.3-2.5c.9.2 1.8.3 2.7.3 5.5 0 10-3.9 10-8.7S17.5 2 12 2zm-4 7h8v2H8V9zm0 3h5v2H8v-2z" />,
  close: <path d="M18.3 5.7L12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7l1.4-1.4 6.3 6.3 6.3-6.3 1.4 1.4z" />,
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={`icon ${className ?? ""}`} viewBox="0 0 24 24" fill="currentColor" aria-hidden="true" focusable="false">
      {PATHS[name]}
    </svg>
  );
}

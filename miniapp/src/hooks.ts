import { useCallback, useEffect, useState } from "react";
import { useSnackbar } from "zmp-ui";
import { usePrivacy } from "./services/queries/account";
import { isFileUrl, zalo } from "./services/zalo";

export function useDebouncedValue<T>(value: T, delayMs = 400): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

/** Phone calls and outside links go through zalo.ts; failures become a Vietnamese snackbar. */
export function useDeviceActions() {
  const { openSnackbar } = useSnackbar();
  const call = useCallback(
    (number: string) => {
      zalo()
        .openPhone(number)
        .catch(() => openSnackbar({ type: "error", text: `Không mở được trình gọi điện. Vui lòng gọi số ${number}.` }));
    },
    [openSnackbar],
  );
  const openUrl = useCallback(
    (url: string) => {
      zalo()
        .openWebview(url)
        .catch(() => openSnackbar({ type: "error", text: "Không mở được liên kết. Vui lòng thử lại." }));
    },
    [openSnackbar],
  );
  /** A form or another file: Zalo's viewer or download for files, the webview for a web page. */
  const openForm = useCallback(
    (url: string, title: string) => {
      const bridge = zalo();
      (isFileUrl(url) ? bridge.openFile(url, title) : bridge.openWebview(url)).catch(() =>
        openSnackbar({ type: "error", text: "Không tải được mẫu tờ khai. Vui lòng thử lại." }),
      );
    },
    [openSnackbar],
  );
  return { call, openUrl, openForm };
}

/** The consent text of one purpose (GET /api/v1/privacy), shown where the citizen acts; null until loaded. */
export function usePurposeText(purpose: string): string | null {
  const privacy = usePrivacy({ quiet: true });
  return privacy.data?.purposes.find((p) => p.purpose === purpose)?.text ?? null;
}

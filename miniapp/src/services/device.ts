// The one id of this phone: a random value kept in localStorage, sent as X-Device-Id so the server can limit
// survey answers and report submissions per device without knowing who the citizen is (never stored with them).

export const DEVICE_KEY = "pz-device-id";
/** Where the report form kept its own id before there was one id (older installs): read once, then moved. */
export const LEGACY_REPORT_DEVICE_KEY = "pz-report-device";

function randomId(): string {
  // randomUUID needs a secure context and a recent webview; getRandomValues is everywhere.
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** This phone's id; "" when storage is unavailable (the server then limits by IP and account only). */
export function deviceId(): string {
  try {
    const storage = window.localStorage;
    let id = storage.getItem(DEVICE_KEY);
    const legacy = storage.getItem(LEGACY_REPORT_DEVICE_KEY);
    if (!id) {
      // An installed app keeps its id: the report form's old one becomes the id, if that is all there is.
      id = legacy || randomId();
      storage.setItem(DEVICE_KEY, id);
    }
    if (legacy !== null) storage.removeItem(LEGACY_REPORT_DEVICE_KEY);
    return id;
  } catch {
    return "";
  }
}

/** The header to send, or none when there is no id. */
export function deviceHeaders(): Record<string, string> | undefined {
  const id = deviceId();
  return id ? { "X-Device-Id": id } : undefined;
}

// Codes a citizen types (dossier codes, report codes and secrets): what the keyboard adds must not matter.
// The same folding as the server's backend/common/codes.py: full-width characters (an IME), dash
// look-alikes, spaces and invisible characters, and letter case. "hs–demo–0001 " -> "HS-DEMO-0001".

const DASHES = /[\u2010-\u2015\u2212\u2e3a\u2e3b\ufe58\ufe63\uff0d]/g;
const INVISIBLE = /[\s\u00ad\u200b-\u200d\u2060\ufeff]+/g;

export function codeClean(raw: string): string {
  return raw.normalize("NFKC").replace(DASHES, "-").replace(INVISIBLE, "").toUpperCase();
}

// Paths in one place so pages link to each other without string typos.
export const paths = {
  home: "/",
  contacts: "/contacts",
  unit: (id: number) => `/contacts/${id}`,
  comingSoon: (feature: string) => `/coming-soon/${feature}`,
  procedures: "/procedures",
  procedure: (id: number) => `/procedures/${id}`,
  handbook: "/handbook",
  news: "/news",
  article: (id: number) => `/news/${id}`,
  account: "/account",
  phoneConsent: "/account/phone",
  dossierLookup: "/dossiers/lookup",
  dossierResult: "/dossiers/result",
  myDossiers: "/dossiers/mine",
  dossier: (id: number) => `/dossiers/${id}`,
  ratings: "/ratings",
  rateDossier: (id: number) => `/ratings/dossier/${id}`,
  unitSurvey: (id: number) => `/contacts/${id}/survey`,
  reports: "/reports",
  reportNew: (kind: string) => `/reports/new/${encodeURIComponent(kind)}`,
  reportTrack: "/reports/track",
  myReports: "/reports/mine",
  myReport: (code: string) => `/reports/mine/${encodeURIComponent(code)}`,
};

const BUILT: Record<string, string> = {
  contacts: paths.contacts,
  procedures: paths.procedures,
  dossiers: paths.dossierLookup,
  // Each tile opens its own kind's form (the chooser, with tracking, stays at paths.reports).
  "crime-report": paths.reportNew("to-giac-toi-pham"),
  feedback: paths.reportNew("phan-anh-kien-nghi"),
  rating: paths.ratings,
};

/** Quick action key → where it goes. Capabilities not built yet get an honest "Sắp ra mắt" page. */
export function actionPath(key: string): string {
  return BUILT[key] ?? paths.comingSoon(key);
}

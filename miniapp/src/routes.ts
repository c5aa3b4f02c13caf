// Paths in one place so pages link to each other without string typos.
export const paths = {
  home: "/",
  contacts: "/contacts",
  unit: (id: number) => `/contacts/${id}`,
  procedures: "/procedures",
  procedure: (id: number) => `/procedures/${id}`,
  handbook: "/handbook",
  news: "/news",
  article: (id: number) => `/news/${id}`,
  account: "/account",
  phoneConsent: "/account/phone",
  privacy: "/account/privacy",
  accountDelete: "/account/delete",
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
  questions: "/questions",
  question: (id: number) => `/questions/${id}`,
  /** The ask form, about a procedure, one of my dossiers or a unit (each optional). */
  questionNew: (about: { procedure?: number; dossier?: number; unit?: number } = {}) => {
    const query = Object.entries(about)
      .filter(([, id]) => id !== undefined)
      .map(([name, id]) => `${name}=${id}`)
      .join("&");
    return query ? `/questions/new?${query}` : "/questions/new";
  },
};

const BUILT: Record<string, string> = {
  contacts: paths.contacts,
  procedures: paths.procedures,
  dossiers: paths.dossierLookup,
  // Each tile opens its own kind's form (the chooser, with tracking, stays at paths.reports).
  "crime-report": paths.reportNew("to-giac-toi-pham"),
  feedback: paths.reportNew("phan-anh-kien-nghi"),
  rating: paths.ratings,
  questions: paths.questions,
};

/** Quick action key → where it goes. Every tile's feature is built; an unknown key goes home (no "coming soon" page). */
export function actionPath(key: string): string {
  return BUILT[key] ?? paths.home;
}

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { AnimationRoutes, App, Route, SnackbarProvider, ZMPRouter } from "zmp-ui";
import { lazy, Suspense } from "react";
import { Navigate } from "react-router-dom";
import ContactsPage from "./pages/Contacts";
import HomePage from "./pages/Home";
import UnitDetailPage from "./pages/UnitDetail";
import { DeepLink } from "./widgets/DeepLink";
import { UsageBeacon } from "./widgets/UsageBeacon";

// Guides load on first visit: the home screen stays small on slow mobile data.
const ProceduresPage = lazy(() => import("./pages/Procedures"));
const ProcedureDetailPage = lazy(() => import("./pages/ProcedureDetail"));
const HandbookPage = lazy(() => import("./pages/Handbook"));
const NewsPage = lazy(() => import("./pages/News"));
const ArticlePage = lazy(() => import("./pages/Article"));
const AccountPage = lazy(() => import("./pages/Account"));
const PhoneConsentPage = lazy(() => import("./pages/PhoneConsent"));
const PrivacyPage = lazy(() => import("./pages/Account/Privacy"));
const DeleteAccountPage = lazy(() => import("./pages/Account/Delete"));
const DossierLookupPage = lazy(() => import("./pages/DossierLookup"));
const DossierResultPage = lazy(() => import("./pages/DossierResult"));
const MyDossiersPage = lazy(() => import("./pages/MyDossiers"));
const DossierDetailPage = lazy(() => import("./pages/DossierDetail"));
const DossierRatingPage = lazy(() => import("./pages/Rating"));
const SurveyPage = lazy(() => import("./pages/Rating/Survey"));
const RatingStartPage = lazy(() => import("./pages/Rating/Start"));
const ReportsPage = lazy(() => import("./pages/Reports"));
const NewReportPage = lazy(() => import("./pages/Reports/New"));
const TrackReportPage = lazy(() => import("./pages/Reports/Track"));
const MyReportsPage = lazy(() => import("./pages/Reports/Mine"));
const MyQuestionsPage = lazy(() => import("./pages/Questions"));
const NewQuestionPage = lazy(() => import("./pages/Questions/New"));
const QuestionThreadPage = lazy(() => import("./pages/Questions/Thread"));
const MyReportPage = lazy(() => import("./pages/Reports/Mine").then((m) => ({ default: m.MyReportPage })));

const lazyPage = (element: JSX.Element) => <Suspense fallback={<div className="page" role="status" aria-busy="true" />}>{element}</Suspense>;

/**
 * ZMPRouter's BrowserRouter uses basename /zapps/<APP_ID> in production builds,
 * so the same bundle served anywhere else (Django's /app/, tests) would render
 * no route. Outside /zapps/ use its memory router, which starts at that basename.
 * VITE_MEMORY_ROUTER=true|false forces a choice.
 */
export function shouldUseMemoryRouter(pathname: string = window.location.pathname): boolean {
  const forced = import.meta.env.VITE_MEMORY_ROUTER as string | undefined;
  if (forced === "true") return true;
  if (forced === "false") return false;
  return !pathname.startsWith("/zapps/");
}

export function MiniApp({ queryClient }: { queryClient: QueryClient }) {
  const memoryRouter = shouldUseMemoryRouter();
  return (
    <QueryClientProvider client={queryClient}>
      <App>
        <SnackbarProvider>
          <ZMPRouter memoryRouter={memoryRouter}>
            <DeepLink memoryRouter={memoryRouter} />
            <UsageBeacon />
            <AnimationRoutes>
              <Route path="/" element={<HomePage />} />
              <Route path="/contacts" element={<ContactsPage />} />
              <Route path="/contacts/:id" element={<UnitDetailPage />} />
              {/* The old "coming soon" links: both features (crime reports, feedback) are built now. */}
              <Route path="/coming-soon/:feature" element={<Navigate to="/reports" replace />} />
              <Route path="/procedures" element={lazyPage(<ProceduresPage />)} />
              <Route path="/procedures/:id" element={lazyPage(<ProcedureDetailPage />)} />
              <Route path="/handbook" element={lazyPage(<HandbookPage />)} />
              <Route path="/news" element={lazyPage(<NewsPage />)} />
              <Route path="/news/:id" element={lazyPage(<ArticlePage />)} />
              <Route path="/account" element={lazyPage(<AccountPage />)} />
              <Route path="/account/phone" element={lazyPage(<PhoneConsentPage />)} />
              <Route path="/account/privacy" element={lazyPage(<PrivacyPage />)} />
              <Route path="/account/delete" element={lazyPage(<DeleteAccountPage />)} />
              <Route path="/dossiers" element={lazyPage(<DossierLookupPage />)} />
              <Route path="/dossiers/lookup" element={lazyPage(<DossierLookupPage />)} />
              <Route path="/dossiers/result" element={lazyPage(<DossierResultPage />)} />
              <Route path="/dossiers/mine" element={lazyPage(<MyDossiersPage />)} />
              <Route path="/dossiers/:id" element={lazyPage(<DossierDetailPage />)} />
              <Route path="/ratings" element={lazyPage(<RatingStartPage />)} />
              <Route path="/ratings/dossier/:id" element={lazyPage(<DossierRatingPage />)} />
              <Route path="/contacts/:id/survey" element={lazyPage(<SurveyPage />)} />
              <Route path="/reports" element={lazyPage(<ReportsPage />)} />
              <Route path="/reports/new/:kind" element={lazyPage(<NewReportPage />)} />
              <Route path="/reports/track" element={lazyPage(<TrackReportPage />)} />
              <Route path="/reports/mine" element={lazyPage(<MyReportsPage />)} />
              <Route path="/reports/mine/:code" element={lazyPage(<MyReportPage />)} />
              <Route path="/questions" element={lazyPage(<MyQuestionsPage />)} />
              <Route path="/questions/new" element={lazyPage(<NewQuestionPage />)} />
              <Route path="/questions/:id" element={lazyPage(<QuestionThreadPage />)} />
              <Route path="*" element={<HomePage />} />
            </AnimationRoutes>
          </ZMPRouter>
        </SnackbarProvider>
      </App>
    </QueryClientProvider>
  );
}

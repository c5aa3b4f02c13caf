import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { AnimationRoutes, App, Route, SnackbarProvider, ZMPRouter } from "zmp-ui";
import { Navigate } from "react-router-dom";
import HomePage from "./pages/Home";
import { lazyRoute } from "./lazyRoute";
import { DeepLink } from "./widgets/DeepLink";
import { UsageBeacon } from "./widgets/UsageBeacon";

// Every page but Home loads on first visit (lazyRoute: a skeleton meanwhile, a retry when the download fails), so
// the home screen waits only for the entry chunk on slow mobile data.
const Contacts = lazyRoute(() => import("./pages/Contacts"));
const UnitDetail = lazyRoute(() => import("./pages/UnitDetail"));
const Procedures = lazyRoute(() => import("./pages/Procedures"));
const ProcedureDetail = lazyRoute(() => import("./pages/ProcedureDetail"));
const Handbook = lazyRoute(() => import("./pages/Handbook"));
const News = lazyRoute(() => import("./pages/News"));
const Article = lazyRoute(() => import("./pages/Article"));
const Account = lazyRoute(() => import("./pages/Account"));
const PhoneConsent = lazyRoute(() => import("./pages/PhoneConsent"));
const Privacy = lazyRoute(() => import("./pages/Account/Privacy"));
const DeleteAccount = lazyRoute(() => import("./pages/Account/Delete"));
const DossierLookup = lazyRoute(() => import("./pages/DossierLookup"));
const DossierResult = lazyRoute(() => import("./pages/DossierResult"));
const MyDossiers = lazyRoute(() => import("./pages/MyDossiers"));
const DossierDetail = lazyRoute(() => import("./pages/DossierDetail"));
const DossierRating = lazyRoute(() => import("./pages/Rating"));
const Survey = lazyRoute(() => import("./pages/Rating/Survey"));
const RatingStart = lazyRoute(() => import("./pages/Rating/Start"));
const Reports = lazyRoute(() => import("./pages/Reports"));
const NewReport = lazyRoute(() => import("./pages/Reports/New"));
const TrackReport = lazyRoute(() => import("./pages/Reports/Track"));
const MyReports = lazyRoute(() => import("./pages/Reports/Mine"));
const MyReport = lazyRoute(() => import("./pages/Reports/Mine").then((m) => ({ default: m.MyReportPage })));
const MyQuestions = lazyRoute(() => import("./pages/Questions"));
const NewQuestion = lazyRoute(() => import("./pages/Questions/New"));
const QuestionThread = lazyRoute(() => import("./pages/Questions/Thread"));

/**
 * Downloads the pages the home screen's tiles and account button open once the home's own requests have settled
 * (before, they would queue ahead of the banner's and the news' on the browser's few connections), so a tap on
 * slow data rarely waits and a signal lost after opening the app still leaves them working. Once per app run.
 */
let homeTargetsPreloaded = false;
function preloadHomeTargets(): void {
  if (homeTargetsPreloaded) return;
  homeTargetsPreloaded = true;
  for (const page of [DossierLookup, Procedures, NewReport, RatingStart, MyQuestions, Contacts, Account]) page.preload();
}

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
              <Route path="/" element={<HomePage onSettled={preloadHomeTargets} />} />
              <Route path="/contacts" element={<Contacts.Page />} />
              <Route path="/contacts/:id" element={<UnitDetail.Page />} />
              {/* The old "coming soon" links: both features (crime reports, feedback) are built now. */}
              <Route path="/coming-soon/:feature" element={<Navigate to="/reports" replace />} />
              <Route path="/procedures" element={<Procedures.Page />} />
              <Route path="/procedures/:id" element={<ProcedureDetail.Page />} />
              <Route path="/handbook" element={<Handbook.Page />} />
              <Route path="/news" element={<News.Page />} />
              <Route path="/news/:id" element={<Article.Page />} />
              <Route path="/account" element={<Account.Page />} />
              <Route path="/account/phone" element={<PhoneConsent.Page />} />
              <Route path="/account/privacy" element={<Privacy.Page />} />
              <Route path="/account/delete" element={<DeleteAccount.Page />} />
              <Route path="/dossiers" element={<DossierLookup.Page />} />
              <Route path="/dossiers/lookup" element={<DossierLookup.Page />} />
              <Route path="/dossiers/result" element={<DossierResult.Page />} />
              <Route path="/dossiers/mine" element={<MyDossiers.Page />} />
              <Route path="/dossiers/:id" element={<DossierDetail.Page />} />
              <Route path="/ratings" element={<RatingStart.Page />} />
              <Route path="/ratings/dossier/:id" element={<DossierRating.Page />} />
              <Route path="/contacts/:id/survey" element={<Survey.Page />} />
              <Route path="/reports" element={<Reports.Page />} />
              <Route path="/reports/new/:kind" element={<NewReport.Page />} />
              <Route path="/reports/track" element={<TrackReport.Page />} />
              <Route path="/reports/mine" element={<MyReports.Page />} />
              <Route path="/reports/mine/:code" element={<MyReport.Page />} />
              <Route path="/questions" element={<MyQuestions.Page />} />
              <Route path="/questions/new" element={<NewQuestion.Page />} />
              <Route path="/questions/:id" element={<QuestionThread.Page />} />
              <Route path="*" element={<HomePage onSettled={preloadHomeTargets} />} />
            </AnimationRoutes>
          </ZMPRouter>
        </SnackbarProvider>
      </App>
    </QueryClientProvider>
  );
}

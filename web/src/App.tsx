import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { handleSessionProblems } from './api/client.ts';
import type { NavigationItem } from './api/types.ts';
import { AppShell } from './components/AppShell.tsx';
import { ErrorNotice } from './components/errors.tsx';
import { Forbidden, Loading } from './components/ui.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AgenciesPage } from './pages/AgenciesPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { CooperationPage } from './pages/CooperationPage.tsx';
import { DashboardPage } from './pages/DashboardPage.tsx';
import { CampaignPage } from './pages/fugitives/CampaignPage.tsx';
import { CampaignsPage } from './pages/fugitives/CampaignsPage.tsx';
import { InterpolPage } from './pages/fugitives/InterpolPage.tsx';
import { FugitivesListPage } from './pages/fugitives/ListPage.tsx';
import { OverviewPage } from './pages/fugitives/OverviewPage.tsx';
import { PersonPage } from './pages/fugitives/PersonPage.tsx';
import { JobsPage } from './pages/JobsPage.tsx';
import { CheckerPage } from './pages/legal-basis/CheckerPage.tsx';
import { CoveragePage } from './pages/legal-basis/CoveragePage.tsx';
import { InstrumentPage, InstrumentsPage } from './pages/legal-basis/InstrumentsPages.tsx';
import { StateProfilePage, StatesPage } from './pages/legal-basis/StatesPages.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { MfaEnrolPage } from './pages/MfaEnrolPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { BatchesPage } from './pages/screening/BatchesPage.tsx';
import { ReviewPage } from './pages/screening/ReviewPage.tsx';
import { ScreeningPage } from './pages/screening/ScreeningPage.tsx';
import { WatchlistEntriesPage } from './pages/screening/WatchlistEntriesPage.tsx';
import { WatchlistsPage } from './pages/screening/WatchlistsPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';
import {
  ActiveSessionProvider,
  forgetSession,
  mayOpen,
  SESSION_QUERY_KEY,
  signedOutByUser,
  useSession,
  useSessionQuery,
} from './session/session.tsx';

/** A lost session sends the user to sign in; an unfinished sign-in (code step, enrolment) is re-read from the server. */
function SessionProblemBridge() {
  const queryClient = useQueryClient();
  useEffect(() => {
    handleSessionProblems((problem) => {
      if (problem === 'unauthenticated') forgetSession(queryClient, { ended: true });
      else void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
    });
  }, [queryClient]);
  return null;
}

export function FullPageMessage({ children }: { children: ReactNode }) {
  return <div className="full-page-message">{children}</div>;
}

/** The application shell for a fully signed-in user; anyone else goes to the step of signing in they are at. */
function RequireActiveSession() {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: session, isPending, error, refetch } = useSessionQuery();
  if (isPending) {
    return (
      <FullPageMessage>
        <Loading />
      </FullPageMessage>
    );
  }
  if (error) {
    return (
      <FullPageMessage>
        <ErrorNotice error={error} />
        <button type="button" className="button button-primary" onClick={() => void refetch()}>
          {t('common.retry')}
        </button>
      </FullPageMessage>
    );
  }
  if (!session || session.stage === 'mfa_pending') {
    return <Navigate to="/login" replace state={signedOutByUser() ? null : { from: location }} />;
  }
  if (session.stage === 'mfa_enrol') return <Navigate to="/mfa-setup" replace />;
  return (
    <ActiveSessionProvider value={session}>
      <AppShell />
    </ActiveSessionProvider>
  );
}

/** Pages are offered by the server's navigation list; opening one directly without it shows "no access". */
function RequireNav({ item, children }: { item: NavigationItem; children: ReactNode }) {
  const session = useSession();
  return mayOpen(session, item) ? children : <Forbidden />;
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProblemBridge />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/mfa-setup" element={<MfaEnrolPage />} />
        <Route element={<RequireActiveSession />}>
          <Route
            index
            element={
              <RequireNav item="dashboard">
                <DashboardPage />
              </RequireNav>
            }
          />
          <Route
            path="legal-basis"
            element={
              <RequireNav item="legal-basis">
                <CheckerPage />
              </RequireNav>
            }
          />
          <Route
            path="legal-basis/coverage"
            element={
              <RequireNav item="legal-basis">
                <CoveragePage />
              </RequireNav>
            }
          />
          <Route
            path="legal-basis/states"
            element={
              <RequireNav item="legal-basis">
                <StatesPage />
              </RequireNav>
            }
          />
          <Route
            path="legal-basis/states/:code"
            element={
              <RequireNav item="legal-basis">
                <StateProfilePage />
              </RequireNav>
            }
          />
          <Route
            path="legal-basis/instruments"
            element={
              <RequireNav item="legal-basis">
                <InstrumentsPage />
              </RequireNav>
            }
          />
          <Route
            path="legal-basis/instruments/:id"
            element={
              <RequireNav item="legal-basis">
                <InstrumentPage />
              </RequireNav>
            }
          />
          <Route
            path="cooperation"
            element={
              <RequireNav item="cooperation">
                <CooperationPage />
              </RequireNav>
            }
          />
          <Route
            path="screening"
            element={
              <RequireNav item="screening">
                <ScreeningPage />
              </RequireNav>
            }
          />
          <Route
            path="screening/batches"
            element={
              <RequireNav item="screening">
                <BatchesPage />
              </RequireNav>
            }
          />
          <Route
            path="screening/review"
            element={
              <RequireNav item="screening">
                <ReviewPage />
              </RequireNav>
            }
          />
          <Route
            path="screening/watchlists"
            element={
              <RequireNav item="screening">
                <WatchlistsPage />
              </RequireNav>
            }
          />
          <Route
            path="screening/watchlists/:id"
            element={
              <RequireNav item="screening">
                <WatchlistEntriesPage />
              </RequireNav>
            }
          />
          <Route
            path="fugitives/overview"
            element={
              <RequireNav item="fugitives">
                <OverviewPage />
              </RequireNav>
            }
          />
          <Route
            path="fugitives/campaigns"
            element={
              <RequireNav item="fugitives">
                <CampaignsPage />
              </RequireNav>
            }
          />
          <Route
            path="fugitives/interpol"
            element={
              <RequireNav item="fugitives">
                <InterpolPage />
              </RequireNav>
            }
          />
          <Route
            path="fugitives/campaigns/:id"
            element={
              <RequireNav item="fugitives">
                <CampaignPage />
              </RequireNav>
            }
          />
          <Route
            path="fugitives"
            element={
              <RequireNav item="fugitives">
                <FugitivesListPage />
              </RequireNav>
            }
          />
          <Route
            path="fugitives/:id"
            element={
              <RequireNav item="fugitives">
                <PersonPage />
              </RequireNav>
            }
          />
          <Route
            path="jobs"
            element={
              <RequireNav item="jobs">
                <JobsPage />
              </RequireNav>
            }
          />
          <Route
            path="account"
            element={
              <RequireNav item="account">
                <AccountPage />
              </RequireNav>
            }
          />
          <Route
            path="admin/users"
            element={
              <RequireNav item="admin.users">
                <UsersPage />
              </RequireNav>
            }
          />
          <Route
            path="admin/agencies"
            element={
              <RequireNav item="admin.agencies">
                <AgenciesPage />
              </RequireNav>
            }
          />
          <Route
            path="admin/audit"
            element={
              <RequireNav item="admin.audit">
                <AuditPage />
              </RequireNav>
            }
          />
          <Route
            path="admin/settings"
            element={
              <RequireNav item="admin.settings">
                <SettingsPage />
              </RequireNav>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </BrowserRouter>
  );
}

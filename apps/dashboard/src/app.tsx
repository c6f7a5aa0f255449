import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';

import { OidcCallbackPage } from './auth/oidc-callback-page';
import { OIDC_CALLBACK_PATH } from './auth/oidc-flow';
import { SignInPage } from './auth/sign-in-page';
import { SessionProvider, useSession } from './auth/session';
import { NotificationsProvider } from './layout/notifications';
import { Shell } from './layout/shell';
import { ExecutionHistoryPage } from './pages/execution-history-page';
import { ExecutionPage } from './pages/execution-page';
import { OverviewPage } from './pages/overview-page';
import { ProtectionGroupEditorPage } from './pages/protection-group-editor-page';
import { ProtectionGroupsPage } from './pages/protection-groups-page';
import { RecoveryPlanEditorPage } from './pages/recovery-plan-editor-page';
import { RecoveryPlansPage } from './pages/recovery-plans-page';
import { SourceServersPage } from './pages/source-servers-page';

function SignedInRoutes() {
  const { session } = useSession();
  const { pathname } = useLocation();
  if (!session) {
    return pathname === OIDC_CALLBACK_PATH ? <OidcCallbackPage /> : <SignInPage />;
  }

  return (
    <Shell>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/source-servers" element={<SourceServersPage />} />
        <Route path="/protection-groups" element={<ProtectionGroupsPage />} />
        <Route path="/protection-groups/new" element={<ProtectionGroupEditorPage />} />
        <Route path="/protection-groups/:id" element={<ProtectionGroupEditorPage />} />
        <Route path="/recovery-plans" element={<RecoveryPlansPage />} />
        <Route path="/recovery-plans/new" element={<RecoveryPlanEditorPage />} />
        <Route path="/recovery-plans/:id" element={<RecoveryPlanEditorPage />} />
        <Route path="/executions" element={<ExecutionHistoryPage />} />
        <Route path="/executions/:id" element={<ExecutionPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
    </Shell>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <NotificationsProvider>
          <SignedInRoutes />
        </NotificationsProvider>
      </SessionProvider>
    </BrowserRouter>
  );
}

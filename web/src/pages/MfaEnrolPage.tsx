import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ErrorNotice } from '../components/errors.tsx';
import { MfaEnrolment } from '../components/MfaEnrolment.tsx';
import { Loading, usePageTitle } from '../components/ui.tsx';
import { SESSION_QUERY_KEY, signOut, useSessionQuery } from '../session/session.tsx';
import { AuthLayout } from './LoginPage.tsx';

/** The platform requires two-factor authentication: a user without it sets it up before anything else. */
export function MfaEnrolPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const { data: session, isPending, error } = useSessionQuery();
  // Once enrolled the session is complete, but the recovery codes must stay on screen until the user moves on.
  const [enrolled, setEnrolled] = useState(false);
  usePageTitle(t('mfa.enrolTitle'));

  if (isPending) {
    return (
      <AuthLayout>
        <Loading />
      </AuthLayout>
    );
  }
  if (!enrolled) {
    if (!session || session.stage === 'mfa_pending') return <Navigate to="/login" replace />;
    if (session.stage === 'active') return <Navigate to="/" replace />;
  }
  return (
    <AuthLayout wide>
      <h1 className="auth-title">{t('mfa.enrolTitle')}</h1>
      <p className="muted">{t('mfa.enrolRequired')}</p>
      <ErrorNotice error={error} />
      <MfaEnrolment
        onEnrolled={() => {
          setEnrolled(true);
        }}
        doneLabel={t('mfa.continueToConcord')}
        onDone={() => {
          void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY }).then(() => navigate('/', { replace: true }));
        }}
      />
      <div className="auth-links">
        <button
          type="button"
          className="link-button"
          onClick={() => void signOut(queryClient).then(() => navigate('/login', { replace: true }))}
        >
          {t('auth.signOut')}
        </button>
      </div>
    </AuthLayout>
  );
}

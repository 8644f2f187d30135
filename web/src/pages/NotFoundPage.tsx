import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { usePageTitle } from '../components/ui.tsx';

export function NotFoundPage() {
  const { t } = useTranslation();
  const location = useLocation();
  usePageTitle(t('notFound.title'));
  return (
    <section className="state-page" data-testid="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.body', { path: location.pathname })}</p>
      <p>
        <Link to="/">{t('common.backToDashboard')}</Link>
      </p>
    </section>
  );
}

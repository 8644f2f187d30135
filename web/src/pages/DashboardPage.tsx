import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client.ts';
import type { DashboardCard } from '../api/types.ts';
import { formatNumber } from '../components/format.ts';
import { PageHeader, QueryProblem } from '../components/ui.tsx';
import { useSession } from '../session/session.tsx';

function CardContent({ card }: { card: DashboardCard }) {
  const { t } = useTranslation();
  return (
    <>
      <span className="card-title">{t(card.titleKey, { defaultValue: card.titleKey })}</span>
      <span className="card-value">{formatNumber(card.value)}</span>
      {card.href ? (
        <span className="card-more" aria-hidden="true">
          {t('dashboard.open')} →
        </span>
      ) : null}
    </>
  );
}

/** Home: one card per figure the modules offer this user (the server decides which). */
export function DashboardPage() {
  const { t } = useTranslation();
  const session = useSession();
  const dashboard = useQuery({ queryKey: ['dashboard'], queryFn: () => api.get<{ cards: DashboardCard[] }>('/api/dashboard') });
  return (
    <>
      <PageHeader
        title={t('dashboard.title')}
        description={t('dashboard.welcome', { name: session.user.displayName, agency: session.agency.name })}
      />
      <QueryProblem isPending={dashboard.isPending} error={dashboard.error} />
      {dashboard.data ? (
        dashboard.data.cards.length === 0 ? (
          <p className="empty">{t('dashboard.empty')}</p>
        ) : (
          <ul className="cards" data-testid="dashboard-cards">
            {dashboard.data.cards.map((card) => (
              <li key={card.id} data-card={card.id}>
                {card.href ? (
                  <Link to={card.href} className="card card-link">
                    <CardContent card={card} />
                  </Link>
                ) : (
                  <div className="card">
                    <CardContent card={card} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        )
      ) : null}
    </>
  );
}

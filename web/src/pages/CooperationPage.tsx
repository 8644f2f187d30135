import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import type { Agency, Items } from '../api/types.ts';
import { formatNumber, stateName } from '../components/format.ts';
import { Badge, PageHeader, QueryProblem, type Tone } from '../components/ui.tsx';

/** Shapes of the cooperation API (docs/cooperation.md). */
interface Place {
  city: string;
  country: string;
}
interface CooperationEvent {
  id: string;
  agencyId: string;
  kind: 'workshop' | 'high_level_meeting' | 'conference';
  title: string;
  place: Place;
  startsOn: string;
  endsOn: string;
  participantAgencyIds: string[];
  outcomes: string | null;
  status: 'planned' | 'held' | 'cancelled';
}
interface Participation {
  id: string;
  participantAgencyId: string | null;
  state: string;
  participants: number;
  hours: string;
  withdrawn: boolean;
}
interface TrainingSession {
  id: string;
  startsOn: string;
  endsOn: string;
  place: Place;
  hours: string;
  cancelled: boolean;
  participation: Participation[];
}
interface TrainingProgramme {
  id: string;
  agencyId: string;
  title: string;
  topics: string[];
  hostState: string;
  year: number;
  description: string | null;
  cancelled: boolean;
  participantAgencyIds: string[];
}
interface TechnicalSupport {
  id: string;
  agencyId: string;
  recipientAgencyId: string;
  kind: string;
  description: string;
  value: string;
  currency: string;
  deliveredOn: string;
  cancelled: boolean;
}
interface JointOperation {
  id: string;
  agencyId: string;
  name: string;
  status: 'planned' | 'active' | 'closed';
  participantAgencyIds: string[];
  objectives: string | null;
  startsOn: string;
  endsOn: string | null;
}
interface Summary {
  trainings: {
    byYear: { year: number; programmes: number; sessions: number; participants: number; participantHours: string }[];
    byStateAndYear: { year: number; state: string; sessions: number; participants: number; participantHours: string }[];
  };
  events: Record<string, number>;
  jointOperations: Record<string, number>;
  technicalSupport: { currency: string; deliveries: number; total: string }[];
}

const TABS = ['events', 'trainings', 'technical-support', 'joint-operations'] as const;
type Tab = (typeof TABS)[number];

const statusTone: Record<string, Tone> = { planned: 'info', held: 'success', active: 'success', closed: 'neutral', cancelled: 'danger' };

/** Agency names the actor may see; others (the API lists only the actor's own agency to most roles) show as a count. */
function useAgencyNames() {
  const agencies = useQuery({ queryKey: ['agencies'], queryFn: () => api.get<Items<Agency>>('/api/agencies'), staleTime: 60_000 });
  const byId = new Map((agencies.data?.items ?? []).map((agency) => [agency.id, agency.shortName]));
  return (id: string | null): string | null => (id ? (byId.get(id) ?? null) : null);
}

function AgencyList({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const name = useAgencyNames();
  const known = ids.map(name).filter((value): value is string => value !== null);
  const others = ids.length - known.length;
  const parts = [...known, ...(others > 0 ? [t('cooperation.otherAgencies', { count: others })] : [])];
  return <>{parts.length ? parts.join(', ') : '—'}</>;
}

function SummaryPanel() {
  const { t } = useTranslation();
  const summary = useQuery({ queryKey: ['cooperation', 'summary'], queryFn: () => api.get<Summary>('/api/cooperation/summary') });
  if (!summary.data) return <QueryProblem isPending={summary.isPending} error={summary.error} />;
  const data = summary.data;
  const years = [...new Set(data.trainings.byStateAndYear.map((row) => row.year))].sort();
  const states = [...new Set(data.trainings.byStateAndYear.map((row) => row.state))].sort();
  const cell = (state: string, year: number) => data.trainings.byStateAndYear.find((row) => row.state === state && row.year === year);
  const count = (record: Record<string, number>) => Object.values(record).reduce((sum, value) => sum + value, 0);
  return (
    <section className="panel" aria-labelledby="coop-summary" data-testid="cooperation-summary">
      <h2 id="coop-summary">{t('cooperation.summary')}</h2>
      <dl className="summary-figures">
        <div>
          <dt>{t('cooperation.tabs.events')}</dt>
          <dd>{formatNumber(count(data.events))}</dd>
        </div>
        <div>
          <dt>{t('cooperation.sessionsTotal')}</dt>
          <dd>{formatNumber(data.trainings.byYear.reduce((sum, row) => sum + row.sessions, 0))}</dd>
        </div>
        <div>
          <dt>{t('cooperation.activeOperations')}</dt>
          <dd>{formatNumber(data.jointOperations.active ?? 0)}</dd>
        </div>
        <div>
          <dt>{t('cooperation.tabs.technical-support')}</dt>
          <dd>
            {data.technicalSupport.length === 0 ? '0' : data.technicalSupport.map((row) => `${row.total} ${row.currency}`).join(' · ')}
          </dd>
        </div>
      </dl>
      <h3>{t('cooperation.trainingsByState')}</h3>
      {states.length === 0 ? (
        <p className="empty">{t('cooperation.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table-dense" data-testid="trainings-by-state">
            <caption className="visually-hidden">{t('cooperation.trainingsByState')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cooperation.state')}</th>
                {years.map((year) => (
                  <th key={year} scope="col" className="num">
                    {year}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {states.map((state) => (
                <tr key={state}>
                  <th scope="row">{stateName(state)}</th>
                  {years.map((year) => {
                    const row = cell(state, year);
                    return (
                      <td key={year} className="num">
                        {row
                          ? t('cooperation.cell', {
                              sessions: row.sessions,
                              participants: row.participants,
                              hours: formatNumber(Number(row.participantHours)),
                            })
                          : '—'}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="hint">{t('cooperation.cellHelp')}</p>
    </section>
  );
}

function EventsTab() {
  const { t } = useTranslation();
  const events = useQuery({
    queryKey: ['cooperation', 'events'],
    queryFn: () => api.get<Items<CooperationEvent>>('/api/cooperation/events'),
  });
  if (!events.data) return <QueryProblem isPending={events.isPending} error={events.error} />;
  if (events.data.items.length === 0) return <p className="empty">{t('cooperation.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="cooperation-events">
        <thead>
          <tr>
            <th scope="col">{t('cooperation.dates')}</th>
            <th scope="col">{t('cooperation.title')}</th>
            <th scope="col">{t('cooperation.kind')}</th>
            <th scope="col">{t('cooperation.place')}</th>
            <th scope="col">{t('cooperation.participants')}</th>
            <th scope="col">{t('cooperation.status')}</th>
          </tr>
        </thead>
        <tbody>
          {events.data.items.map((event) => (
            <tr key={event.id}>
              <td className="mono nowrap">
                {event.startsOn}
                {event.endsOn !== event.startsOn ? ` – ${event.endsOn}` : ''}
              </td>
              <td>
                <span lang="en">{event.title}</span>
                {event.outcomes ? (
                  <p className="subtle" lang="en">
                    {event.outcomes}
                  </p>
                ) : null}
              </td>
              <td>{t(`cooperation.eventKind.${event.kind}`)}</td>
              <td>
                {event.place.city}, {stateName(event.place.country)}
              </td>
              <td>
                <AgencyList ids={[event.agencyId, ...event.participantAgencyIds]} />
              </td>
              <td>
                <Badge tone={statusTone[event.status] ?? 'neutral'}>{t(`cooperation.status_.${event.status}`)}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ProgrammeSessions({ id }: { id: string }) {
  const { t } = useTranslation();
  const name = useAgencyNames();
  const programme = useQuery({
    queryKey: ['cooperation', 'training', id],
    queryFn: () => api.get<TrainingProgramme & { sessions: TrainingSession[] }>(`/api/cooperation/trainings/${id}`),
  });
  if (!programme.data) return <QueryProblem isPending={programme.isPending} error={programme.error} />;
  if (programme.data.sessions.length === 0) return <p className="empty">{t('cooperation.noSessions')}</p>;
  return (
    <ul className="session-list">
      {programme.data.sessions.map((session) => (
        <li key={session.id} className={session.cancelled ? 'cancelled' : undefined}>
          <p>
            <strong className="mono">
              {session.startsOn} – {session.endsOn}
            </strong>{' '}
            · {session.place.city}, {stateName(session.place.country)} · {t('cooperation.hours', { hours: session.hours })}
            {session.cancelled ? (
              <>
                {' '}
                <Badge tone="danger">{t('cooperation.status_.cancelled')}</Badge>
              </>
            ) : null}
          </p>
          <table className="table table-dense">
            <thead>
              <tr>
                <th scope="col">{t('cooperation.state')}</th>
                <th scope="col">{t('cooperation.agency')}</th>
                <th scope="col" className="num">
                  {t('cooperation.participants')}
                </th>
                <th scope="col" className="num">
                  {t('cooperation.hoursEach')}
                </th>
              </tr>
            </thead>
            <tbody>
              {session.participation.map((line) => (
                <tr key={line.id} className={line.withdrawn ? 'withdrawn' : undefined}>
                  <td>{stateName(line.state)}</td>
                  <td>{name(line.participantAgencyId) ?? '—'}</td>
                  <td className="num">{line.participants}</td>
                  <td className="num">
                    {line.hours}
                    {line.withdrawn ? ` (${t('cooperation.withdrawn')})` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      ))}
    </ul>
  );
}

function TrainingsTab() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Set<string>>(new Set());
  const trainings = useQuery({
    queryKey: ['cooperation', 'trainings'],
    queryFn: () => api.get<Items<TrainingProgramme>>('/api/cooperation/trainings'),
  });
  if (!trainings.data) return <QueryProblem isPending={trainings.isPending} error={trainings.error} />;
  if (trainings.data.items.length === 0) return <p className="empty">{t('cooperation.empty')}</p>;
  return (
    <ul className="programme-list" data-testid="cooperation-trainings">
      {trainings.data.items.map((programme) => (
        <li key={programme.id} className="panel">
          <details
            onToggle={(event) => {
              const isOpen = event.currentTarget.open;
              setOpen((current) => {
                const next = new Set(current);
                if (isOpen) next.add(programme.id);
                else next.delete(programme.id);
                return next;
              });
            }}
          >
            <summary>
              <strong lang="en">{programme.title}</strong> · {programme.year} · {stateName(programme.hostState)}{' '}
              {programme.cancelled ? <Badge tone="danger">{t('cooperation.status_.cancelled')}</Badge> : null}
            </summary>
            <p className="badge-stack">
              {programme.topics.map((topic) => (
                <Badge key={topic} tone="info">
                  {t(`cooperation.topic.${topic}`, { defaultValue: topic })}
                </Badge>
              ))}
            </p>
            {programme.description ? <p lang="en">{programme.description}</p> : null}
            <p className="subtle">
              {t('cooperation.participatingAgencies')}: <AgencyList ids={programme.participantAgencyIds} />
            </p>
            {open.has(programme.id) ? <ProgrammeSessions id={programme.id} /> : null}
          </details>
        </li>
      ))}
    </ul>
  );
}

function TechnicalSupportTab() {
  const { t } = useTranslation();
  const name = useAgencyNames();
  const support = useQuery({
    queryKey: ['cooperation', 'technical-support'],
    queryFn: () => api.get<Items<TechnicalSupport>>('/api/cooperation/technical-support'),
  });
  if (!support.data) return <QueryProblem isPending={support.isPending} error={support.error} />;
  if (support.data.items.length === 0) return <p className="empty">{t('cooperation.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="cooperation-technical-support">
        <thead>
          <tr>
            <th scope="col">{t('cooperation.deliveredOn')}</th>
            <th scope="col">{t('cooperation.kind')}</th>
            <th scope="col">{t('cooperation.description_')}</th>
            <th scope="col">{t('cooperation.provider')}</th>
            <th scope="col">{t('cooperation.recipient')}</th>
            <th scope="col" className="num">
              {t('cooperation.value')}
            </th>
          </tr>
        </thead>
        <tbody>
          {support.data.items.map((item) => (
            <tr key={item.id}>
              <td className="mono">{item.deliveredOn}</td>
              <td>{t(`cooperation.supportKind.${item.kind}`, { defaultValue: item.kind })}</td>
              <td lang="en">
                {item.description}
                {item.cancelled ? (
                  <>
                    {' '}
                    <Badge tone="danger">{t('cooperation.status_.cancelled')}</Badge>
                  </>
                ) : null}
              </td>
              <td>{name(item.agencyId) ?? t('cooperation.otherAgencies', { count: 1 })}</td>
              <td>{name(item.recipientAgencyId) ?? t('cooperation.otherAgencies', { count: 1 })}</td>
              <td className="num mono">
                {item.value} {item.currency}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JointOperationsTab() {
  const { t } = useTranslation();
  const operations = useQuery({
    queryKey: ['cooperation', 'joint-operations'],
    queryFn: () => api.get<Items<JointOperation>>('/api/cooperation/joint-operations'),
  });
  if (!operations.data) return <QueryProblem isPending={operations.isPending} error={operations.error} />;
  if (operations.data.items.length === 0) return <p className="empty">{t('cooperation.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="cooperation-joint-operations">
        <thead>
          <tr>
            <th scope="col">{t('cooperation.name')}</th>
            <th scope="col">{t('cooperation.dates')}</th>
            <th scope="col">{t('cooperation.participants')}</th>
            <th scope="col">{t('cooperation.status')}</th>
          </tr>
        </thead>
        <tbody>
          {operations.data.items.map((operation) => (
            <tr key={operation.id}>
              <td>
                <strong lang="en">{operation.name}</strong>
                {operation.objectives ? (
                  <p className="subtle" lang="en">
                    {operation.objectives}
                  </p>
                ) : null}
              </td>
              <td className="mono nowrap">
                {operation.startsOn} – {operation.endsOn ?? t('cooperation.open')}
              </td>
              <td>
                <AgencyList ids={[operation.agencyId, ...operation.participantAgencyIds]} />
              </td>
              <td>
                <Badge tone={statusTone[operation.status] ?? 'neutral'}>{t(`cooperation.status_.${operation.status}`)}</Badge>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CooperationPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab');
  const tab: Tab = TABS.includes(requested as Tab) ? (requested as Tab) : 'events';
  return (
    <>
      <PageHeader title={t('cooperation.pageTitle')} description={t('cooperation.description')} />
      <SummaryPanel />
      <div className="tabs" role="tablist" aria-label={t('cooperation.sections')}>
        {TABS.map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            id={`coop-tab-${value}`}
            aria-selected={tab === value}
            aria-controls="coop-panel"
            className="tab"
            data-testid={`cooperation-tab-${value}`}
            onClick={() => {
              setParams({ tab: value }, { replace: true });
            }}
          >
            {t(`cooperation.tabs.${value}`)}
          </button>
        ))}
      </div>
      <div id="coop-panel" role="tabpanel" aria-labelledby={`coop-tab-${tab}`}>
        {tab === 'events' ? <EventsTab /> : null}
        {tab === 'trainings' ? <TrainingsTab /> : null}
        {tab === 'technical-support' ? <TechnicalSupportTab /> : null}
        {tab === 'joint-operations' ? <JointOperationsTab /> : null}
      </div>
    </>
  );
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, withQuery } from '../../api/client.ts';
import type { Watchlist, WatchlistEntry, WatchlistEntryList } from '../../api/screening.ts';
import { formatDateTime, formatNumber, stateName } from '../../components/format.ts';
import { Badge, ConfirmDialog, Notice, PageHeader, QueryProblem } from '../../components/ui.tsx';
import { offsetParam, PAGE_SIZE, Pager, SCREENING_QUERY_KEY, ScreeningTabs } from './common.tsx';

const WATCHLISTS_QUERY_KEY = [...SCREENING_QUERY_KEY, 'watchlists'] as const;

/** A nationality as the browser names it in the interface language when it is an ISO code, else as imported. */
const nationalityLabel = (value: string): string => (/^[A-Z]{2}$/.test(value) ? stateName(value) : value);

function EntryRow({
  entry,
  mayRemove,
  onRemove,
}: {
  entry: WatchlistEntry;
  mayRemove: boolean;
  onRemove: (entry: WatchlistEntry) => void;
}) {
  const { t } = useTranslation();
  const aliases = entry.names.slice(1);
  return (
    <tr data-entry-id={entry.id} data-removed={entry.removed}>
      <th scope="row">
        <span className="original-name" data-testid="entry-caption">
          {entry.caption}
        </span>
        {entry.removed ? (
          <>
            {' '}
            <Badge tone="warning">{t('screening.entries.removed')}</Badge>
          </>
        ) : null}
        {aliases.length > 0 ? (
          <span className="subtle" data-testid="entry-aliases">
            {t('screening.entries.aliases')}{' '}
            {aliases.map((alias, index) => (
              <span key={`${alias}-${String(index)}`}>
                {index > 0 ? '; ' : ''}
                <span className="original-name">{alias}</span>
              </span>
            ))}
          </span>
        ) : null}
      </th>
      <td className="mono nowrap">{entry.birthDates.join('; ') || '—'}</td>
      <td>
        {entry.nationalities.length > 0
          ? entry.nationalities.map((value, index) => (
              <span key={`${value}-${String(index)}`} title={value}>
                {index > 0 ? '; ' : ''}
                {nationalityLabel(value)}
              </span>
            ))
          : '—'}
      </td>
      <td className="mono">{entry.identifiers.join('; ') || '—'}</td>
      <td className="mono">{entry.sourceId ?? '—'}</td>
      <td className="nowrap">{formatDateTime(entry.updatedAt)}</td>
      {mayRemove ? (
        <td>
          {entry.removed ? null : (
            <button
              type="button"
              className="button button-secondary"
              aria-label={t('screening.entries.removeEntry', { name: entry.caption })}
              onClick={() => {
                onRemove(entry);
              }}
            >
              {t('screening.entries.remove')}
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}

/** One watchlist's entries: searched by any name in any script, paged, and — for its keepers — removed one by one. */
export function WatchlistEntriesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const includeRemoved = params.get('removed') === 'true';
  const offset = offsetParam(params.get('offset'));
  const [search, setSearch] = useState(q);
  const [pending, setPending] = useState<WatchlistEntry | null>(null);
  const [removedName, setRemovedName] = useState<string | null>(null);

  const watchlist = useQuery({
    queryKey: [...WATCHLISTS_QUERY_KEY, id],
    queryFn: () => api.get<Watchlist>(`/api/screening/watchlists/${encodeURIComponent(id)}`),
  });
  const entries = useQuery({
    queryKey: [...WATCHLISTS_QUERY_KEY, id, 'entries', q, includeRemoved, offset],
    queryFn: () =>
      api.get<WatchlistEntryList>(
        withQuery(`/api/screening/watchlists/${encodeURIComponent(id)}/entries`, {
          q,
          includeRemoved: includeRemoved ? 'true' : undefined,
          offset,
          limit: PAGE_SIZE,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const remove = useMutation({
    mutationFn: (entry: WatchlistEntry) =>
      api.delete<WatchlistEntry>(`/api/screening/watchlists/${encodeURIComponent(id)}/entries/${encodeURIComponent(entry.id)}`),
    onSuccess: (entry) => {
      setPending(null);
      setRemovedName(entry.caption);
      return queryClient.invalidateQueries({ queryKey: WATCHLISTS_QUERY_KEY });
    },
  });

  /** A new search or filter starts at the first page; paging keeps them. */
  const setParam = (key: 'q' | 'removed' | 'offset', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'offset') next.delete('offset');
    setParams(next, { replace: true });
  };
  const submitSearch = (event: SyntheticEvent) => {
    event.preventDefault();
    setRemovedName(null);
    setParam('q', search.trim());
  };

  const total = entries.data?.total ?? 0;
  // Removing the last entry of the last page empties it: step back to the page that now ends the list.
  useEffect(() => {
    if (entries.data && entries.data.items.length === 0 && offset > 0 && !entries.isPlaceholderData) {
      const last = total > 0 ? Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE : 0;
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          if (last > 0) next.set('offset', String(last));
          else next.delete('offset');
          return next;
        },
        { replace: true },
      );
    }
  }, [entries.data, entries.isPlaceholderData, offset, total, setParams]);

  const list = watchlist.data;
  const mayRemove = list?.policies.remove_entry ?? false;
  return (
    <>
      <PageHeader title={list ? list.name : t('screening.entries.title')} description={list?.description ?? undefined} />
      <ScreeningTabs />
      <p>
        <Link to="/screening/watchlists">{t('screening.entries.back')}</Link>
      </p>
      <QueryProblem isPending={watchlist.isPending} error={watchlist.error} />
      {list ? (
        <>
          <dl className="summary-figures" data-testid="watchlist-facts">
            <div>
              <dt>{t('screening.watchlists.visibility')}</dt>
              <dd>
                <Badge tone={list.visibility === 'platform' ? 'info' : 'neutral'}>
                  {t(`screening.watchlists.visibilities.${list.visibility}`)}
                </Badge>
              </dd>
            </div>
            <div>
              <dt>{t('screening.watchlists.revision')}</dt>
              <dd className="mono" data-testid="watchlist-revision">
                {list.revision}
              </dd>
            </div>
            <div>
              <dt>{t('screening.watchlists.entries')}</dt>
              <dd data-testid="watchlist-entry-count">{formatNumber(list.entryCount)}</dd>
            </div>
          </dl>
          <form className="toolbar" role="search" aria-label={t('screening.entries.search')} onSubmit={submitSearch}>
            <div className="field field-inline">
              <label htmlFor="entries-q">{t('screening.entries.query')}</label>
              <input
                id="entries-q"
                type="search"
                maxLength={200}
                value={search}
                onChange={(event) => {
                  setSearch(event.target.value);
                }}
              />
            </div>
            <button type="submit" className="button button-primary">
              {t('screening.entries.searchButton')}
            </button>
            <label className="checkbox" htmlFor="entries-removed">
              <input
                id="entries-removed"
                type="checkbox"
                checked={includeRemoved}
                onChange={(event) => {
                  setRemovedName(null);
                  setParam('removed', event.target.checked ? 'true' : '');
                }}
              />
              {t('screening.entries.showRemoved')}
            </label>
          </form>
        </>
      ) : null}
      {removedName ? (
        <Notice tone="success" live>
          {t('screening.entries.removedNotice', { name: removedName })}
        </Notice>
      ) : null}
      {list ? <QueryProblem isPending={entries.isPending} error={entries.error} /> : null}
      {list && entries.data ? (
        entries.data.items.length === 0 ? (
          <p className="empty" data-testid="entries-empty">
            {q ? t('screening.entries.noMatch', { q }) : t('screening.entries.empty')}
          </p>
        ) : (
          <>
            <div className="table-wrap">
              <table className="table" data-testid="entries-table" aria-busy={entries.isFetching}>
                <caption className="visually-hidden">{t('screening.entries.caption', { name: list.name })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('screening.entries.names')}</th>
                    <th scope="col">{t('screening.entries.birthDates')}</th>
                    <th scope="col">{t('screening.entries.nationalities')}</th>
                    <th scope="col">{t('screening.entries.identifiers')}</th>
                    <th scope="col">{t('screening.entries.sourceId')}</th>
                    <th scope="col">{t('screening.watchlists.updated')}</th>
                    {mayRemove ? <th scope="col">{t('common.actions')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {entries.data.items.map((entry) => (
                    <EntryRow
                      key={entry.id}
                      entry={entry}
                      mayRemove={mayRemove}
                      onRemove={(chosen) => {
                        remove.reset();
                        setPending(chosen);
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
            <Pager
              offset={offset}
              limit={PAGE_SIZE}
              shown={entries.data.items.length}
              total={entries.data.total}
              busy={entries.isFetching}
              onChange={(value) => {
                setParam('offset', value > 0 ? String(value) : '');
              }}
            />
          </>
        )
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        title={t('screening.entries.confirmTitle')}
        body={
          pending ? (
            <p>
              {t('screening.entries.confirmBody', { list: list?.name ?? '' })} <strong className="original-name">{pending.caption}</strong>
            </p>
          ) : null
        }
        confirmLabel={t('screening.entries.remove')}
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (pending) remove.mutate(pending);
        }}
        onClose={() => {
          setPending(null);
        }}
      />
    </>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import type { Agency, Items } from '../api/types.ts';
import { ErrorNotice } from '../components/errors.tsx';
import { formatDateTime, stateName } from '../components/format.ts';
import { Badge, ConfirmDialog, Modal, Notice, PageHeader, QueryProblem } from '../components/ui.tsx';

const AGENCIES_QUERY_KEY = ['agencies'] as const;

function CreateAgencyForm({ onCreated, onCancel }: { onCreated: (agency: Agency) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [shortName, setShortName] = useState('');
  const [state, setState] = useState('');
  const create = useMutation({
    mutationFn: () => api.post<Agency>('/api/agencies', { name: name.trim(), shortName: shortName.trim(), state }),
    onSuccess: onCreated,
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const stateValid = /^[A-Z]{2}$/.test(state);
  return (
    <section className="panel" aria-labelledby="create-agency-title">
      <h2 id="create-agency-title">{t('agencies.createTitle')}</h2>
      <form className="form" onSubmit={submit}>
        <ErrorNotice error={create.error} overrides={{ CONFLICT: 'agencies.shortNameTaken' }} />
        <div className="form-grid">
          <div className="field field-wide">
            <label htmlFor="new-agency-name">{t('agencies.name')}</label>
            <input
              id="new-agency-name"
              type="text"
              required
              minLength={2}
              maxLength={200}
              value={name}
              onChange={(event) => {
                setName(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="new-agency-short">{t('agencies.shortName')}</label>
            <input
              id="new-agency-short"
              type="text"
              required
              minLength={2}
              maxLength={20}
              value={shortName}
              onChange={(event) => {
                setShortName(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="new-agency-state">{t('agencies.state')}</label>
            <input
              id="new-agency-state"
              type="text"
              required
              pattern="[A-Z]{2}"
              maxLength={2}
              autoComplete="off"
              aria-describedby="new-agency-state-hint"
              className="input-short"
              value={state}
              onChange={(event) => {
                setState(event.target.value.toUpperCase().replace(/[^A-Z]/g, ''));
              }}
            />
            <span id="new-agency-state-hint" className="hint">
              {stateValid ? stateName(state) : t('agencies.stateHint')}
            </span>
          </div>
        </div>
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={create.isPending || !stateValid}>
            {t('agencies.create')}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function RenameAgencyDialog({ agency, onClose, onSaved }: { agency: Agency; onClose: () => void; onSaved: (agency: Agency) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(agency.name);
  const [shortName, setShortName] = useState(agency.shortName);
  const save = useMutation({
    mutationFn: () =>
      api.patch<Agency>(`/api/agencies/${encodeURIComponent(agency.id)}`, { name: name.trim(), shortName: shortName.trim() }),
    onSuccess: onSaved,
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal title={t('agencies.renameTitle', { name: agency.shortName })} open onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <ErrorNotice error={save.error} overrides={{ CONFLICT: 'agencies.shortNameTaken' }} />
        <div className="field">
          <label htmlFor="rename-agency-name">{t('agencies.name')}</label>
          <input
            id="rename-agency-name"
            type="text"
            required
            minLength={2}
            maxLength={200}
            value={name}
            onChange={(event) => {
              setName(event.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="rename-agency-short">{t('agencies.shortName')}</label>
          <input
            id="rename-agency-short"
            type="text"
            required
            minLength={2}
            maxLength={20}
            value={shortName}
            onChange={(event) => {
              setShortName(event.target.value);
            }}
          />
        </div>
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={save.isPending}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

export function AgenciesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Agency | null>(null);
  const [toggling, setToggling] = useState<Agency | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const agencies = useQuery({ queryKey: AGENCIES_QUERY_KEY, queryFn: () => api.get<Items<Agency>>('/api/agencies') });
  const refresh = () => queryClient.invalidateQueries({ queryKey: AGENCIES_QUERY_KEY });
  const setActive = useMutation({
    mutationFn: (agency: Agency) => api.patch<Agency>(`/api/agencies/${encodeURIComponent(agency.id)}`, { active: !agency.active }),
    onSuccess: (agency) => {
      setToggling(null);
      setMessage(t(agency.active ? 'agencies.done.activated' : 'agencies.done.deactivated', { name: agency.shortName }));
      void refresh();
    },
  });
  return (
    <>
      <PageHeader
        title={t('agencies.title')}
        description={t('agencies.description')}
        actions={
          creating ? null : (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setCreating(true);
                setMessage(null);
              }}
            >
              {t('agencies.new')}
            </button>
          )
        }
      />
      {message ? (
        <Notice tone="success" live>
          {message}
        </Notice>
      ) : null}
      {creating ? (
        <CreateAgencyForm
          onCancel={() => {
            setCreating(false);
          }}
          onCreated={(agency) => {
            setCreating(false);
            setMessage(t('agencies.done.created', { name: agency.shortName }));
            void refresh();
          }}
        />
      ) : null}
      <QueryProblem isPending={agencies.isPending} error={agencies.error} />
      {agencies.data ? (
        <div className="table-wrap">
          <table className="table" data-testid="agencies-table">
            <caption className="visually-hidden">{t('agencies.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agencies.shortName')}</th>
                <th scope="col">{t('agencies.name')}</th>
                <th scope="col">{t('agencies.state')}</th>
                <th scope="col">{t('agencies.status')}</th>
                <th scope="col">{t('agencies.created')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {agencies.data.items.map((agency) => (
                <tr key={agency.id} className={agency.active ? undefined : 'row-muted'}>
                  <td className="strong">{agency.shortName}</td>
                  <td>{agency.name}</td>
                  <td>
                    {stateName(agency.state)} <span className="subtle-inline">({agency.state})</span>
                  </td>
                  <td>
                    {agency.active ? (
                      <Badge tone="success">{t('agencies.active')}</Badge>
                    ) : (
                      <Badge tone="neutral">{t('agencies.inactive')}</Badge>
                    )}
                  </td>
                  <td className="nowrap">{formatDateTime(agency.createdAt)}</td>
                  <td className="actions">
                    {agency.policies.update ? (
                      <div className="row-actions">
                        <button
                          type="button"
                          className="button button-small button-secondary"
                          onClick={() => {
                            setRenaming(agency);
                          }}
                        >
                          {t('agencies.rename')}
                          <span className="visually-hidden"> {agency.shortName}</span>
                        </button>
                        {agency.policies.deactivate || !agency.active ? (
                          <button
                            type="button"
                            className={`button button-small ${agency.active ? 'button-danger-outline' : 'button-secondary'}`}
                            onClick={() => {
                              setToggling(agency);
                            }}
                          >
                            {agency.active ? t('agencies.deactivate') : t('agencies.activate')}
                            <span className="visually-hidden"> {agency.shortName}</span>
                          </button>
                        ) : null}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {renaming ? (
        <RenameAgencyDialog
          key={renaming.id}
          agency={renaming}
          onClose={() => {
            setRenaming(null);
          }}
          onSaved={(agency) => {
            setRenaming(null);
            setMessage(t('agencies.done.renamed', { name: agency.shortName }));
            void refresh();
          }}
        />
      ) : null}
      <ConfirmDialog
        open={toggling !== null}
        title={toggling?.active ? t('agencies.deactivateTitle') : t('agencies.activateTitle')}
        body={toggling ? t(toggling.active ? 'agencies.deactivateBody' : 'agencies.activateBody', { name: toggling.name }) : ''}
        confirmLabel={toggling?.active ? t('agencies.deactivate') : t('agencies.activate')}
        danger={toggling?.active ?? false}
        busy={setActive.isPending}
        error={setActive.error}
        onClose={() => {
          setToggling(null);
          setActive.reset();
        }}
        onConfirm={() => {
          if (toggling) setActive.mutate(toggling);
        }}
      />
    </>
  );
}

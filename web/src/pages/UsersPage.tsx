import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, withQuery } from '../api/client.ts';
import { ROLES, type Agency, type Items, type Role, type User } from '../api/types.ts';
import { ErrorNotice } from '../components/errors.tsx';
import { BreakAfter, Timestamp } from '../components/text.tsx';
import { RoleCheckboxes } from '../components/RoleCheckboxes.tsx';
import { Badge, ConfirmDialog, Modal, Notice, PageHeader, QueryProblem } from '../components/ui.tsx';
import { isPlatformAdmin, SESSION_QUERY_KEY, useSession } from '../session/session.tsx';

const MIN_PASSWORD_LENGTH = 12;

function CreateUserForm({
  agencies,
  defaultAgencyId,
  onCreated,
  onCancel,
}: {
  agencies: Agency[] | null;
  defaultAgencyId: string;
  onCreated: (user: User) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [roles, setRoles] = useState<Role[]>(['viewer']);
  const [password, setPassword] = useState('');
  const [agencyId, setAgencyId] = useState(defaultAgencyId);
  const [problem, setProblem] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api.post<User>('/api/users', {
        email: email.trim(),
        displayName: displayName.trim(),
        roles,
        password,
        ...(agencies ? { agencyId } : {}),
      }),
    onSuccess: onCreated,
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (roles.length === 0) {
      setProblem(t('users.needRole'));
      return;
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      setProblem(t('account.password.tooShort', { min: MIN_PASSWORD_LENGTH }));
      return;
    }
    setProblem(null);
    create.mutate();
  };
  return (
    <section className="panel" aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('users.createTitle')}</h2>
      <form className="form" onSubmit={submit}>
        {problem ? (
          <div className="notice notice-error" role="alert">
            {problem}
          </div>
        ) : null}
        <ErrorNotice error={create.error} overrides={{ CONFLICT: 'users.emailTaken' }} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="new-user-email">{t('auth.email')}</label>
            <input
              id="new-user-email"
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => {
                setEmail(event.target.value);
              }}
            />
          </div>
          <div className="field">
            <label htmlFor="new-user-name">{t('users.displayName')}</label>
            <input
              id="new-user-name"
              type="text"
              autoComplete="off"
              required
              maxLength={200}
              value={displayName}
              onChange={(event) => {
                setDisplayName(event.target.value);
              }}
            />
          </div>
          {agencies ? (
            <div className="field">
              <label htmlFor="new-user-agency">{t('users.agency')}</label>
              <select
                id="new-user-agency"
                value={agencyId}
                onChange={(event) => {
                  setAgencyId(event.target.value);
                }}
              >
                {agencies.map((agency) => (
                  <option key={agency.id} value={agency.id}>
                    {agency.shortName} — {agency.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="new-user-password">{t('users.initialPassword')}</label>
            <input
              id="new-user-password"
              type="password"
              autoComplete="new-password"
              required
              aria-describedby="new-user-password-hint"
              value={password}
              onChange={(event) => {
                setPassword(event.target.value);
              }}
            />
            <span id="new-user-password-hint" className="hint">
              {t('users.initialPasswordHint', { min: MIN_PASSWORD_LENGTH })}
            </span>
          </div>
        </div>
        <RoleCheckboxes legend={t('users.roles')} available={session.grantableRoles} value={roles} onChange={setRoles} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {t('users.create')}
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

function EditUserDialog({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const available = session.grantableRoles;
  const ownAccount = user.id === session.user.id;
  const fixedHeld = user.roles.filter((role) => !available.includes(role));
  const save = useMutation({
    mutationFn: () => api.patch<User>(`/api/users/${encodeURIComponent(user.id)}`, { displayName: displayName.trim(), roles }),
    onSuccess: onSaved,
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <Modal title={t('users.editTitle', { name: user.displayName })} open onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <ErrorNotice error={save.error} />
        <div className="field">
          <label htmlFor="edit-user-name">{t('users.displayName')}</label>
          <input
            id="edit-user-name"
            type="text"
            required
            maxLength={200}
            value={displayName}
            onChange={(event) => {
              setDisplayName(event.target.value);
            }}
          />
        </div>
        {/* A role the actor may not grant but the user holds stays visible and fixed, so that saving keeps it. */}
        <RoleCheckboxes
          legend={t('users.roles')}
          available={ROLES.filter((role) => available.includes(role) || user.roles.includes(role))}
          value={roles}
          onChange={setRoles}
          fixed={ownAccount ? ROLES : ROLES.filter((role) => !available.includes(role))}
          hint={ownAccount ? t('users.ownRolesFixed') : fixedHeld.length > 0 ? t('users.rolesGrantedAbove') : undefined}
        />
        <div className="modal-actions">
          <button type="button" className="button button-secondary" onClick={onClose} disabled={save.isPending}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending || roles.length === 0}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

type PendingChange = { user: User; change: 'deactivate' | 'reactivate' | 'unlock' };

export function UsersPage() {
  const { t } = useTranslation();
  const session = useSession();
  const queryClient = useQueryClient();
  const platformAdmin = isPlatformAdmin(session);
  const [agencyFilter, setAgencyFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const agencies = useQuery({
    queryKey: ['agencies'],
    queryFn: () => api.get<Items<Agency>>('/api/agencies'),
    enabled: platformAdmin,
  });
  const users = useQuery({
    queryKey: ['users', { agencyId: agencyFilter }],
    queryFn: () => api.get<Items<User>>(withQuery('/api/users', { agencyId: agencyFilter })),
  });
  const agencyById = new Map((agencies.data?.items ?? []).map((agency) => [agency.id, agency]));
  const refreshUsers = () => queryClient.invalidateQueries({ queryKey: ['users'] });

  const update = useMutation({
    mutationFn: ({ user, change }: PendingChange) =>
      api.patch<User>(
        `/api/users/${encodeURIComponent(user.id)}`,
        change === 'unlock' ? { unlock: true } : { active: change === 'reactivate' },
      ),
    onSuccess: (user, { change }) => {
      setPending(null);
      setMessage(t(`users.done.${change}`, { name: user.displayName }));
      void refreshUsers();
    },
  });

  const confirmText = pending
    ? {
        deactivate: {
          title: t('users.deactivateTitle'),
          body: t('users.deactivateBody', { name: pending.user.displayName }),
          label: t('users.deactivate'),
        },
        reactivate: {
          title: t('users.reactivateTitle'),
          body: t('users.reactivateBody', { name: pending.user.displayName }),
          label: t('users.reactivate'),
        },
        unlock: {
          title: t('users.unlockTitle'),
          body: t('users.unlockBody', { name: pending.user.displayName }),
          label: t('users.unlock'),
        },
      }[pending.change]
    : null;

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={platformAdmin ? t('users.descriptionPlatform') : t('users.description', { agency: session.agency.shortName })}
        actions={
          creating ? null : (
            <button
              type="button"
              className="button button-primary"
              data-testid="user-create-open"
              onClick={() => {
                setCreating(true);
                setMessage(null);
              }}
            >
              {t('users.new')}
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
        <CreateUserForm
          agencies={platformAdmin ? (agencies.data?.items ?? null) : null}
          defaultAgencyId={agencyFilter || session.agency.id}
          onCancel={() => {
            setCreating(false);
          }}
          onCreated={(user) => {
            setCreating(false);
            setMessage(t('users.done.created', { name: user.displayName }));
            void refreshUsers();
          }}
        />
      ) : null}
      {platformAdmin ? (
        <div className="toolbar">
          <div className="field field-inline">
            <label htmlFor="users-agency-filter">{t('users.agency')}</label>
            <select
              id="users-agency-filter"
              data-testid="users-agency-filter"
              value={agencyFilter}
              onChange={(event) => {
                setAgencyFilter(event.target.value);
              }}
            >
              <option value="">{t('users.allAgencies')}</option>
              {(agencies.data?.items ?? []).map((agency) => (
                <option key={agency.id} value={agency.id}>
                  {agency.shortName} — {agency.name}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      <QueryProblem isPending={users.isPending} error={users.error} />
      {users.data ? (
        users.data.items.length === 0 ? (
          <p className="empty">{t('users.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="users-table">
              <caption className="visually-hidden">{t('users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('users.user')}</th>
                  {platformAdmin ? <th scope="col">{t('users.agency')}</th> : null}
                  <th scope="col">{t('users.roles')}</th>
                  <th scope="col">{t('users.status')}</th>
                  <th scope="col">{t('users.lastLogin')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((user) => (
                  <tr key={user.id} data-user-email={user.email} className={user.active ? undefined : 'row-muted'}>
                    <td>
                      <span className="strong">{user.displayName}</span>
                      <span className="subtle">
                        <BreakAfter text={user.email} marks="@" />
                      </span>
                    </td>
                    {platformAdmin ? <td>{agencyById.get(user.agencyId)?.shortName ?? '—'}</td> : null}
                    <td>
                      <ul className="tag-list">
                        {user.roles.map((role) => (
                          <li key={role} className="tag">
                            {t(`roles.${role}`)}
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <div className="badge-stack">
                        {user.active ? (
                          <Badge tone="success">{t('users.active')}</Badge>
                        ) : (
                          <Badge tone="neutral">{t('users.inactive')}</Badge>
                        )}
                        {user.locked ? <Badge tone="danger">{t('users.locked')}</Badge> : null}
                        {user.mfaEnabled ? (
                          <Badge tone="success">{t('users.mfaOn')}</Badge>
                        ) : (
                          <Badge tone="warning">{t('users.mfaOff')}</Badge>
                        )}
                      </div>
                    </td>
                    <td>{user.lastLoginAt ? <Timestamp value={user.lastLoginAt} withSeconds={false} /> : t('users.never')}</td>
                    <td className="actions">
                      <div className="row-actions">
                        {user.policies.update ? (
                          <button
                            type="button"
                            className="button button-small button-secondary"
                            onClick={() => {
                              setEditing(user);
                            }}
                          >
                            {t('common.edit')}
                            <span className="visually-hidden"> {user.displayName}</span>
                          </button>
                        ) : null}
                        {user.locked && user.policies.update ? (
                          <button
                            type="button"
                            className="button button-small button-secondary"
                            onClick={() => {
                              setPending({ user, change: 'unlock' });
                            }}
                          >
                            {t('users.unlock')}
                            <span className="visually-hidden"> {user.displayName}</span>
                          </button>
                        ) : null}
                        {user.policies.deactivate ? (
                          <button
                            type="button"
                            className="button button-small button-danger-outline"
                            onClick={() => {
                              setPending({ user, change: 'deactivate' });
                            }}
                          >
                            {t('users.deactivate')}
                            <span className="visually-hidden"> {user.displayName}</span>
                          </button>
                        ) : null}
                        {!user.active && user.policies.update ? (
                          <button
                            type="button"
                            className="button button-small button-secondary"
                            onClick={() => {
                              setPending({ user, change: 'reactivate' });
                            }}
                          >
                            {t('users.reactivate')}
                            <span className="visually-hidden"> {user.displayName}</span>
                          </button>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      {editing ? (
        <EditUserDialog
          key={editing.id}
          user={editing}
          onClose={() => {
            setEditing(null);
          }}
          onSaved={(user) => {
            setEditing(null);
            setMessage(t('users.done.updated', { name: user.displayName }));
            void refreshUsers();
            // Your own name or roles changed: the header and the navigation follow.
            if (user.id === session.user.id) void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
          }}
        />
      ) : null}
      <ConfirmDialog
        open={pending !== null}
        title={confirmText?.title ?? ''}
        body={confirmText?.body ?? ''}
        confirmLabel={confirmText?.label ?? ''}
        danger={pending?.change === 'deactivate'}
        busy={update.isPending}
        error={update.error}
        onClose={() => {
          setPending(null);
          update.reset();
        }}
        onConfirm={() => {
          if (pending) update.mutate(pending);
        }}
      />
    </>
  );
}

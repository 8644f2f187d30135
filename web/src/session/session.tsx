import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { api, isApiError, rememberCsrfToken } from '../api/client.ts';
import type { NavigationItem, SessionView } from '../api/types.ts';
import i18n, { isLanguage, type Language } from '../i18n/index.ts';

export const SESSION_QUERY_KEY = ['session'] as const;

/** The user whose language preference was last applied, so that a refetch never overrides a switch in progress. */
let localeAppliedFor: string | null = null;
/** A language picked on the sign-in page, before anybody was signed in: it becomes the user's preference. */
let languageChosenBeforeSignIn: Language | null = null;
/** Set when a session that was in use ends (idle timeout, deactivation), for the sign-in page to say so. */
let sessionEnded = false;
/** Set by "sign out": the next user starts at the dashboard, not on the page the previous one left. */
let signedOut = false;

export function chooseLanguageBeforeSignIn(language: Language): void {
  languageChosenBeforeSignIn = language;
}

/** Whether the sign-in page should say that the previous session ended (cleared by the next sign-in). */
export function sessionEndedBeforeSignIn(): boolean {
  return sessionEnded;
}

export function signedOutByUser(): boolean {
  return signedOut;
}

function applySessionLocale(view: SessionView): void {
  if (localeAppliedFor === view.user.id) return;
  localeAppliedFor = view.user.id;
  const chosen = languageChosenBeforeSignIn;
  languageChosenBeforeSignIn = null;
  if (chosen && chosen !== view.user.locale) {
    void i18n.changeLanguage(chosen);
    api.post('/api/me/locale', { locale: chosen }).catch(() => undefined);
    return;
  }
  if (isLanguage(view.user.locale)) void i18n.changeLanguage(view.user.locale);
}

function remember(view: SessionView): SessionView {
  rememberCsrfToken(view.csrfToken);
  applySessionLocale(view);
  return view;
}

async function fetchSession(): Promise<SessionView | null> {
  try {
    return remember(await api.get<SessionView>('/api/session'));
  } catch (error) {
    if (isApiError(error, 'UNAUTHENTICATED')) return null;
    throw error;
  }
}

export function useSessionQuery() {
  return useQuery({ queryKey: SESSION_QUERY_KEY, queryFn: fetchSession, staleTime: 5 * 60_000 });
}

/** Stores a session view the server just sent (sign-in, code step). */
export function acceptSession(queryClient: QueryClient, view: SessionView): void {
  sessionEnded = false;
  signedOut = false;
  queryClient.setQueryData(SESSION_QUERY_KEY, remember(view));
}

/** Forgets the signed-in user and every cached answer fetched on their behalf. */
export function forgetSession(queryClient: QueryClient, options: { ended?: boolean } = {}): void {
  const hadSession = Boolean(queryClient.getQueryData<SessionView | null>(SESSION_QUERY_KEY));
  if (options.ended && hadSession) sessionEnded = true;
  rememberCsrfToken(null);
  localeAppliedFor = null;
  queryClient.cancelQueries().catch(() => undefined);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] });
  queryClient.setQueryData(SESSION_QUERY_KEY, null);
}

export async function signOut(queryClient: QueryClient): Promise<void> {
  signedOut = true;
  try {
    await api.post('/api/auth/logout');
  } catch (error) {
    // Already signed out on the server: nothing more to end.
    if (!isApiError(error, 'UNAUTHENTICATED')) throw error;
  } finally {
    forgetSession(queryClient);
  }
}

export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  return () => signOut(queryClient);
}

const ActiveSessionContext = createContext<SessionView | null>(null);
export const ActiveSessionProvider = ActiveSessionContext.Provider;

/** The fully signed-in session; only inside the application shell. */
export function useSession(): SessionView {
  const session = useContext(ActiveSessionContext);
  if (!session) throw new Error('useSession outside the signed-in application shell');
  return session;
}

export const mayOpen = (session: SessionView, item: NavigationItem): boolean => session.navigation.includes(item);
export const isPlatformAdmin = (session: SessionView): boolean => session.user.roles.includes('platform_admin');

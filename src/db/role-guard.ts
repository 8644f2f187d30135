/**
 * Refuses SQL that would change the session's role or authorisation (SET ROLE, RESET ROLE, SET SESSION
 * AUTHORIZATION, set_config('role', …)) — except the one statement with which Concord opens a scoped transaction.
 *
 * On the PostgreSQL server the application connects as the non-superuser `concord_app`, so the server itself refuses
 * such an escape. PGlite has a single superuser session, and the application reaches its role only through
 * SET LOCAL ROLE: there, this guard (applied by the PGlite driver to every statement of an application transaction,
 * i.e. between the scope set-up and COMMIT or ROLLBACK) stops a query from switching back.
 */
const ESCAPE =
  /\b(?:(?:re)?set\s+(?:local\s+|session\s+)?(?:role|session\s+authorization)|set_config\s*\(\s*'role')|\bsession_authorization\b/i;

export const SCOPE_SETUP_PREFIX = "begin; select set_config('role', 'concord_app', true)";

export class RoleEscapeError extends Error {
  constructor(statement: string) {
    super(`refused: application statements may not change the database role (${statement.slice(0, 80)})`);
    this.name = 'RoleEscapeError';
  }
}

export function assertNoRoleEscape(statement: string): void {
  if (ESCAPE.test(statement)) throw new RoleEscapeError(statement);
}

import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/**
 * Refuses SQL that would change the session's role or authorisation inside an application transaction
 * (SET ROLE, RESET ROLE, SET SESSION AUTHORIZATION, set_config('role', …)).
 *
 * On the PostgreSQL server the application connects as the non-superuser `concord_app`, so the server itself refuses
 * such an escape. PGlite has a single superuser session, and the application reaches its role only through
 * SET LOCAL ROLE: there, this guard is what stops a query from switching back.
 */
const ESCAPE =
  /\b(?:(?:re)?set\s+(?:local\s+|session\s+)?(?:role|session\s+authorization)|set_config\s*\(\s*'role')|\bsession_authorization\b/i;

function findEscape(node: unknown, depth = 0): string | undefined {
  if (depth > 64 || node === null || typeof node !== 'object') return undefined;
  const candidate = node as { kind?: string; sqlFragments?: readonly string[] };
  if (candidate.kind === 'RawNode' && candidate.sqlFragments) {
    const text = candidate.sqlFragments.join('?');
    if (ESCAPE.test(text)) return text;
  }
  for (const value of Object.values(node)) {
    if (value && typeof value === 'object') {
      const found = Array.isArray(value)
        ? value.map((item: unknown) => findEscape(item, depth + 1)).find(Boolean)
        : findEscape(value as OperationNode, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

export class RoleEscapeError extends Error {
  constructor(statement: string) {
    super(`refused: application transactions may not change the database role (${statement.slice(0, 80)})`);
    this.name = 'RoleEscapeError';
  }
}

export class RoleGuardPlugin implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const escape = findEscape(args.node);
    if (escape) throw new RoleEscapeError(escape);
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

import type { AstObject } from './parser.js';
import { asArray, booleanText, constantText, defElems, stringField } from './ast.js';
import type { Finding } from './findings.js';

// Settings that change how the server reads query text (the policy parses with the defaults), or
// who the session acts as. No rule may relax these.
const DENIED: ReadonlyMap<string, string> = new Map([
  ['standard_conforming_strings', 'changes how string literals are lexed'],
  ['backslash_quote', 'changes how string literals are lexed'],
  ['role', 'changes the acting role'],
  ['session_authorization', 'changes the acting role'],
  ['session_replication_role', 'disables triggers and foreign-key checks'],
]);

/** Session settings with no effect on what data is read or written, nor on how SQL is lexed. */
const HARMLESS: ReadonlySet<string> = new Set(
  `
  statement_timeout lock_timeout idle_in_transaction_session_timeout idle_session_timeout
  transaction_timeout application_name datestyle timezone intervalstyle extra_float_digits
  bytea_output work_mem maintenance_work_mem temp_buffers default_transaction_isolation
  transaction_isolation default_transaction_deferrable transaction_deferrable client_min_messages
  row_security lc_monetary lc_numeric lc_time xmloption xmlbinary escape_string_warning
  synchronous_commit plan_cache_mode max_parallel_workers_per_gather parallel_setup_cost
  parallel_tuple_cost random_page_cost seq_page_cost cpu_tuple_cost cpu_index_tuple_cost
  cpu_operator_cost effective_cache_size effective_io_concurrency jit from_collapse_limit
  join_collapse_limit default_statistics_target geqo geqo_threshold cursor_tuple_fraction
  default_text_search_config array_nulls check_function_bodies gin_fuzzy_search_limit
  constraint_exclusion force_parallel_mode debug_parallel_query
  `.split(/\s+/).filter((n) => n),
);

const UTF8_NAMES = new Set(['utf8', 'utf-8', 'unicode']);

/** Judges SET / RESET (a VariableSetStmt body). */
export function judgeSetting(set: AstObject): Finding[] {
  const kind = stringField(set, 'kind');
  // RESET, RESET ALL and SET … TO DEFAULT return to the connection's defaults: the state the policy assumes.
  if (kind === 'VAR_RESET' || kind === 'VAR_RESET_ALL' || kind === 'VAR_SET_DEFAULT') return [];
  const name = (stringField(set, 'name') ?? '').toLowerCase();
  const values = asArray(set.args).map(constantText);
  if (kind === 'VAR_SET_MULTI') return judgeTransactionOptions(set.args, `SET ${name.toUpperCase()}`);
  const denied = DENIED.get(name);
  if (denied) return [{ action: 'deny', reason: `SET ${name} ${denied} and is blocked` }];
  if (name === 'client_encoding') {
    // Multi-byte client encodings such as SJIS can hide quote characters from a UTF-8 reading of the text.
    if (values.length === 1 && UTF8_NAMES.has((values[0] ?? '').toLowerCase())) return [];
    return [{ action: 'deny', reason: 'SET client_encoding to a non-UTF8 encoding changes how SQL is lexed and is blocked' }];
  }
  if (name === 'search_path') {
    // Moving pg_catalog, or adding schemas, changes which function or table an unqualified name reaches.
    return [{ action: 'review', reason: 'SET search_path changes which objects unqualified names resolve to' }];
  }
  if (name === 'default_transaction_read_only' || name === 'transaction_read_only') {
    return booleanText(values[0]) === true ? [] : [{ action: 'review', reason: `SET ${name} allows writes` }];
  }
  if (HARMLESS.has(name) || name.startsWith('enable_')) return [];
  return [{ action: 'review', reason: `SET of setting ${name} needs review` }];
}

/** BEGIN / START TRANSACTION / SET TRANSACTION options: only an explicit READ WRITE needs a look. */
export function judgeTransactionOptions(options: unknown, statement: string): Finding[] {
  const readOnly = defElems(options);
  if (!readOnly.has('transaction_read_only')) return [];
  return booleanText(constantText(readOnly.get('transaction_read_only'))) === true
    ? []
    : [{ action: 'review', reason: `${statement} READ WRITE allows writes` }];
}

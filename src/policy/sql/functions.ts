import type { Action } from '../../core/verdict.js';

/*
 * Judges a function call by name. Unqualified names resolve through search_path, where pg_catalog
 * comes first unless a session moves it — which is why `SET search_path` is a review (settings.ts).
 *
 * Known limits, accepted because exploiting them needs objects that only reviewed DDL can create:
 * user-defined operators, casts and type input functions run user code without a visible call, and
 * PostgreSQL's attribute notation (`t.fn` for `fn(t)`) looks like a column reference.
 */

export interface FunctionJudgement {
  readonly action: Action;
  readonly reason?: string;
}

// Blocked whatever schema they live in: extensions such as dblink or adminpack install into any schema.
const DENIED_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['pg_read_', 'reads server files'],
  ['pg_ls_', 'lists server directories'],
  ['pg_file_', 'writes server files'],
  ['lo_', 'accesses large objects / server files'],
  ['dblink', 'runs SQL on a remote server'],
  ['pg_terminate_', 'terminates backends'],
  ['pg_cancel_', 'cancels other backends'],
  ['pg_stat_reset', 'resets server statistics'],
  ['pg_replication_', 'administers replication'],
  ['binary_upgrade_', 'is a server-internal function'],
];

const DENIED: ReadonlyMap<string, string> = new Map([
  ['pg_stat_file', 'reads server file metadata'],
  ['pg_logdir_ls', 'lists server directories'],
  ['loread', 'accesses large objects / server files'],
  ['lowrite', 'accesses large objects / server files'],
  ['set_config', 'changes session settings (can change how SQL is lexed)'],
  ['pg_reload_conf', 'reloads the server configuration'],
  ['pg_rotate_logfile', 'administers the server'],
  ['pg_promote', 'administers the server'],
  ['pg_switch_wal', 'administers the server'],
  ['pg_create_restore_point', 'administers the server'],
  ['pg_backup_start', 'administers the server'],
  ['pg_backup_stop', 'administers the server'],
  ['pg_start_backup', 'administers the server'],
  ['pg_stop_backup', 'administers the server'],
  ['pg_wal_replay_pause', 'administers the server'],
  ['pg_wal_replay_resume', 'administers the server'],
  ['pg_create_physical_replication_slot', 'administers replication'],
  ['pg_create_logical_replication_slot', 'administers replication'],
  ['pg_drop_replication_slot', 'administers replication'],
  ['pg_replication_slot_advance', 'administers replication'],
  ['pg_copy_physical_replication_slot', 'administers replication'],
  ['pg_copy_logical_replication_slot', 'administers replication'],
  ['pg_logical_emit_message', 'writes to the WAL'],
  ['pg_log_backend_memory_contexts', 'administers the server'],
]);

// Built-ins with side effects that a human should see, checked before the allowlist.
const REVIEWED: ReadonlyMap<string, string> = new Map([
  ['nextval', 'advances a sequence'],
  ['setval', 'changes a sequence'],
  ['pg_advisory_lock', 'takes an advisory lock'],
  ['pg_advisory_lock_shared', 'takes an advisory lock'],
  ['pg_advisory_xact_lock', 'takes an advisory lock'],
  ['pg_advisory_xact_lock_shared', 'takes an advisory lock'],
  ['pg_try_advisory_lock', 'takes an advisory lock'],
  ['pg_try_advisory_lock_shared', 'takes an advisory lock'],
  ['pg_try_advisory_xact_lock', 'takes an advisory lock'],
  ['pg_try_advisory_xact_lock_shared', 'takes an advisory lock'],
  ['pg_advisory_unlock', 'releases an advisory lock'],
  ['pg_advisory_unlock_shared', 'releases an advisory lock'],
  ['pg_advisory_unlock_all', 'releases advisory locks'],
  // Assigning a transaction id writes to the commit log; rare in read-only work, so worth a look.
  ['txid_current', 'assigns a transaction id'],
  ['pg_current_xact_id', 'assigns a transaction id'],
  ['pg_notify', 'sends a notification'],
  // These evaluate their text argument as SQL, so what they run is invisible here.
  ['query_to_xml', 'runs SQL given as text'],
  ['query_to_xmlschema', 'runs SQL given as text'],
  ['query_to_xml_and_xmlschema', 'runs SQL given as text'],
  ['cursor_to_xml', 'reads from a cursor'],
]);

/** Pure, read-only built-ins: no writes, no locks beyond a snapshot, no file or network access, no SQL text. */
const ALLOWED: ReadonlySet<string> = new Set(
  `
  count sum avg min max array_agg string_agg bool_and bool_or every bit_and bit_or bit_xor any_value
  json_agg jsonb_agg json_object_agg jsonb_object_agg xmlagg range_agg range_intersect_agg
  stddev stddev_pop stddev_samp variance var_pop var_samp corr covar_pop covar_samp
  regr_avgx regr_avgy regr_count regr_intercept regr_r2 regr_slope regr_sxx regr_sxy regr_syy
  percentile_cont percentile_disc mode rank dense_rank percent_rank cume_dist row_number ntile
  lag lead first_value last_value nth_value
  coalesce nullif greatest least num_nulls num_nonnulls
  lower upper length char_length character_length octet_length bit_length bit_count substring substr
  position strpos trim btrim ltrim rtrim lpad rpad replace split_part concat concat_ws format left right
  repeat reverse initcap translate ascii chr md5 sha224 sha256 sha384 sha512 encode decode get_byte
  quote_ident quote_literal quote_nullable regexp_replace regexp_match regexp_matches regexp_like
  regexp_split_to_array regexp_split_to_table regexp_count regexp_instr regexp_substr starts_with
  to_hex overlay normalize unistr string_to_array string_to_table array_to_string to_ascii
  convert_from convert_to casefold
  abs ceil ceiling floor round trunc sign sqrt cbrt power pow exp ln log log10 mod div pi random
  random_normal degrees radians sin cos tan cot asin acos atan atan2 sinh cosh tanh gcd lcm factorial
  width_bucket scale min_scale trim_scale gen_random_uuid uuidv4 uuidv7
  now clock_timestamp statement_timestamp transaction_timestamp timeofday date_trunc date_part extract
  age to_char to_date to_timestamp to_number make_date make_time make_timestamp make_timestamptz
  make_interval justify_days justify_hours justify_interval isfinite date_bin timezone overlaps
  date_add date_subtract
  to_json to_jsonb row_to_json array_to_json json_build_object jsonb_build_object json_build_array
  jsonb_build_array json_object jsonb_object json_array_length jsonb_array_length json_each jsonb_each
  json_each_text jsonb_each_text json_extract_path jsonb_extract_path json_extract_path_text
  jsonb_extract_path_text json_object_keys jsonb_object_keys json_array_elements jsonb_array_elements
  json_array_elements_text jsonb_array_elements_text json_typeof jsonb_typeof json_strip_nulls
  jsonb_strip_nulls jsonb_set jsonb_set_lax jsonb_insert jsonb_pretty jsonb_path_query
  jsonb_path_query_array jsonb_path_query_first jsonb_path_exists jsonb_path_match
  json_populate_record jsonb_populate_record json_populate_recordset jsonb_populate_recordset
  json_to_record jsonb_to_record json_to_recordset jsonb_to_recordset
  array_length array_lower array_upper array_dims array_ndims cardinality array_append array_prepend
  array_cat array_remove array_replace array_position array_positions unnest array_fill trim_array
  array_sample array_shuffle generate_series generate_subscripts
  to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd
  ts_headline setweight strip numnode querytree
  host hostmask netmask network masklen broadcast family inet_same_family inet_merge abbrev
  xpath xpath_exists xmlparse xml_is_well_formed
  version current_database current_schema current_schemas current_user session_user current_setting
  pg_backend_pid pg_typeof pg_postmaster_start_time pg_conf_load_time pg_is_in_recovery
  inet_client_addr inet_client_port inet_server_addr inet_server_port pg_client_encoding
  pg_encoding_to_char pg_jit_available pg_get_keywords currval lastval
  pg_table_size pg_relation_size pg_total_relation_size pg_database_size pg_indexes_size
  pg_size_pretty pg_size_bytes pg_column_size pg_relation_filenode
  obj_description col_description shobj_description format_type pg_get_viewdef pg_get_indexdef
  pg_get_constraintdef pg_get_functiondef pg_get_function_arguments pg_get_function_result
  pg_get_function_identity_arguments pg_get_triggerdef pg_get_ruledef pg_get_expr pg_get_userbyid
  pg_get_serial_sequence pg_get_partkeydef pg_get_statisticsobjdef pg_describe_object
  pg_identify_object pg_table_is_visible pg_function_is_visible pg_type_is_visible
  has_table_privilege has_column_privilege has_any_column_privilege has_schema_privilege
  has_database_privilege has_function_privilege has_sequence_privilege pg_has_role
  to_regclass to_regtype to_regproc to_regprocedure to_regnamespace to_regrole
  pg_current_snapshot txid_current_snapshot pg_input_is_valid pg_input_error_info
  int2 int4 int8 float4 float8 numeric text varchar bpchar bool date time timestamp timestamptz
  interval uuid json jsonb bytea inet cidr
  pg_sleep pg_sleep_for pg_sleep_until
  `.split(/\s+/).filter((n) => n),
);
// pg_sleep holds nothing but its own backend; agents and tests need it to exercise statement cancel.

/** `nameParts` is the call as written: ["f"], ["schema", "f"] or ["catalog", "schema", "f"]. */
export function judgeFunction(nameParts: readonly string[]): FunctionJudgement {
  const name = nameParts[nameParts.length - 1] ?? '';
  const schema = nameParts.length > 1 ? nameParts[nameParts.length - 2] : undefined;
  const shown = `${nameParts.join('.')}()`;
  const denied = DENIED.get(name) ?? DENIED_PREFIXES.find(([prefix]) => name.startsWith(prefix))?.[1];
  if (denied) return { action: 'deny', reason: `${shown} ${denied} and is blocked` };
  if (schema !== undefined && schema !== 'pg_catalog') {
    return { action: 'review', reason: `calls user-defined function ${shown}` };
  }
  const reviewed = REVIEWED.get(name);
  if (reviewed) return { action: 'review', reason: `${shown} ${reviewed}` };
  if (ALLOWED.has(name)) return { action: 'allow' };
  return { action: 'review', reason: `calls unknown function ${shown}` };
}

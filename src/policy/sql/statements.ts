import type { AstObject } from './parser.js';
import { asArray, nameList, relationName, stringField, unwrap } from './ast.js';
import type { FactsBuilder } from './facts.js';

/** Every statement kind the classifier reports, for rule validation and documentation. */
export const SQL_STATEMENT_KINDS = [
  'select', 'insert', 'update', 'delete', 'merge', 'truncate', 'copy', 'lock', 'ddl', 'dcl', 'set',
  'show', 'transaction', 'explain', 'prepare', 'execute', 'deallocate', 'cursor', 'do', 'call',
  'listen', 'notify', 'maintenance', 'discard', 'utility',
] as const;

// Server, role and remote-execution statements: blocked whatever the rules say.
const DENIED: Readonly<Record<string, readonly [kind: string, reason: string]>> = {
  AlterSystemStmt: ['ddl', 'ALTER SYSTEM changes the server configuration'],
  CreateRoleStmt: ['dcl', 'CREATE ROLE changes roles'],
  AlterRoleStmt: ['dcl', 'ALTER ROLE changes roles'],
  DropRoleStmt: ['dcl', 'DROP ROLE changes roles'],
  AlterRoleSetStmt: ['dcl', 'ALTER ROLE … SET changes session defaults'],
  AlterDatabaseSetStmt: ['dcl', 'ALTER DATABASE … SET changes session defaults'],
  GrantRoleStmt: ['dcl', 'role membership changes'],
  AlterDefaultPrivilegesStmt: ['dcl', 'ALTER DEFAULT PRIVILEGES changes privileges'],
  AlterOwnerStmt: ['dcl', 'changing an owner changes privileges'],
  ReassignOwnedStmt: ['dcl', 'REASSIGN OWNED changes privileges'],
  DropOwnedStmt: ['dcl', 'DROP OWNED changes privileges'],
  SecLabelStmt: ['dcl', 'SECURITY LABEL changes access control'],
  CreateExtensionStmt: ['ddl', 'CREATE EXTENSION installs server code'],
  AlterExtensionStmt: ['ddl', 'ALTER EXTENSION changes server code'],
  AlterExtensionContentsStmt: ['ddl', 'ALTER EXTENSION changes server code'],
  CreatePLangStmt: ['ddl', 'CREATE LANGUAGE installs server code'],
  LoadStmt: ['ddl', 'LOAD loads a server library'],
  CreateEventTrigStmt: ['ddl', 'event triggers run code on every DDL statement'],
  CreateFdwStmt: ['ddl', 'foreign-data wrappers reach remote servers'],
  AlterFdwStmt: ['ddl', 'foreign-data wrappers reach remote servers'],
  CreateForeignServerStmt: ['ddl', 'foreign servers allow remote execution'],
  AlterForeignServerStmt: ['ddl', 'foreign servers allow remote execution'],
  CreateUserMappingStmt: ['ddl', 'user mappings hold remote credentials'],
  AlterUserMappingStmt: ['ddl', 'user mappings hold remote credentials'],
  ImportForeignSchemaStmt: ['ddl', 'IMPORT FOREIGN SCHEMA reaches a remote server'],
  CreateSubscriptionStmt: ['ddl', 'subscriptions connect to remote servers'],
  AlterSubscriptionStmt: ['ddl', 'subscriptions connect to remote servers'],
};

// Statements that read, or only touch the session's own state.
const ALLOWED: Readonly<Record<string, string>> = {
  VariableShowStmt: 'show',
  DiscardStmt: 'discard',
  DeallocateStmt: 'deallocate',
  FetchStmt: 'cursor',
  ClosePortalStmt: 'cursor',
  ListenStmt: 'listen',
  UnlistenStmt: 'listen',
  ConstraintsSetStmt: 'set',
};

const REVIEWED: Readonly<Record<string, readonly [kind: string, reason: string]>> = {
  NotifyStmt: ['notify', 'NOTIFY signals other sessions'],
  VacuumStmt: ['maintenance', 'VACUUM / ANALYZE is maintenance'],
  ClusterStmt: ['maintenance', 'CLUSTER rewrites a table'],
  ReindexStmt: ['maintenance', 'REINDEX rebuilds indexes'],
  CheckPointStmt: ['maintenance', 'CHECKPOINT is maintenance'],
  RefreshMatViewStmt: ['maintenance', 'REFRESH MATERIALIZED VIEW rewrites a view'],
  LockStmt: ['lock', 'LOCK'],
  TruncateStmt: ['truncate', 'TRUNCATE'],
  CallStmt: ['call', 'CALL runs a procedure'],
};

const DDL_NAMES: Readonly<Record<string, string>> = {
  CreateStmt: 'CREATE TABLE',
  IndexStmt: 'CREATE INDEX',
  ViewStmt: 'CREATE VIEW',
  RuleStmt: 'CREATE RULE',
  CreatedbStmt: 'CREATE DATABASE',
  DropdbStmt: 'DROP DATABASE',
  CompositeTypeStmt: 'CREATE TYPE',
  DefineStmt: 'CREATE',
  RenameStmt: 'RENAME',
};

const DROPPED_RELATIONS = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_SEQUENCE', 'OBJECT_INDEX', 'OBJECT_FOREIGN_TABLE']);

/** "AlterTableStmt" → "ALTER TABLE". */
function humanize(type: string): string {
  return type.replace(/Stmt$/, '').replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
}

/** Judges a statement that is neither a query, a write nor one of the specially handled ones. */
export function judgeUtility(type: string, body: AstObject, facts: FactsBuilder): void {
  const denied = DENIED[type];
  if (denied) {
    facts.kind(denied[0]);
    facts.find({ action: 'deny', reason: `${denied[1]} and is blocked` });
    return;
  }
  if (type === 'GrantStmt') {
    facts.kind('dcl');
    facts.find({ action: 'deny', reason: `${body.is_grant === true ? 'GRANT' : 'REVOKE'} changes privileges and is blocked` });
    return;
  }
  const allowed = ALLOWED[type];
  if (allowed) {
    facts.kind(allowed);
    return;
  }
  const reviewed = REVIEWED[type];
  if (reviewed) {
    facts.kind(reviewed[0]);
    const tables = asArray(body.relations).flatMap((r) => {
      const u = unwrap(r);
      const name = u?.[0] === 'RangeVar' ? relationName(u[1]) : undefined;
      return name ? [name] : [];
    });
    facts.find({ action: 'review', reason: tables.length ? `${reviewed[1]} on ${tables.join(', ')}` : reviewed[1] });
    return;
  }
  judgeDdl(type, body, facts);
}

function judgeDdl(type: string, body: AstObject, facts: FactsBuilder): void {
  if (type === 'AlterTableStmt' && changesOwner(body)) {
    facts.kind('dcl');
    facts.find({ action: 'deny', reason: 'changing an owner changes privileges and is blocked' });
    return;
  }
  facts.kind(/^(Create|Alter|Drop|Define|Rename|Comment|Index|View|Rule|Composite)/.test(type) ? 'ddl' : 'utility');
  let name = DDL_NAMES[type] ?? humanize(type);
  const objects: string[] = [];
  if (type === 'DropStmt') {
    const objtype = stringField(body, 'removeType') ?? '';
    name = `DROP ${objtype.replace(/^OBJECT_/, '').replace(/_/g, ' ')}`;
    if (DROPPED_RELATIONS.has(objtype)) {
      for (const o of asArray(body.objects)) {
        const list = unwrap(o);
        const relation = list?.[0] === 'List' ? nameList(list[1].items).join('.') : '';
        if (relation) objects.push(relation);
      }
      objects.forEach((t) => facts.table(t));
    }
  }
  const target = objects.length ? objects.join(', ') : relationOf(body);
  facts.find({ action: 'review', reason: target ? `${name} on ${target}` : `${name} needs review` });
}

function relationOf(body: AstObject): string | undefined {
  const rel = body.relation ?? body.view;
  return rel && typeof rel === 'object' ? relationName(rel as AstObject) : undefined;
}

function changesOwner(body: AstObject): boolean {
  return asArray(body.cmds).some((c) => stringField(unwrap(c)?.[1] ?? {}, 'subtype') === 'AT_ChangeOwner');
}

import {
  OperationNodeTransformer,
  type ColumnUpdateNode,
  type InsertQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
  type UpdateQueryNode,
} from 'kysely';
import { isSealed, type AtRest } from './at-rest.ts';

/** Columns sealed by {@link sealedColumns}, by table. */
export type SealedColumnMap = Readonly<Record<string, readonly string[]>>;

/**
 * A Kysely plugin that seals the named columns whenever an `insertInto` (its `onConflict` update
 * too) or `updateTable` writes a string to them, and opens them in every result row: the stores
 * read and write clear values while the file holds only `ar1:` ciphertext. For columns many stores and pages read (the
 * workflow state of a case, which holds the bodies' person refs), where passing the key to each
 * reader would reach into every feature. Raw `sql` is left alone; a value already sealed is not
 * sealed twice, and a clear value an older version wrote is read as it is (`sealClearValues`
 * seals those at start).
 *
 * @example
 * const db = opened.db.withPlugin(sealedColumns(atRest, { cases: ['machine'] }));
 */
export function sealedColumns(atRest: AtRest, columns: SealedColumnMap): KyselyPlugin {
  const names = new Set(Object.values(columns).flat());
  const sealer = new Sealer(atRest, columns);
  return {
    // Only an insert into or an update of a sealed table can write a sealed column: every other
    // query passes as it is. Kysely's transformer copies the whole tree it walks, and the hot
    // path's selects were some 3 % of a sending node's CPU in that copy (test/bench/profile.ts).
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => (writesSealed(args.node, columns) ? sealer.transformNode(args.node, args.queryId) : args.node),
    transformResult: async (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> => {
      if (args.result.rows.length === 0 || !Object.keys(args.result.rows[0]!).some((k) => names.has(k))) return args.result;
      return { ...args.result, rows: args.result.rows.map((row) => openRow(row, names, atRest)) };
    },
  };
}

function openRow(row: UnknownRow, names: ReadonlySet<string>, atRest: AtRest): UnknownRow {
  const out: UnknownRow = { ...row };
  for (const k of Object.keys(row)) {
    const v = row[k];
    if (names.has(k) && typeof v === 'string' && isSealed(v)) out[k] = atRest.open(v);
  }
  return out;
}

/** Whether `node` is an insert into, or an update of, a table with sealed columns. */
function writesSealed(node: RootOperationNode, columns: SealedColumnMap): boolean {
  if (node.kind === 'InsertQueryNode') return columns[tableOf(node.into) ?? ''] !== undefined;
  if (node.kind === 'UpdateQueryNode') return columns[tableOf(node.table) ?? ''] !== undefined;
  return false;
}

/** The name of a table node (`cases`), or undefined for anything else (an alias, a subquery). */
function tableOf(node: OperationNode | undefined): string | undefined {
  const t = node as { kind?: string; table?: { identifier?: { name?: string } } } | undefined;
  return t?.kind === 'TableNode' ? t.table?.identifier?.name : undefined;
}

/** The name of a column node, or undefined for anything else. */
function columnOf(node: OperationNode): string | undefined {
  const c = node as unknown as { kind?: string; column?: { name?: string } };
  return c.kind === 'ColumnNode' ? c.column?.name : undefined;
}

class Sealer extends OperationNodeTransformer {
  constructor(
    private readonly atRest: AtRest,
    private readonly columns: SealedColumnMap,
  ) {
    super();
  }

  private seal(value: unknown): unknown {
    return typeof value === 'string' && !isSealed(value) ? this.atRest.seal(value) : value;
  }

  /** A `ValueNode` (or a primitive) carrying a sealed string instead. */
  private sealNode(node: OperationNode): OperationNode {
    const n = node as { kind: string; value?: unknown };
    return n.kind === 'ValueNode' ? Object.freeze({ ...n, value: this.seal(n.value) }) as OperationNode : node;
  }

  protected override transformInsertQuery(node: InsertQueryNode, queryId?: QueryId): InsertQueryNode {
    const out = super.transformInsertQuery(node, queryId);
    const sealed = this.columns[tableOf(node.into) ?? ''];
    if (!sealed) return out;
    // An upsert's `do update set` writes the columns too.
    const conflict = out.onConflict?.updates ? Object.freeze({ ...out.onConflict, updates: this.sealUpdates(sealed, out.onConflict.updates) }) : out.onConflict;
    return this.sealValues(sealed, conflict === out.onConflict ? out : (Object.freeze({ ...out, onConflict: conflict }) as InsertQueryNode));
  }

  private sealValues(sealed: readonly string[], out: InsertQueryNode): InsertQueryNode {
    if (!out.columns || !out.values) return out;
    const at = out.columns.map((c, i) => (sealed.includes(columnOf(c) ?? '') ? i : -1)).filter((i) => i >= 0);
    const values = out.values as { kind: string; values?: readonly OperationNode[] };
    if (at.length === 0 || values.kind !== 'ValuesNode' || !values.values) return out;
    const items = values.values.map((item) => {
      const list = item as { kind: string; values: readonly unknown[] };
      if (list.kind === 'PrimitiveValueListNode') return Object.freeze({ ...list, values: Object.freeze(list.values.map((v, i) => (at.includes(i) ? this.seal(v) : v))) });
      if (list.kind === 'ValueListNode') return Object.freeze({ ...list, values: Object.freeze((list.values as OperationNode[]).map((v, i) => (at.includes(i) ? this.sealNode(v) : v))) });
      return item;
    });
    return Object.freeze({ ...out, values: Object.freeze({ ...values, values: Object.freeze(items) }) }) as InsertQueryNode;
  }

  protected override transformUpdateQuery(node: UpdateQueryNode, queryId?: QueryId): UpdateQueryNode {
    const out = super.transformUpdateQuery(node, queryId);
    const sealed = this.columns[tableOf(node.table) ?? ''];
    if (!sealed || !out.updates) return out;
    return Object.freeze({ ...out, updates: this.sealUpdates(sealed, out.updates) }) as UpdateQueryNode;
  }

  private sealUpdates(sealed: readonly string[], updates: readonly ColumnUpdateNode[]): readonly ColumnUpdateNode[] {
    return Object.freeze(updates.map((u) => (sealed.includes(columnOf(u.column) ?? '') ? Object.freeze({ ...u, value: this.sealNode(u.value) }) : u)));
  }
}

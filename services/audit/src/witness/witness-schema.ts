/** The last head the audit countersigned for each node's log. */
export interface WitnessedHeadTable {
  log: string;
  size: number;
  root: string;
  time: string;
  head_jws: string;
  countersignature: string;
  witnessed_at: string;
}

/** A head that contradicts the witnessed history of its log: a fork, a rewrite or a rollback. */
export interface WitnessAlarmTable {
  seq: import('kysely').Generated<number>;
  log: string;
  at: string;
  /** `fork` (same size, other root, or no consistency proof), `rollback` (smaller than witnessed), `bad-head` (signature). */
  kind: string;
  detail: string;
  witnessed_size: number | null;
  head_size: number | null;
  head_jws: string;
}

/** The witness's tables (audit migration `0003-witness`). */
export interface WitnessTables {
  witnessed_heads: WitnessedHeadTable;
  witness_alarms: WitnessAlarmTable;
}

/**
 * Whether this node keeps its evidence log. Always, in service. The one exception is a
 * measurement: `pnpm bench` runs a second federation with the log off to show what the log
 * costs (issue 19: "less than 10 % of the sustained end-to-end rate"). That takes an
 * environment variable with a value no one types by accident, the node says so loudly at start,
 * `/readyz` carries a warning and `/metrics` has `mou_evidence_log_enabled 0`, so an auditor
 * sees a node that keeps no evidence.
 */

import { Gauge, type Registry } from 'prom-client';

/** The environment variable; unset (or `on`) keeps the log. */
export const EVIDENCE_LOG_ENV = 'MOU_EVIDENCE_LOG';
/** Its only other accepted value. */
export const EVIDENCE_OFF_FOR_BENCHMARK = 'off-for-benchmark-only';

export type EvidenceLogMode = 'on' | typeof EVIDENCE_OFF_FOR_BENCHMARK;

/** A value of {@link EVIDENCE_LOG_ENV} the node refuses to start with. */
export class EvidenceModeError extends Error {
  override readonly name = 'EvidenceModeError';
}

/**
 * The mode `env` asks for; throws {@link EvidenceModeError} for anything but unset, `on` or
 * `off-for-benchmark-only` (a plain `off` or `0` is refused: the log is not a tuning knob).
 *
 * @example
 * evidenceLogMode({ MOU_EVIDENCE_LOG: 'off-for-benchmark-only' }) // 'off-for-benchmark-only'
 */
export function evidenceLogMode(env: Record<string, string | undefined> = process.env): EvidenceLogMode {
  const value = env[EVIDENCE_LOG_ENV];
  if (value === undefined || value === '' || value === 'on') return 'on';
  if (value === EVIDENCE_OFF_FOR_BENCHMARK) return EVIDENCE_OFF_FOR_BENCHMARK;
  throw new EvidenceModeError(
    `${EVIDENCE_LOG_ENV}=${JSON.stringify(value)} is not accepted: the evidence log is always on in service; ` +
      `only a benchmark may turn it off, with ${EVIDENCE_LOG_ENV}=${EVIDENCE_OFF_FOR_BENCHMARK}`,
  );
}

/** True when this process keeps the evidence log (read at each append: a test can change it). */
export const evidenceLogOn = (): boolean => evidenceLogMode() === 'on';

/** What `/readyz` says about the log: ready either way, with a warning when it is off. */
export function evidenceReadiness(mode: EvidenceLogMode): { ok: boolean; detail: string; warning?: string } {
  return mode === 'on'
    ? { ok: true, detail: 'on' }
    : { ok: true, detail: 'off', warning: `the evidence log is off (${EVIDENCE_LOG_ENV}=${EVIDENCE_OFF_FOR_BENCHMARK}): this node keeps no evidence; for a benchmark only` };
}

/** Gauge `mou_evidence_log_enabled`: 1 when the node keeps its evidence log, 0 when a benchmark turned it off. */
export function registerEvidenceMetrics(registry: Registry, mode: EvidenceLogMode): void {
  new Gauge({
    name: 'mou_evidence_log_enabled',
    help: 'Whether this node keeps its evidence log (1); 0 only in a benchmark, never in service',
    registers: [registry],
  }).set(mode === 'on' ? 1 : 0);
}

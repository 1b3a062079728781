import type { PageContext } from '../../console/context.ts';

/**
 * The supervisor's button on the case page: downloads the case's evidence bundle
 * (`GET /cases/:id/evidence`), with the received content only if the box is ticked.
 */
export function EvidenceExport({ pc, caseId }: { pc: PageContext; caseId: string }) {
  const { t } = pc;
  return (
    <section aria-labelledby="evidence">
      <h2 id="evidence">{t('evidence.title')}</h2>
      <p>{t('evidence.help')}</p>
      <form method="get" action={`/cases/${caseId}/evidence`}>
        <label>
          <input type="checkbox" name="disclose" value="1" /> {t('evidence.disclose')}
        </label>
        <button type="submit">{t('evidence.download')}</button>
      </form>
    </section>
  );
}

import { agencyName, type DirectoryNames, type PageContext } from '@mou-hub/web-kit';
import { witnessOverview } from './witness-store.ts';

type Overview = Awaited<ReturnType<typeof witnessOverview>>;

/**
 * The dashboard's evidence section: each node's last witnessed head, the agencies of the
 * directory with none (a node down, cut off, or with its log off), and every alarm (a log
 * rewritten, shrunk, or a head that does not verify), worded in the reader's language with the
 * agencies' names, never codes.
 */
export function WitnessSection({ pc, directory, overview }: { pc: PageContext; directory: DirectoryNames; overview: Overview }) {
  const { t } = pc;
  const name = (id: string) => agencyName(directory, id, pc.lang);
  // Every agency of the directory runs a node whose log gets a head within a minute of its start:
  // while others' heads are witnessed, one that never had a head witnessed is not running, cannot
  // reach the audit, or keeps no log. (With none witnessed at all, the audit is no witness yet.)
  const silent = overview.logs.length === 0 ? [] : directory.agencies.map((a) => a.id).filter((id) => !overview.logs.some((l) => l.log === id));
  return (
    <>
      <h2>{t('dashboard.evidence.section')}</h2>
      {silent.length > 0 && <p class="alert">{t('dashboard.evidence.silent', { agencies: silent.map(name).join(', ') })}</p>}
      {overview.logs.length === 0 ? (
        <p class="muted">{t('dashboard.evidence.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.evidence.agency')}</th>
              <th scope="col">{t('dashboard.evidence.size')}</th>
              <th scope="col">{t('dashboard.evidence.signed')}</th>
              <th scope="col">{t('dashboard.evidence.witnessed')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.logs.map((l) => (
              <tr>
                <td>{name(l.log)}</td>
                <td>{pc.number(l.size)}</td>
                <td>{pc.dateTime(l.time)}</td>
                <td>{pc.dateTime(l.witnessedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="evidence-alarms">{t('dashboard.evidence.alarms')}</h2>
      {overview.alarms.length === 0 ? (
        <p class="muted">{t('dashboard.evidence.noAlarms')}</p>
      ) : (
        <table class="alarms">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.evidence.agency')}</th>
              <th scope="col">{t('dashboard.evidence.at')}</th>
              <th scope="col">{t('dashboard.evidence.kind')}</th>
              <th scope="col">{t('dashboard.evidence.sizes')}</th>
            </tr>
          </thead>
          <tbody>
            {overview.alarms.map((a) => (
              <tr>
                <td>{name(a.log)}</td>
                <td>{pc.dateTime(a.at)}</td>
                <td>{t(`dashboard.evidence.kinds.${a.kind}`, { defaultValue: t('dashboard.evidence.kinds.bad-head') })}</td>
                <td>{`${a.witnessedSize === null ? '–' : pc.number(a.witnessedSize)} / ${a.headSize === null ? '–' : pc.number(a.headSize)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

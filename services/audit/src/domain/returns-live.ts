/** One cell of persons returned, by HTCDS gender and minor (null: not told). */
export interface ReturnCell {
  gender: string;
  minor: number | null;
  count: number;
}

/** Count names a sender may put in `stats`, by HTCDS gender value. */
const GENDER_COUNTS: Readonly<Record<string, string>> = {
  female: 'Feminine',
  male: 'Masculine',
  'transgender-feminine': 'TransgenderFeminine',
  'transgender-masculine': 'TransgenderMasculine',
  'non-conforming': 'NonConforming',
  'gender-unknown': 'NonSpecifiedUnknown',
};

/**
 * Persons returned by a completed handover, from its `stats` alone. `<gender>-minors` counts
 * split a gender into minors and adults; without them, `minors` splits a handover whose
 * persons share one gender; otherwise minor stays unknown (null). Persons not covered by a
 * gender count are `NonSpecifiedUnknown`.
 *
 * @example
 * returnCells({ persons: 2, female: 2, minors: 1 }); // [{ gender: 'Feminine', minor: 1, count: 1 }, { gender: 'Feminine', minor: 0, count: 1 }]
 */
export function returnCells(stats: Readonly<Record<string, number>>): ReturnCell[] {
  const genders = Object.entries(GENDER_COUNTS)
    .map(([key, gender]) => ({ key, gender, count: stats[key] ?? 0 }))
    .filter((g) => g.count > 0);
  const covered = genders.reduce((n, g) => n + g.count, 0);
  // A completion counts its `records` (one per person handed over).
  const persons = stats['persons'] ?? stats['records'] ?? covered;
  if (persons > covered) genders.push({ key: 'gender-unknown', gender: 'NonSpecifiedUnknown', count: persons - covered });
  const minors = stats['minors'];
  const cells: ReturnCell[] = [];
  for (const g of genders) {
    const split = stats[`${g.key}-minors`] ?? (genders.length === 1 ? minors : undefined);
    if (split === undefined) cells.push({ gender: g.gender, minor: minors === 0 ? 0 : null, count: g.count });
    else {
      const m = Math.min(split, g.count);
      if (m > 0) cells.push({ gender: g.gender, minor: 1, count: m });
      if (g.count - m > 0) cells.push({ gender: g.gender, minor: 0, count: g.count - m });
    }
  }
  return cells;
}

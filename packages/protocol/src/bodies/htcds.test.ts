import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { IsoDate, LocalTime, Text } from './common.ts';
import { ageOn, isChild, lacksMeans, PersonSchema } from './htcds.ts';
import type { Victim } from './htcds.ts';

describe('IsoDate', () => {
  it.each(['2026-03-14', '2024-02-29', '2000-12-31'])('accepts %s', (day) => {
    expect(v.is(IsoDate, day)).toBe(true);
  });
  it.each(['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-3-14', '14/03/2026', '2026-03-14T00:00:00Z'])(
    'rejects %s',
    (day) => expect(v.is(IsoDate, day)).toBe(false),
  );
});

describe('LocalTime and Text', () => {
  it('takes 24-hour HH:MM only', () => {
    expect(v.is(LocalTime, '09:30')).toBe(true);
    expect(v.is(LocalTime, '24:00')).toBe(false);
    expect(v.is(LocalTime, '9:30')).toBe(false);
  });
  it('bounds text and refuses blank text', () => {
    expect(v.is(Text(5), 'ສະບາຍດີ')).toBe(false);
    expect(v.is(Text(5), 'ສະບາຍ')).toBe(true);
    expect(v.is(Text(5), '  ')).toBe(false);
    expect(v.is(Text(5), '')).toBe(false);
  });
});

describe('PersonSchema', () => {
  const person = { ref: 'P1', givenName: 'Khamla', gender: 'Feminine', ageWhenTrafficked: 19 };

  it('needs a date of birth or an age', () => {
    expect(v.is(PersonSchema, person)).toBe(true);
    const { ageWhenTrafficked: _, ...ageless } = person;
    const result = v.safeParse(PersonSchema, ageless);
    expect(result.issues?.map((i) => v.getDotPath(i))).toEqual(['dateOfBirth']);
  });

  it('takes only HTCDS genders', () => {
    expect(v.is(PersonSchema, { ...person, gender: 'Female' })).toBe(false);
    expect(v.is(PersonSchema, { ...person, gender: 'NonSpecifiedUnknown' })).toBe(true);
  });
});

describe('the child rule', () => {
  const adultVictim: Victim = {
    traffickingStatus: 'ActualVictimOfTrafficking',
    typeOfExploitation: ['SexualExploitation'],
    act: ['Recruitment'],
  };

  it('counts full years', () => {
    expect(ageOn('2009-08-21', '2026-02-10')).toBe(16);
    expect(ageOn('2008-02-10', '2026-02-10')).toBe(18);
    expect(ageOn('2008-02-11', '2026-02-10')).toBe(17);
  });

  it('knows a child by age when trafficked or by age on the day given', () => {
    expect(isChild({ ageWhenTrafficked: 17 })).toBe(true);
    expect(isChild({ ageWhenTrafficked: 18 })).toBe(false);
    expect(isChild({ dateOfBirth: '2009-08-21' }, '2026-02-10')).toBe(true);
    expect(isChild({ dateOfBirth: '2009-08-21' })).toBe(false);
    expect(isChild({ dateOfBirth: '2000-01-01', ageWhenTrafficked: 15 }, '2026-02-10')).toBe(true);
  });

  it('asks means of an adult victim only', () => {
    expect(lacksMeans({ ageWhenTrafficked: 25 }, adultVictim)).toBe(true);
    expect(lacksMeans({ ageWhenTrafficked: 25 }, { ...adultVictim, means: [] })).toBe(true);
    expect(lacksMeans({ ageWhenTrafficked: 25 }, { ...adultVictim, means: ['Deception'] })).toBe(false);
    expect(lacksMeans({ ageWhenTrafficked: 16 }, adultVictim)).toBe(false);
    expect(lacksMeans({ ageWhenTrafficked: 25 }, { ...adultVictim, traffickingStatus: 'NotAVictimOfTrafficking' })).toBe(false);
  });
});

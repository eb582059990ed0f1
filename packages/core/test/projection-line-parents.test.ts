/**
 * Sub-lines as parts of their unsplit line (the decomposition disclosure control protects):
 * a split with two or more sub-lines in the run is declared, a split with a single sub-line is
 * not (the part is not the whole line: declaring it would make both one cell, and their base
 * events differ, as in the demo's long-stay days with only the need level "extensive").
 */
import { describe, expect, it } from 'vitest';
import { builtinServiceLines, lineParents } from '../src/internal.js';

describe('lineParents', () => {
  const defs = builtinServiceLines();

  it('declares the sub-lines of a split with several parts', () => {
    const ids = [
      'hospital.inpatient.stays.somatic',
      'hospital.inpatient.stays.somatic.by-chapter:ch02',
      'hospital.inpatient.stays.somatic.by-chapter:ch09',
      'municipality.home-care.users',
      'municipality.home-care.users.by-need:limited',
      'municipality.home-care.users.by-need:extensive',
    ];
    expect(lineParents(defs, ids)).toEqual({
      'hospital.inpatient.stays.somatic.by-chapter:ch02': 'hospital.inpatient.stays.somatic',
      'hospital.inpatient.stays.somatic.by-chapter:ch09': 'hospital.inpatient.stays.somatic',
      'municipality.home-care.users.by-need:limited': 'municipality.home-care.users',
      'municipality.home-care.users.by-need:extensive': 'municipality.home-care.users',
    });
  });

  it('leaves a single sub-line without a parent', () => {
    const ids = [
      'municipality.long-stay.days',
      'municipality.long-stay.days.by-need:extensive',
      'municipality.short-stay.days',
      'municipality.short-stay.days.by-need:extensive',
      'municipality.short-stay.days.by-need:moderate_to_large',
    ];
    expect(lineParents(defs, ids)).toEqual({
      'municipality.short-stay.days.by-need:extensive': 'municipality.short-stay.days',
      'municipality.short-stay.days.by-need:moderate_to_large': 'municipality.short-stay.days',
    });
  });

  it('declares nothing when the unsplit line is not in the run', () => {
    const ids = [
      'hospital.inpatient.stays.somatic.by-chapter:ch02',
      'hospital.inpatient.stays.somatic.by-chapter:ch09',
    ];
    expect(lineParents(defs, ids)).toEqual({});
  });
});

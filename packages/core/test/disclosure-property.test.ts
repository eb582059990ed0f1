/**
 * Property test of the linked-table suppression against the independent attacker, the first
 * half of the cases (see disclosure-property-cases.ts).
 */
import { describe, expect, it } from 'vitest';
import { CASES, runCases } from './disclosure-property-cases.js';

const FROM = 0;
const TO = Math.floor(CASES / 2);

describe('linked suppression against an independent attacker (property, first half)', () => {
  it(
    `random linked publications ${FROM}–${TO - 1}: nothing recoverable, nothing small shown`,
    async () => {
      const { problems, hiddenShare } = await runCases(FROM, TO);
      expect(problems).toEqual([]);
      // the cases do exercise suppression: a good share of the cells is hidden
      expect(hiddenShare).toBeGreaterThan(0.1);
    },
    Math.max(600_000, (TO - FROM) * 500),
  );
});

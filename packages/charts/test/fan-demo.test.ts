import { describe, expect, it } from 'vitest';
import { fanChartSpec } from '../src/index.js';

const meta = { source: 'felles demo', period: '2024–2050', method: 'test', manifestId: 'm1' };
const data = {
  history: [{ year: 2024, value: 100, suppressed: 'none' as const }],
  ssb: [
    { year: 2030, alternative: 'MMMM', value: 110 },
    { year: 2030, alternative: 'LLML', value: 100 },
    { year: 2030, alternative: 'HHMH', value: 120 },
  ],
};

function legend(spec: unknown): string[] {
  const text = JSON.stringify(spec);
  return [
    'SSB-alternativer',
    'SSB hovedalternativ',
    'Demo-framskriving, ikke SSB',
    'Demo-framskriving, hovedalternativ',
  ].filter((s) => text.includes(s));
}

describe('fan chart of a demo projection', () => {
  it('names SSB only for SSB projections; the demo projection is labelled as not SSB', () => {
    expect(legend(fanChartSpec(data, { meta }))).toEqual([
      'SSB-alternativer',
      'SSB hovedalternativ',
    ]);
    expect(legend(fanChartSpec(data, { meta, demoProjection: true }))).toEqual([
      'Demo-framskriving, ikke SSB',
      'Demo-framskriving, hovedalternativ',
    ]);
    expect(
      JSON.stringify(fanChartSpec(data, { meta, demoProjection: true, lang: 'en' })),
    ).toContain('Demo projection, not SSB (low–high)');
  });
});

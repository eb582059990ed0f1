import type { DisclosureRun } from '../../disclosure/index.js';
import { zForLevel } from '../../stats/index.js';
import type { RiskModelResult } from './types.js';
import type { RiskModelDefinition } from './terms.js';

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Add the model tables to a disclosure run: coefficients (with the persons and events of the
 * training year behind each term, so a term resting on few persons is hidden with its
 * coefficient), performance on the held-out year, and the calibration plot by decile.
 */
export async function addRiskTables(
  dr: DisclosureRun,
  model: RiskModelDefinition,
  models: readonly RiskModelResult[],
): Promise<void> {
  const z = zForLevel(0.95);
  const defs = [{ id: `risk:${model.id}`, version: model.version }];
  const coef = models.flatMap((m) =>
    m.fit.coefficients.map((b, j) => {
      const t = j === 0 ? null : m.terms[j - 1]!;
      const se = m.fit.standardErrors[j]!;
      return {
        model: m.name,
        term: t?.id ?? 'intercept',
        label_nb: t?.nb ?? 'Konstantledd',
        label_en: t?.en ?? 'Intercept',
        persons: m.support[j]!.persons,
        events: m.support[j]!.events,
        estimate: r6(b),
        standard_error: r6(se),
        odds_ratio: r6(Math.exp(b)),
        or_lower: r6(Math.exp(b - z * se)),
        or_upper: r6(Math.exp(b + z * se)),
        method: m.fit.method,
      };
    }),
  );
  await dr.add(
    coef,
    {
      name: 'risk_coefficients',
      dimensions: ['model', 'term'],
      counts: ['persons', 'events'],
      derived: Object.fromEntries(
        ['estimate', 'standard_error', 'odds_ratio', 'or_lower', 'or_upper'].map((c) => [
          c,
          ['persons', 'events'],
        ]),
      ),
      attributes: ['label_nb', 'label_en', 'method'],
    },
    { metadata: { title: `${model.title.nb}: koeffisienter`, definitions: defs } },
  );
  const perf = models.map((m) => {
    const v = m.validation;
    const c = v.calibration;
    return {
      model: m.name,
      persons: v.persons,
      events: v.events,
      auroc: r6(v.auroc.auroc),
      auroc_lower: r6(v.auroc.lower),
      auroc_upper: r6(v.auroc.upper),
      calibration_intercept: r6(c.intercept),
      calibration_slope: r6(c.slope),
      slope_lower: r6(c.slopeLower),
      slope_upper: r6(c.slopeUpper),
      brier: r6(v.brier),
      lift_top_0_5: r6(v.lift[0]!.lift),
      lift_top_1: r6(v.lift[1]!.lift),
      lift_top_5: r6(v.lift[2]!.lift),
      method: `${v.auroc.method}; ${c.method}; Brier score; lift`,
    };
  });
  const perfDerived = Object.keys(perf[0]!).filter(
    (k) => !['model', 'persons', 'events', 'method'].includes(k),
  );
  await dr.add(
    perf,
    {
      name: 'risk_performance',
      dimensions: ['model'],
      counts: ['persons', 'events'],
      derived: Object.fromEntries(perfDerived.map((c) => [c, ['persons', 'events']])),
      attributes: ['method'],
    },
    { metadata: { title: `${model.title.nb}: validering`, definitions: defs } },
  );
  const cal = models.flatMap((m) =>
    m.validation.deciles.map((d) => ({
      model: m.name,
      risk_decile: d.group,
      persons: d.persons,
      observed: d.observed,
      expected: Math.round(d.expected * 10) / 10,
    })),
  );
  await dr.add(
    cal,
    {
      name: 'risk_calibration',
      dimensions: ['model', 'risk_decile'],
      counts: ['persons', 'observed'],
      derived: { expected: ['persons'] },
    },
    { metadata: { title: `${model.title.nb}: kalibrering etter desil`, definitions: defs } },
  );
}

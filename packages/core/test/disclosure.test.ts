import { describe, expect, it } from 'vitest';
import {
  CheckFailedError,
  Db,
  PersonIdProbe,
  DisclosedTable,
  UsageError,
  auditDisclosedRows,
  disclose,
  isPersonIdColumn,
  type DisclosureSchema,
} from '../src/internal.js';

/** Value of column `c` by the value of key column `k`. */
const by = (t: DisclosedTable, k: string, c: string) =>
  Object.fromEntries(t.rows.map((r) => [String(r[k]), r[c]]));

describe('disclose: one-way table with a total', () => {
  // Hand-worked: A = 3 is 1..4 → primary. Its total would give it away (45 − 10 − 25 − 7), so the
  // next-smallest non-zero cell, D = 7, is hidden too (secondary). Hidden sum 10 > 4: stable.
  const rows = [
    { area: 'A', n: 3, population: 1000, rate: 3, lower: 0.62, upper: 8.77 },
    { area: 'B', n: 10, population: 2000, rate: 5, lower: 2.4, upper: 9.2 },
    { area: 'C', n: 25, population: 5000, rate: 5, lower: 3.24, upper: 7.38 },
    { area: 'D', n: 7, population: 1500, rate: 4.67, lower: 1.88, upper: 9.62 },
    { area: 'all', n: 45, population: 9500, rate: 4.74, lower: 3.46, upper: 6.34 },
  ];
  const schema: DisclosureSchema = {
    name: 'oneway',
    dimensions: [{ column: 'area', total: 'all' }],
    counts: ['n'],
    publicCounts: ['population'],
    derived: { rate: ['n', 'population'], lower: ['n'], upper: ['n'] },
  };

  it('hides the small cell (primary) and the next-smallest (secondary) with their rates and limits', async () => {
    const t = await disclose(rows, schema);
    expect(by(t, 'area', 'suppressed')).toEqual({
      A: 'primary',
      B: 'none',
      C: 'none',
      D: 'secondary',
      all: 'none',
    });
    expect(by(t, 'area', 'n')).toEqual({ A: null, B: 10, C: 25, D: null, all: 45 });
    for (const c of ['rate', 'lower', 'upper'])
      expect(by(t, 'area', c)).toMatchObject({ A: null, D: null });
    expect(by(t, 'area', 'rate')).toMatchObject({ B: 5, all: 4.74 });
    // The public denominator stays.
    expect(by(t, 'area', 'population')).toMatchObject({ A: 1000, D: 1500 });
    expect(by(t, 'area', 'suppression_reason').A).toBe(
      'n is between 1 and 4 (primary); rate, lower, upper hidden with the counts they derive from',
    );
    expect(by(t, 'area', 'suppression_reason').D).toMatch(
      /^n hidden so that a small count cannot be worked out from the total area = all \(secondary\)/,
    );
    expect(by(t, 'area', 'suppression_reason').B).toBe('');
    expect(t.summary).toMatchObject({
      rows: 5,
      primaryCells: 1,
      secondaryCells: 1,
      derivedCells: 6,
    });
    expect(t.columnNames).toEqual([
      'area',
      'n',
      'population',
      'rate',
      'lower',
      'upper',
      'suppressed',
      'suppression_reason',
    ]);
    expect(auditDisclosedRows(t.rows, schema, 4)).toEqual([]);
  });

  it('shows true zeros and never picks a zero as the complementary cell', async () => {
    const t = await disclose(
      [
        { area: 'A', n: 0 },
        { area: 'B', n: 3 },
        { area: 'C', n: 10 },
        { area: 'D', n: 20 },
        { area: 'all', n: 33 },
      ],
      { name: 'zeros', dimensions: [{ column: 'area', total: 'all' }], counts: ['n'] },
    );
    expect(by(t, 'area', 'n')).toEqual({ A: 0, B: null, C: null, D: 20, all: 33 });
    expect(by(t, 'area', 'suppressed')).toEqual({
      A: 'none',
      B: 'primary',
      C: 'secondary',
      D: 'none',
      all: 'none',
    });
  });

  it('counts a row with an unknown (NULL) value as part of the total', async () => {
    // 2 persons with unknown area would be 47 − 20 − 25 if the total were not protected with it.
    const t = await disclose(
      [
        { area: 'A', n: 20 },
        { area: 'B', n: 25 },
        { area: null, n: 2 },
        { area: 'all', n: 47 },
      ],
      { name: 'unknown', dimensions: [{ column: 'area', total: 'all' }], counts: ['n'] },
    );
    expect(t.rows.map((r) => [r.area, r.n, r.suppressed])).toEqual([
      ['A', null, 'secondary'],
      ['B', 25, 'none'],
      [null, null, 'primary'],
      ['all', 47, 'none'],
    ]);
  });

  it('hides one more cell when the hidden cells add up to a small count', async () => {
    // 1 and 2 are primary; together 73 − 30 − 40 = 3 would be a count 1..4, so 30 is hidden too.
    const t = await disclose(
      [
        { g: 'a', n: 1 },
        { g: 'b', n: 2 },
        { g: 'c', n: 30 },
        { g: 'd', n: 40 },
        { g: 'T', n: 73 },
      ],
      { name: 'sumrule', dimensions: [{ column: 'g', total: 'T' }], counts: ['n'] },
    );
    expect(by(t, 'g', 'suppressed')).toEqual({
      a: 'primary',
      b: 'primary',
      c: 'secondary',
      d: 'none',
      T: 'none',
    });
  });
});

describe('disclose: two-way table with margins', () => {
  //          0-69  70+  all
  //   M       20    3    23
  //   F       15   12    27
  //   T       35   15    50
  // M/70+ = 3 is primary. Column 70+: hide F/70+ (12). Row M: hide M/0-69 (20). Row F now has one
  // hidden cell: hide F/0-69 (15). The four hidden cells form a rectangle: every row and column
  // has two, and the system a+c=35, b+d=15, a+b=23, c+d=27 has rank 3, so none is determined.
  const cells: [string, string, number][] = [
    ['M', '0-69', 20],
    ['M', '70+', 3],
    ['M', 'all', 23],
    ['F', '0-69', 15],
    ['F', '70+', 12],
    ['F', 'all', 27],
    ['T', '0-69', 35],
    ['T', '70+', 15],
    ['T', 'all', 50],
  ];
  const schema: DisclosureSchema = {
    name: 'twoway',
    dimensions: [
      { column: 'sex', total: 'T' },
      { column: 'age', total: 'all' },
    ],
    counts: ['n'],
  };

  it('hides a rectangle of four cells and keeps every margin', async () => {
    const t = await disclose(
      cells.map(([sex, age, n]) => ({ sex, age, n })),
      schema,
    );
    const flag = Object.fromEntries(t.rows.map((r) => [`${r.sex}/${r.age}`, r.suppressed]));
    expect(flag).toEqual({
      'M/0-69': 'secondary',
      'M/70+': 'primary',
      'M/all': 'none',
      'F/0-69': 'secondary',
      'F/70+': 'secondary',
      'F/all': 'none',
      'T/0-69': 'none',
      'T/70+': 'none',
      'T/all': 'none',
    });
    expect(t.rows.filter((r) => r.n === null)).toHaveLength(4);
    expect(auditDisclosedRows(t.rows, schema, 4)).toEqual([]);
  });

  it('the audit catches a pattern that leaves a cell recoverable', () => {
    // Hiding only M/70+ and F/70+ leaves both recoverable from their rows.
    const bad = cells.map(([sex, age, n]) => {
      const hide = age === '70+' && sex !== 'T';
      return { sex, age, n: hide ? null : n, suppressed: hide ? 'secondary' : 'none' };
    });
    const f = auditDisclosedRows(bad, schema, 4);
    expect(f.filter((x) => x.kind === 'recoverable').map((x) => x.row)).toEqual([1, 4]);
  });
});

describe('disclose: the audit adds suppression where the simple rules are not enough', () => {
  //        c1  c2  c3  c4 | all
  //   r1    2   2   2  30 |  36
  //   r2    3   3  20  25 |  51
  //   r3   40  35   3   2 |  80
  //   r4   45  50   4   3 | 102
  // Nine primary cells; every row and column holds 0 or ≥ 2 of them and their sums exceed 4, so
  // the simple rules add nothing. Yet row r1 − column c1 − column c2 + row r2 isolates r1c3:
  // (r1c1+r1c2+r1c3) − (r1c1+r2c1) − (r1c2+r2c2) + (r2c1+r2c2) = r1c3 = 6 − 5 − 5 + 6 = 2. The audit finds it
  // and hides a partner in its first set (column c3): the smallest shown cell there, r2c3 = 20.
  const m = [
    [2, 2, 2, 30],
    [3, 3, 20, 25],
    [40, 35, 3, 2],
    [45, 50, 4, 3],
  ];
  const rows: { r: string; c: string; n: number }[] = [];
  const rs = ['r1', 'r2', 'r3', 'r4'];
  const cs = ['c1', 'c2', 'c3', 'c4'];
  for (const [i, r] of [...rs, 'T'].entries()) {
    for (const [j, c] of [...cs, 'all'].entries()) {
      const ii = i < 4 ? [i] : [0, 1, 2, 3];
      const jj = j < 4 ? [j] : [0, 1, 2, 3];
      rows.push({ r, c, n: ii.reduce((a, x) => a + jj.reduce((b, y) => b + m[x]![y]!, 0), 0) });
    }
  }
  const schema: DisclosureSchema = {
    name: 'bridge',
    dimensions: [
      { column: 'r', total: 'T' },
      { column: 'c', total: 'all' },
    ],
    counts: ['n'],
  };

  it('finds the bridge cell and protects it', async () => {
    const primaryOnly = rows.map((x) => ({
      ...x,
      n: x.n <= 4 ? null : x.n,
      suppressed: x.n <= 4 ? 'primary' : 'none',
    }));
    const before = auditDisclosedRows(primaryOnly, schema, 4);
    expect(before.map((f) => `${rows[f.row]!.r}${rows[f.row]!.c}`)).toEqual(['r1c3']);
    const t = await disclose(rows, schema);
    const hidden = t.rows
      .filter((x) => x.suppressed !== 'none')
      .map((x) => `${x.r}${x.c}:${x.suppressed}`);
    expect(hidden).toEqual([
      'r1c1:primary',
      'r1c2:primary',
      'r1c3:primary',
      'r2c1:primary',
      'r2c2:primary',
      'r2c3:secondary',
      'r3c3:primary',
      'r3c4:primary',
      'r4c3:primary',
      'r4c4:primary',
    ]);
    expect(auditDisclosedRows(t.rows, schema, 4)).toEqual([]);
  });
});

describe('disclose: counts that add up across columns (countTotals)', () => {
  //   area  in_person video telephone | consultations
  //   A        50       3      10     |   63
  //   B        40       8      12     |   60
  //   C        30       6       7     |   43
  //   all     120      17      29     |  166
  // A.video = 3 is primary. Column video: hide C.video (6, the smallest). Row A: video would be
  // 63 − 50 − 10, so hide A.telephone (10, smallest part). Row C: hide C.telephone (7). Then
  // video and telephone each have two hidden cells (sums 9 and 17), rows A and C too (13, 13): a
  // rectangle, none determined.
  const rows = [
    { area: 'A', in_person: 50, video: 3, telephone: 10, consultations: 63 },
    { area: 'B', in_person: 40, video: 8, telephone: 12, consultations: 60 },
    { area: 'C', in_person: 30, video: 6, telephone: 7, consultations: 43 },
    { area: 'all', in_person: 120, video: 17, telephone: 29, consultations: 166 },
  ];
  const schema: DisclosureSchema = {
    name: 'contact_mode',
    dimensions: [{ column: 'area', total: 'all' }],
    counts: ['in_person', 'video', 'telephone', 'consultations'],
    countTotals: { consultations: ['in_person', 'video', 'telephone'] },
  };

  it('protects a hidden column from the row total as well as the column total', async () => {
    const t = await disclose(rows, schema);
    expect(
      t.rows.map((r) => [r.area, r.in_person, r.video, r.telephone, r.consultations, r.suppressed]),
    ).toEqual([
      ['A', 50, null, null, 63, 'primary'],
      ['B', 40, 8, 12, 60, 'none'],
      ['C', 30, null, null, 43, 'secondary'],
      ['all', 120, 17, 29, 166, 'none'],
    ]);
    expect(t.rows[0]!.suppression_reason).toBe(
      'video is between 1 and 4 (primary); telephone hidden so that a small count cannot be worked out from the total columns = consultations (area A) (secondary)',
    );
    expect(auditDisclosedRows(t.rows, schema, 4)).toEqual([]);
  });

  it('without countTotals the row total would give the hidden cells away', async () => {
    const { countTotals: _, ...withoutTotals } = schema;
    const t = await disclose(rows, withoutTotals);
    const found = auditDisclosedRows(t.rows, schema, 4).map(
      (f) => `${rows[f.row]!.area}.${f.column}`,
    );
    expect(found).toEqual(['A.video', 'C.video']);
  });

  it('refuses countTotals that name something other than a protected count', async () => {
    await expect(
      disclose(rows, {
        ...schema,
        counts: ['in_person', 'video', 'telephone'],
        publicCounts: ['consultations'],
      }),
    ).rejects.toMatchObject({ code: 'BAD_SCHEMA' });
  });
});

describe('disclose: hierarchy municipality → helsefellesskap → country', () => {
  // HF1 = K1..K4 (12, 30, 8, 50) = 100; HF2 = K5, K6 (40, 60) = 100; HF3 = K7 (4) = 4; NO = 204.
  // K7 = 4 and HF3 = 4 are primary. NO would reveal HF3 (204 − 100 − 100), so the smallest other
  // HF, HF1 (tie with HF2, first row wins), is hidden; HF1 would then be the sum of its
  // municipalities, so the smallest of them, K3 = 8, is hidden too.
  const values: Record<string, number> = {
    K1: 12,
    K2: 30,
    K3: 8,
    K4: 50,
    K5: 40,
    K6: 60,
    K7: 4,
    HF1: 100,
    HF2: 100,
    HF3: 4,
    NO: 204,
  };
  const parents = { K1: 'HF1', K2: 'HF1', K3: 'HF1', K4: 'HF1', K5: 'HF2', K6: 'HF2', K7: 'HF3' };
  const level = (a: string) =>
    a.startsWith('K') ? 'municipality' : a === 'NO' ? 'country' : 'helsefellesskap';
  const rows = Object.entries(values).map(([area, n]) => ({
    year: 2024,
    area,
    level: level(area),
    n,
    population: n * 100,
    share: n / 204,
  }));
  const schema: DisclosureSchema = {
    name: 'hierarchy',
    dimensions: ['year', { column: 'area', parents, total: 'NO' }],
    counts: ['n'],
    publicCounts: ['population'],
    derived: { share: ['n', { column: 'n', totalOver: 'area' }] },
    attributes: ['level'],
  };

  it('propagates complementary suppression up and down the hierarchy', async () => {
    const t = await disclose(rows, schema);
    expect(by(t, 'area', 'suppressed')).toEqual({
      K1: 'derived',
      K2: 'derived',
      K3: 'secondary',
      K4: 'derived',
      K5: 'none',
      K6: 'none',
      K7: 'primary',
      HF1: 'secondary',
      HF2: 'none',
      HF3: 'primary',
      NO: 'none',
    });
    expect(by(t, 'area', 'n')).toMatchObject({
      K3: null,
      K7: null,
      HF1: null,
      HF3: null,
      HF2: 100,
      NO: 204,
    });
    // Shares of the visible municipalities of HF1 would reveal HF1 (= n / share): hidden, and
    // those rows are flagged `derived` while their counts stay.
    expect(by(t, 'area', 'share')).toMatchObject({
      K1: null,
      K2: null,
      K4: null,
      K5: 40 / 204,
      HF2: 100 / 204,
      NO: 1,
    });
    expect(by(t, 'area', 'n')).toMatchObject({ K1: 12, K2: 30, K4: 50 });
    expect(by(t, 'area', 'suppression_reason').K1).toBe(
      'share hidden with n of the total over area',
    );
    expect(auditDisclosedRows(t.rows, schema, 4)).toEqual([]);
  });
});

describe('disclose: threshold', () => {
  const rows = [
    { g: 'a', n: 5 },
    { g: 'b', n: 8 },
    { g: 'c', n: 12 },
    { g: 'd', n: 40 },
    { g: 'T', n: 65 },
  ];
  const schema: DisclosureSchema = {
    name: 'thr',
    dimensions: [{ column: 'g', total: 'T' }],
    counts: ['n'],
  };

  it('defaults to 4, reads the workspace config, and can be set or disabled', async () => {
    expect((await disclose(rows, schema)).threshold).toBe(4);
    expect((await disclose(rows, schema)).summary.primaryCells).toBe(0);
    const nine = await disclose(rows, schema, {
      workspace: { config: { disclosure: { threshold: 9 } } },
    });
    expect(nine.threshold).toBe(9);
    // 5 and 8 are ≤ 9; together 13 > 9, so no complement is needed.
    expect(by(nine, 'g', 'suppressed')).toEqual({
      a: 'primary',
      b: 'primary',
      c: 'none',
      d: 'none',
      T: 'none',
    });
    const off = await disclose(
      [
        { g: 'a', n: 1 },
        { g: 'b', n: 9 },
        { g: 'T', n: 10 },
      ],
      schema,
      { threshold: 0 },
    );
    expect(by(off, 'g', 'n')).toEqual({ a: 1, b: 9, T: 10 });
    expect(off.summary.primaryCells + off.summary.secondaryCells).toBe(0);
    await expect(disclose(rows, schema, { threshold: -1 })).rejects.toMatchObject({
      code: 'BAD_THRESHOLD',
    });
  });
});

describe('disclose: refusals', () => {
  const schema: DisclosureSchema = { name: 't', dimensions: ['g'], counts: ['n'] };

  it('refuses person-id columns, declared or not', async () => {
    for (const col of [
      'person_id',
      'lopenr',
      'KPR_LNR',
      'npr_id',
      'kpr_id',
      'fnr',
      'Fødselsnummer',
      'mor_fnr',
    ]) {
      expect(isPersonIdColumn(col)).toBe(true);
      const e = await disclose([{ g: 'a', n: 10, [col]: 'x' }], schema).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CheckFailedError);
      expect(e).toMatchObject({ code: 'PERSON_LEVEL_TABLE' });
      await expect(
        disclose([{ g: 'a', n: 10, [col]: 'x' }], { ...schema, attributes: [col] }),
      ).rejects.toMatchObject({
        code: 'PERSON_LEVEL_TABLE',
      });
    }
    for (const col of ['municipality_code', 'population', 'year', 'helsefellesskap'])
      expect(isPersonIdColumn(col)).toBe(false);
  });

  it('refuses tables whose rows describe single persons', async () => {
    const persons = Array.from({ length: 12 }, (_, i) => ({ g: `p${i}`, n: i % 3 === 0 ? 0 : 1 }));
    await expect(disclose(persons, schema)).rejects.toMatchObject({ code: 'PERSON_LEVEL_TABLE' });
    const dup = [
      { g: 'a', n: 10 },
      { g: 'a', n: 12 },
    ];
    await expect(disclose(dup, schema)).rejects.toMatchObject({ code: 'PERSON_LEVEL_TABLE' });
  });

  it('refuses person ids hidden under a harmless column name', async () => {
    await expect(disclose([{ g: '01017012345', n: 10 }], schema)).rejects.toMatchObject({
      code: 'PERSON_LEVEL_TABLE',
    });
    const db = await Db.open(':memory:');
    try {
      await db.exec(`CREATE TABLE person (id_space VARCHAR, person_id VARCHAR);
        INSERT INTO person VALUES ('npr', 'P000017'), ('npr', 'P000042'), ('kpr', 'K93');
        CREATE TABLE contacts AS SELECT * FROM (VALUES ('P000017', 12), ('P000042', 30)) t(g, n);
        CREATE TABLE agg AS SELECT * FROM (VALUES ('3301', 12), ('3303', 30)) t(g, n);`);
      await expect(disclose({ db, table: 'contacts' }, schema)).rejects.toMatchObject({
        code: 'PERSON_LEVEL_TABLE',
      });
      const ws = { config: { disclosure: { threshold: 4 } }, db };
      await expect(
        disclose(
          [
            { g: 'x', n: 7 },
            { g: 'K93', n: 9 },
          ],
          schema,
          { workspace: ws },
        ),
      ).rejects.toThrow(/column "g" holds person ids/);
      expect((await disclose({ db, table: 'agg' }, schema)).rows).toHaveLength(2);
    } finally {
      db.close();
    }
  });

  it('a shared person-id probe reads the person table once per new string and still finds ids', async () => {
    const db = await Db.open(':memory:');
    try {
      await db.exec(`CREATE TABLE person (id_space VARCHAR, person_id VARCHAR);
        INSERT INTO person VALUES ('npr', 'P000017'), ('npr', 'P000042'), ('kpr', 'P000093');`);
      const probe = new PersonIdProbe(db);
      db.startProfile();
      expect(await probe.find(['3301', 'P000018', 'all'])).toBeUndefined();
      // ids are 7 bytes from P000017 to P000093: '3302' (4 bytes), 'P000099' (above) and
      // 'Q000017' are cleared by shape, '3301' was cleared before; nothing is read
      expect(await probe.find(['3301', '3302', 'P000099', 'Q000017'])).toBeUndefined();
      const reads = db.stopProfile().filter((t) => /main\.person/.test(t.sql)).length;
      expect(reads).toBe(1);
      // a string of an id's shape is looked up: found
      expect(await probe.find(['3301', 'P000042'])).toBe('P000042');
      const ws = { config: { disclosure: { threshold: 4 } }, db };
      await expect(
        disclose(
          [
            { g: 'x', n: 7 },
            { g: 'P000093', n: 9 },
          ],
          schema,
          { workspace: ws, personIds: probe },
        ),
      ).rejects.toThrow(/column "g" holds person ids/);
    } finally {
      db.close();
    }
  });

  it('refuses schemas that do not classify every column or name no count', async () => {
    await expect(disclose([{ g: 'a', n: 10, extra: 1 }], schema)).rejects.toBeInstanceOf(
      UsageError,
    );
    await expect(disclose([{ g: 'a', n: 10, extra: 1 }], schema)).rejects.toMatchObject({
      code: 'BAD_SCHEMA',
    });
    await expect(
      disclose([{ g: 'a', rate: 1.5 }], { name: 't', dimensions: ['g'], counts: [], derived: {} }),
    ).rejects.toMatchObject({
      code: 'BAD_SCHEMA',
    });
    await expect(disclose([{ g: 'a', n: 2.5 }], schema)).rejects.toMatchObject({
      code: 'BAD_COUNT',
    });
    await expect(disclose([{ g: 'a', n: -1 }], schema)).rejects.toMatchObject({
      code: 'BAD_COUNT',
    });
    await expect(disclose([{ g: 'a', n: 1 }], { ...schema, name: '../x' })).rejects.toMatchObject({
      code: 'BAD_SCHEMA',
    });
  });

  it('accepts an empty suppressed column on input (statistics rows) but never a filled one', async () => {
    const t = await disclose(
      [
        { g: 'a', n: 10, suppressed: null },
        { g: 'b', n: 12 },
      ],
      schema,
    );
    expect(t.rows.map((r) => r.suppressed)).toEqual(['none', 'none']);
    await expect(disclose([{ g: 'a', n: 3, suppressed: 'none' }], schema)).rejects.toThrow(
      /only disclose\(\) sets it/,
    );
    const db = await Db.open(':memory:');
    try {
      await db.exec(
        `CREATE TABLE s AS SELECT * FROM (VALUES ('a', 3, NULL::VARCHAR), ('b', 12, NULL)) t(g, n, suppressed)`,
      );
      expect((await disclose({ db, table: 's' }, schema)).rows.map((r) => r.n)).toEqual([null, 12]);
      await db.exec(`UPDATE s SET suppressed = 'none'`);
      await expect(disclose({ db, table: 's' }, schema)).rejects.toMatchObject({
        code: 'BAD_SCHEMA',
      });
    } finally {
      db.close();
    }
  });

  it('cannot be constructed or faked outside the module', () => {
    expect(
      () => new (DisclosedTable as unknown as new (...a: unknown[]) => unknown)(Symbol('x'), {}),
    ).toThrow(/disclose\(\)/);
    const fake = Object.create(DisclosedTable.prototype) as DisclosedTable;
    expect(DisclosedTable.is(fake)).toBe(false);
  });
});

describe('disclose: DuckDB input', () => {
  it('reads a table or query, checks it in SQL first, and gives the same result', async () => {
    const db = await Db.open(':memory:');
    try {
      await db.exec(
        `CREATE TABLE agg AS SELECT * FROM (VALUES ('A', 3::BIGINT), ('B', 10), ('C', 25), ('D', 7), ('all', 45)) t(area, n)`,
      );
      const schema: DisclosureSchema = {
        name: 'db',
        dimensions: [{ column: 'area', total: 'all' }],
        counts: ['n'],
      };
      const t = await disclose({ db, table: 'agg' }, schema);
      expect(by(t, 'area', 'suppressed')).toEqual({
        A: 'primary',
        B: 'none',
        C: 'none',
        D: 'secondary',
        all: 'none',
      });
      const q = await disclose(
        { db, sql: 'SELECT * FROM agg WHERE area <> $1', params: ['C'] },
        schema,
        { threshold: 9 },
      );
      // Without C and with threshold 9: A = 3 and D = 7 are primary; together 20 − 10 = 10 > 9, so
      // no complement is needed.
      expect(by(q, 'area', 'suppressed')).toEqual({
        A: 'primary',
        B: 'none',
        D: 'primary',
        all: 'none',
      });
      await db.exec(`CREATE TABLE persons AS SELECT 'p' || i AS g, 1 AS n FROM range(20) r(i)`);
      await db.exec(`CREATE TABLE dup AS SELECT 'x' AS g, 5 AS n FROM range(3)`);
      await expect(
        disclose({ db, table: 'dup' }, { name: 'dup', dimensions: ['g'], counts: ['n'] }),
      ).rejects.toMatchObject({
        code: 'PERSON_LEVEL_TABLE',
      });
      await expect(
        disclose({ db, table: 'persons' }, { name: 'p', dimensions: ['g'], counts: ['n'] }),
      ).rejects.toMatchObject({
        code: 'PERSON_LEVEL_TABLE',
      });
      await expect(disclose({ db, table: 'agg' }, schema, { maxRows: 3 })).rejects.toMatchObject({
        code: 'TABLE_TOO_LARGE',
      });
    } finally {
      db.close();
    }
  });
});

describe('disclose: random tables (property)', () => {
  it('leaves no small count and no recoverable cell in 200 random 2- and 3-way tables with hierarchies', async () => {
    let seed = 20241122;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const small = () => (rand() < 0.3 ? Math.floor(rand() * 6) : Math.floor(rand() * 60));
    for (let k = 0; k < 200; k++) {
      const nk = 2 + Math.floor(rand() * 5);
      const munis = Array.from({ length: nk }, (_, i) => `K${i}`);
      const parents: Record<string, string> = {};
      for (const m of munis) parents[m] = rand() < 0.5 ? 'H1' : 'H2';
      const ages = ['a', 'b', 'c'].slice(0, 1 + Math.floor(rand() * 3));
      const rows: { sex: string; age: string; area: string; n: number }[] = [];
      const base = new Map<string, number>();
      for (const s of ['M', 'F'])
        for (const a of ages) for (const m of munis) base.set(`${s}|${a}|${m}`, small());
      const val = (s: string, a: string, area: string): number => {
        const ss = s === 'T' ? ['M', 'F'] : [s];
        const aa = a === 'all' ? ages : [a];
        const mm =
          area === 'NO'
            ? munis
            : area.startsWith('H')
              ? munis.filter((m) => parents[m] === area)
              : [area];
        let sum = 0;
        for (const x of ss)
          for (const y of aa) for (const z of mm) sum += base.get(`${x}|${y}|${z}`)!;
        return sum;
      };
      const areas = [...munis, ...new Set(Object.values(parents)), 'NO'];
      for (const s of ['M', 'F', 'T'])
        for (const a of [...ages, 'all'])
          for (const area of areas) rows.push({ sex: s, age: a, area, n: val(s, a, area) });
      const schema: DisclosureSchema = {
        name: 'random',
        dimensions: [
          { column: 'sex', total: 'T' },
          { column: 'age', total: 'all' },
          { column: 'area', parents, total: 'NO' },
        ],
        counts: ['n'],
      };
      const t = await disclose(rows, schema);
      expect(auditDisclosedRows(t.rows, schema, 4)).toEqual([]);
      // Every hidden count is NULL and flagged; zeros are never hidden as primary.
      for (const r of t.rows) {
        if (r.n === null) expect(['primary', 'secondary']).toContain(r.suppressed);
        else expect(r.suppressed).toBe('none');
      }
    }
  });

  it('leaves no recoverable cell in 100 random wide tables (sex as count columns with countTotals)', async () => {
    let seed = 4242;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const small = () => (rand() < 0.35 ? Math.floor(rand() * 6) : Math.floor(rand() * 40));
    for (let k = 0; k < 100; k++) {
      const nk = 2 + Math.floor(rand() * 5);
      const munis = Array.from({ length: nk }, (_, i) => `K${i}`);
      const parents: Record<string, string> = {};
      for (const m of munis) parents[m] = rand() < 0.5 ? 'H1' : 'H2';
      const base = new Map(munis.map((m) => [m, { men: small(), women: small() }]));
      const areas = [...munis, ...new Set(Object.values(parents)), 'NO'];
      const rows = areas.map((area) => {
        const mm =
          area === 'NO'
            ? munis
            : area.startsWith('H')
              ? munis.filter((m) => parents[m] === area)
              : [area];
        const men = mm.reduce((a, m) => a + base.get(m)!.men, 0);
        const women = mm.reduce((a, m) => a + base.get(m)!.women, 0);
        return { area, men, women, persons: men + women };
      });
      const schema: DisclosureSchema = {
        name: 'wide',
        dimensions: [{ column: 'area', parents, total: 'NO' }],
        counts: ['men', 'women', 'persons'],
        countTotals: { persons: ['men', 'women'] },
      };
      const t = await disclose(rows, schema);
      expect(auditDisclosedRows(t.rows, schema, 4)).toEqual([]);
    }
  });
});

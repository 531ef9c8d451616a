import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser, loginAdmin } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { suppressPartition } from '../../src/reports/suppression.js';
import { countQueries } from '../support/queries.js';
import { strFromU8, unzipSync } from 'fflate';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What the test knows of each inquiry it made: the figures are computed from these, not read back. */
interface Account {
  id: string;
  email: string;
  password: string;
  token: string;
}

interface Made {
  id: string;
  country: string;
  kind: string;
  language: string;
  topic: string;
  createdAt: string;
  acknowledgedAt?: string;
  repliedAt?: string;
  closedAt?: string;
  outcome?: string;
}

const REGION: Record<string, string> = { XE: 'Africa', XC: 'Oceania', XF: 'Americas', XO: 'Europe' };
const UN_GROUP: Record<string, string> = { XE: 'african', XC: 'asia-pacific', XF: 'grulac', XO: 'weog' };
const UNCAT: Record<string, string> = { XE: 'state-party', XC: 'no-action', XF: 'state-party', XO: 'state-party' };
const OPCAT: Record<string, string> = { XE: 'state-party', XC: 'no-action', XF: 'state-party', XO: 'state-party' };
const TAGS: Record<string, string[]> = { XE: ['francophone-africa'], XC: ['pacific', 'sids', 'ldc'], XF: [], XO: [] };
const GROUP: Record<string, string> = {
  'police-custody-safeguards': 'prevention',
  'cat-reporting': 'reporting',
  'ratification-process': 'ratification',
  'opcat-npm': 'prevention',
};
const CATEGORY: Record<string, string> = { government: 'state', judiciary: 'state', 'national-human-rights-institution': 'nhri-npm', 'national-preventive-mechanism': 'nhri-npm' };

const countBy = (rows: Made[], key: (m: Made) => string | string[]) => {
  const out = new Map<string, number>();
  for (const m of rows) for (const k of [key(m)].flat()) out.set(k, (out.get(k) ?? 0) + 1);
  return out;
};
const nearestRank = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(p * sorted.length) - 1];
};
/** Durations are reported to the resolution of their buckets: to the second below two minutes, above within half a per cent (and the rounding to a second). */
const resolution = (seconds: number) => (seconds < 120 ? 1 : seconds * 0.005 + 1);
const secondsBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 1000;

describe('reports: anonymous figures for a period, small cells hidden', () => {
  let t: TestApp;
  let admin: string;
  let secretariat: Account;
  let observer: Account;
  let requester: Account;
  /** Every account, to sign in again after a jump in time has ended their sessions. */
  const accounts: Account[] = [];
  const travel = async (ms: number) => {
    t.clock.travel(ms);
    admin = await loginAdmin(t);
    for (const a of accounts) a.token = (await t.http.post('/api/v1/auth/login', { email: a.email, password: a.password })).body.token;
  };
  const account = async (input: Parameters<typeof createUser>[2]) => {
    const a = await createUser(t, admin, input);
    accounts.push(a);
    return a;
  };
  const made: Made[] = [];
  let from: string;
  let to: string;

  beforeAll(async () => {
    t = await startApp();
    admin = await loginAdmin(t);
    secretariat = await account({ role: 'secretariat' });
    observer = await account({ role: 'observer' });
    const orgs: Record<string, { country: string; kind: string; who: Account }> = {};
    for (const [name, country, kind] of [
      ['A', 'XE', 'government'],
      ['B', 'XE', 'national-human-rights-institution'],
      ['C', 'XC', 'government'],
      ['D', 'XF', 'judiciary'],
      ['E', 'XO', 'national-preventive-mechanism'],
    ]) {
      const org = await t.http.post('/api/v1/organizations', { name: `Institution ${name}`, country, kind }, admin);
      expect(org.status).toBe(201);
      orgs[name] = { country, kind, who: await account({ role: 'requester', organizationId: org.body.id }) };
    }
    requester = orgs.A.who;
    from = t.clock.iso().slice(0, 10);
    const file = async (org: string, language: string, topic: string) => {
      const res = await t.http.post('/api/v1/inquiries', { subject: 'A question on safeguards', body: 'Details of the question', topics: [topic], language }, orgs[org].who.token);
      expect(res.status).toBe(201);
      made.push({ id: res.body.id, country: orgs[org].country, kind: orgs[org].kind, language, topic, createdAt: res.body.createdAt });
      return made[made.length - 1];
    };
    const first = [
      await file('A', 'en', 'police-custody-safeguards'),
      await file('A', 'en', 'police-custody-safeguards'),
      await file('B', 'fr', 'cat-reporting'),
      await file('B', 'fr', 'cat-reporting'),
      await file('B', 'fr', 'cat-reporting'),
      await file('C', 'en', 'ratification-process'),
    ];
    await travel(2 * HOUR);
    const move = async (m: Made, body: Record<string, unknown>, token = secretariat.token) => {
      const res = await t.http.post(`/api/v1/inquiries/${m.id}/transitions`, body, token);
      expect(res.status).toBe(200);
      return res.body.updatedAt as string;
    };
    for (const m of first.slice(0, 5)) m.acknowledgedAt = await move(m, { to: 'triaged' });
    await travel(DAY);
    for (const m of first.slice(0, 4)) {
      const res = await t.http.post(`/api/v1/inquiries/${m.id}/messages`, { body: 'Our advice', visibility: 'shared' }, secretariat.token);
      expect(res.status).toBe(201);
      m.repliedAt = res.body.createdAt;
    }
    await travel(3 * DAY);
    for (const [m, outcome] of [
      [first[0], 'advice-provided'],
      [first[1], 'advice-provided'],
      [first[2], 'advice-provided'],
      [first[3], 'tool-referred'],
    ] as const) {
      m.closedAt = await move(m, { to: 'closed', outcome, reason: 'answered in the thread' });
      m.outcome = outcome;
    }
    first[5].closedAt = await move(first[5], { to: 'withdrawn' }, orgs.C.who.token);
    first[5].outcome = 'withdrawn';
    // An expert takes one on and declines another.
    const expert = await account({ role: 'expert' });
    const a1 = await t.http.post(`/api/v1/inquiries/${first[4].id}/assignments`, { expertId: expert.id, role: 'lead' }, secretariat.token);
    expect((await t.http.post(`/api/v1/assignments/${a1.body.id}/accept`, { noConflict: true }, expert.token)).status).toBe(200);
    await travel(35 * DAY);
    const second = [
      await file('A', 'en', 'police-custody-safeguards'),
      await file('A', 'ar', 'police-custody-safeguards'),
      await file('D', 'es', 'police-custody-safeguards'),
      await file('D', 'es', 'police-custody-safeguards'),
      await file('E', 'pt', 'opcat-npm'),
    ];
    const a2 = await t.http.post(`/api/v1/inquiries/${second[0].id}/assignments`, { expertId: expert.id, role: 'lead' }, secretariat.token);
    await travel(HOUR);
    second[0].acknowledgedAt = await move(second[0], { to: 'triaged' });
    expect((await t.http.post(`/api/v1/assignments/${a2.body.id}/decline`, { reason: 'I advised this State before' }, expert.token)).status).toBe(200);
    to = t.clock.iso().slice(0, 10);
  });
  afterAll(() => t.close());

  const report = (query: string, token = secretariat.token) => t.http.get(`/api/v1/reports?${query}`, token);

  it('has the figures of the inquiries it was given, small ones hidden and not derivable', async () => {
    const res = await report(`from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    const r = res.body;
    const k = 3;
    expect(r.threshold).toBe(k);
    const closed = made.filter((m) => m.closedAt);
    expect(r.received).toEqual({ value: made.length, fewerThan: null });
    expect(r.closed).toEqual({ value: closed.length, fewerThan: null });
    expect(r.openAtEnd).toEqual({ value: made.length - closed.length, fewerThan: null });
    expect(r.states).toEqual({ value: 4, fewerThan: null });
    expect(r.institutions).toEqual({ value: 5, fewerThan: null });

    const expectTable = (name: string, counts: Map<string, number>, total: number) => {
      const table = r.breakdowns[name];
      const raw = table.cells.map((c: { key: string }) => ({ key: c.key, count: counts.get(c.key) ?? 0 }));
      // Every category the data has is listed; the table is exactly the data, suppressed.
      for (const key of counts.keys()) expect(raw.map((c: { key: string }) => c.key)).toContain(key);
      expect({ name, ...table }).toEqual({ name, partition: true, ...suppressPartition(raw, total, k) });
      for (const c of table.cells) if ((counts.get(c.key) ?? 0) > 0 && (counts.get(c.key) ?? 0) < k) expect(c.count).toBeNull();
    };
    expectTable(
      'month',
      countBy(made, (m) => m.createdAt.slice(0, 7)),
      made.length,
    );
    expectTable(
      'region',
      countBy(made, (m) => REGION[m.country]),
      made.length,
    );
    expectTable(
      'unGroup',
      countBy(made, (m) => UN_GROUP[m.country]),
      made.length,
    );
    expectTable(
      'institution',
      countBy(made, (m) => m.kind),
      made.length,
    );
    expectTable(
      'requesterCategory',
      countBy(made, (m) => CATEGORY[m.kind]),
      made.length,
    );
    expectTable(
      'uncat',
      countBy(made, (m) => UNCAT[m.country]),
      made.length,
    );
    expectTable(
      'opcat',
      countBy(made, (m) => OPCAT[m.country]),
      made.length,
    );
    expectTable(
      'language',
      countBy(made, (m) => m.language),
      made.length,
    );
    expectTable(
      'topic',
      countBy(made, (m) => m.topic),
      made.length,
    );
    expectTable(
      'topicGroup',
      countBy(made, (m) => GROUP[m.topic]),
      made.length,
    );
    expectTable(
      'outcome',
      countBy(closed, (m) => m.outcome!),
      closed.length,
    );
    // Tags do not add up to a total: small ones hidden, nothing else.
    const tags = countBy(made, (m) => TAGS[m.country]);
    for (const c of r.breakdowns.tag.cells) expect(c.count).toBe((tags.get(c.key) ?? 0) < k ? null : tags.get(c.key));
    expect(r.breakdowns.tag.cells.map((c: { key: string }) => c.key).sort()).toEqual([...tags.keys()].sort());
    // Never a breakdown by country: no State code anywhere in the report.
    expect(JSON.stringify(r)).not.toMatch(/"X[A-Z]"/);

    const durations = (pick: (m: Made) => string | undefined) => made.filter((m) => pick(m)).map((m) => secondsBetween(m.createdAt, pick(m)!));
    for (const [metric, values] of [
      ['acknowledgement', durations((m) => m.acknowledgedAt)],
      ['firstReply', durations((m) => m.repliedAt)],
      ['closure', durations((m) => m.closedAt)],
    ] as const) {
      const d = r.timeliness[metric];
      expect(d.n).toEqual({ value: values.length, fewerThan: null });
      for (const [shown, exact] of [
        [d.medianSeconds, nearestRank(values, 0.5)],
        [d.p90Seconds, nearestRank(values, 0.9)],
      ]) {
        expect(Math.abs(shown - exact)).toBeLessThanOrEqual(resolution(exact));
      }
    }
    // Answered within the default 30 days, out of those answered and those unanswered past it (not ended before).
    const due = (m: Made) => Date.parse(m.createdAt) + 30 * DAY;
    const onTime = made.filter((m) => m.repliedAt && Date.parse(m.repliedAt) <= due(m)).length;
    const late = made.filter((m) => !m.repliedAt && due(m) < t.clock.now().getTime() && !(m.closedAt && Date.parse(m.closedAt) < due(m))).length;
    expect([onTime, late]).toEqual([4, 1]);
    expect(r.timeliness.onTimeShare).toBe(Math.round((onTime / (onTime + late)) * 1000) / 1000);
    expect(r.timeliness.waitingOnRequesterSeconds).toBe(0);
    const open = closed.reduce((s, m) => s + secondsBetween(m.createdAt, m.closedAt!), 0);
    expect(Math.abs(r.timeliness.waitingOnSecretariatSeconds - open)).toBeLessThanOrEqual(5);
    // One expert, one inquiry taken on, one declined: all below the threshold.
    expect(r.experts.engaged).toEqual({ value: null, fewerThan: 3 });
    expect(r.experts.declined).toEqual({ value: null, fewerThan: 3 });
    expect(r.experts.load.withheld).toBe(true);
  });

  it('adds whole months from their roll-ups and the days around them, wherever the period starts and ends', async () => {
    const day = (iso: string) => iso.slice(0, 10);
    const shift = (d: string, days: number) => new Date(Date.parse(`${d}T00:00:00.000Z`) + days * DAY).toISOString().slice(0, 10);
    const nextMonthStart = (d: string) => shift(`${d.slice(0, 7)}-01`, 40).slice(0, 7) + '-01';
    // Periods cut inside months and over whole ones: the first of from's month to the end of `to`'s month,
    // and the day after the first intake to the day before the last one's month ends.
    const periods: Array<[string, string]> = [
      [`${from.slice(0, 7)}-01`, shift(nextMonthStart(to), -1)],
      [shift(from, 1), to],
      [`${from.slice(0, 7)}-01`, shift(`${to.slice(0, 7)}-01`, -1)],
    ];
    for (const [a, b] of periods) {
      const inside = (iso: string | undefined) => iso !== undefined && day(iso) >= a && day(iso) <= b;
      const expected = (n: number) => (n >= 3 ? { value: n, fewerThan: null } : { value: null, fewerThan: 3 });
      const r = (await report(`from=${a}&to=${b}`)).body;
      expect([a, b, r.received]).toEqual([a, b, expected(made.filter((m) => inside(m.createdAt)).length)]);
      expect([a, b, r.closed]).toEqual([a, b, expected(made.filter((m) => inside(m.closedAt)).length)]);
    }
  });

  it('runs the same few statements whatever the period holds (computed in the database, no query per row)', async () => {
    const count = async (query: string) => (await countQueries(t, async () => expect((await report(query)).status).toBe(200))).count;
    const empty = await count('from=2021-01-01&to=2021-12-31');
    const full = await count(`from=${from}&to=${to}`);
    expect(full).toBe(empty);
    // The session, then the five statements of the report.
    expect(full).toBeLessThanOrEqual(8);
  });

  it('raises the threshold when asked, never lowers it, and gives only the breakdowns asked for', async () => {
    const r = (await report(`from=${from}&to=${to}&threshold=5&breakdowns=language,region`)).body;
    expect(r.threshold).toBe(5);
    expect(Object.keys(r.breakdowns).sort()).toEqual(['language', 'region']);
    const en = made.filter((m) => m.language === 'en').length;
    expect(r.breakdowns.language.cells.find((c: { key: string }) => c.key === 'en').count).toBe(en >= 5 ? en : null);
    const low = await t.http.get(`/api/v1/reports?from=${from}&to=${to}&threshold=2`, secretariat.token);
    expect(low.status).toBe(200);
    expect(low.body.threshold).toBe(3);
  });

  it('shows an observer the very same report, and nothing else', async () => {
    const mine = await report(`from=${from}&to=${to}`);
    const theirs = await report(`from=${from}&to=${to}`, observer.token);
    expect(theirs.status).toBe(200);
    expect(theirs.body).toEqual(mine.body);
    for (const path of [
      '/api/v1/inquiries',
      `/api/v1/inquiries/${made[0].id}`,
      '/api/v1/audit',
      '/api/v1/users',
      '/api/v1/topics',
      '/api/v1/countries',
      '/api/v1/notifications',
      '/api/v1/assignments',
    ]) {
      expect([path, (await t.http.get(path, observer.token)).status]).toEqual([path, 403]);
    }
    expect((await t.http.get(`/api/v1/reports/export?from=${from}&to=${to}`, observer.token)).status).toBe(403);
    expect((await t.http.get('/api/v1/me', observer.token)).body.role).toBe('observer');
    // A requester may not read reports.
    expect((await report(`from=${from}&to=${to}`, requester.token)).status).toBe(403);
  });

  it('exports CSV for the head of the secretariat only, each export on the audit trail', async () => {
    expect((await t.http.get(`/api/v1/reports/export?from=${from}&to=${to}`, secretariat.token)).status).toBe(403);
    const csv = await t.http.get(`/api/v1/reports/export?from=${from}&to=${to}`, admin);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="cti-report-${from}-${to}.csv"`);
    const bytes = Buffer.from(await (await fetch(`${t.url}/api/v1/reports/export?from=${from}&to=${to}`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\n');
    expect(lines[0]).toBe('section,category,value');
    expect(lines).toContain(`volume,received,${made.length}`);
    expect(lines).toContain('by language,ar,fewer than 3');
    const audit = await t.http.get('/api/v1/audit?action=report.exported', admin);
    expect(audit.body.items.length).toBe(2);
    expect(audit.body.items[0].details).toMatchObject({ from, to, format: 'csv' });
    // The head names another head; that one may export from then on.
    const flagged = await t.http.patch(`/api/v1/users/${secretariat.id}`, { headOfSecretariat: true }, admin);
    expect(flagged.status).toBe(200);
    expect(flagged.body.headOfSecretariat).toBe(true);
    expect((await t.http.get(`/api/v1/reports/export?from=${from}&to=${to}`, secretariat.token)).status).toBe(200);
    expect((await t.http.patch(`/api/v1/users/${observer.id}`, { headOfSecretariat: true }, admin)).status).toBe(409);
  });

  it('packs the year for the head of the secretariat: CSV files and a printable summary that open, each pack audited', async () => {
    const year = Number(from.slice(0, 4));
    const today = t.clock.iso().slice(0, 10);
    const end = `${year}-12-31` < today ? `${year}-12-31` : today;
    const pack = (query: string, token: string) => fetch(`${t.url}/api/v1/reports/annual-pack?${query}`, { headers: { authorization: `Bearer ${token}` } });
    const res = await pack(`year=${year}`, admin);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="cti-annual-pack-${year}.zip"`);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names).toEqual(
      expect.arrayContaining(['report.csv', 'volume.csv', 'coverage.csv', 'by-month.csv', 'by-language.csv', 'by-outcome.csv', 'timeliness.csv', 'experts.csv', 'summary.html']),
    );
    for (const name of names.filter((n) => n.endsWith('.csv'))) expect([name, ...files[name].subarray(0, 3)]).toEqual([name, 0xef, 0xbb, 0xbf]);
    const lines = (name: string) => strFromU8(files[name].subarray(3)).trim().split('\n');
    // The figures, computed here from the inquiries made in that year.
    const received = made.filter((m) => m.createdAt.slice(0, 4) === String(year)).length;
    const shown = (n: number) => (n > 0 && n < 3 ? 'fewer than 3' : String(n));
    expect(lines('report.csv')).toEqual(expect.arrayContaining(['section,category,value', `period,from,${year}-01-01`, `period,to,${end}`, `volume,received,${shown(received)}`]));
    expect(lines('volume.csv')).toEqual(['category,value', `received,${shown(received)}`, expect.stringMatching(/^closed,/), expect.stringMatching(/^open at end,/)]);
    // Each breakdown's file holds the cells of the same report as the API gives it.
    const api = (await report(`from=${year}-01-01&to=${end}`)).body;
    const cell = (c: { key: string; count: number | null; hidden: string | null }) => `${c.key},${c.count ?? (c.hidden === 'primary' ? 'fewer than 3' : '–')}`;
    expect(lines('by-language.csv')).toEqual(['category,value', ...api.breakdowns.language.cells.map(cell), `total,${api.breakdowns.language.total ?? '–'}`]);
    expect(lines('by-month.csv').slice(1, -1)).toEqual(api.breakdowns.month.cells.map(cell));
    // The summary stands alone: charts inline, no script, nothing fetched from anywhere.
    const html = strFromU8(files['summary.html']);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect((html.match(/<svg /g) ?? []).length).toBe(12);
    expect(html).toContain(`<dd>${shown(received)}</dd>`);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|https?:\/\//i);
    const arabic = unzipSync(new Uint8Array(await (await pack(`year=${year}&lang=ar`, admin)).arrayBuffer()));
    expect(strFromU8(arabic['summary.html'])).toContain('<html lang="ar" dir="rtl">');
    expect(strFromU8(arabic['by-language.csv'])).toBe(strFromU8(files['by-language.csv']));
    const audit = (await t.http.get('/api/v1/audit?action=report.exported', admin)).body.items.filter((e: { details: { kind?: string } }) => e.details.kind === 'annual-pack');
    expect(audit.map((e: { details: unknown }) => e.details)).toEqual([
      { from: `${year}-01-01`, to: end, threshold: 3, format: 'zip', kind: 'annual-pack', year },
      { from: `${year}-01-01`, to: end, threshold: 3, format: 'zip', kind: 'annual-pack', year },
    ]);
    // Only the head exports: another secretariat account, an observer, a requester are refused, and nothing is recorded.
    const plain = await account({ role: 'secretariat' });
    for (const token of [plain.token, observer.token, requester.token]) expect((await pack(`year=${year}`, token)).status).toBe(403);
    // Bad input: a clear 400 each.
    for (const [query, message] of [
      ['', 'year must be a year YYYY'],
      ['year=26', 'year must be a year YYYY'],
      ['year=abcd', 'year must be a year YYYY'],
      ['year=1999', 'year must not be less than 2000'],
      [`year=${Number(today.slice(0, 4)) + 1}`, 'year must not be after the current year'],
      [`year=${year}&lang=de`, 'lang must be one of'],
      [`year=${year}&from=2026-01-01`, 'property from should not exist'],
    ]) {
      const bad = await pack(query, admin);
      expect([query, bad.status]).toEqual([query, 400]);
      expect(JSON.stringify(await bad.json())).toContain(message);
    }
    expect(
      (await t.http.get('/api/v1/audit?action=report.exported', admin)).body.items.filter((e: { details: { kind?: string } }) => e.details.kind === 'annual-pack'),
    ).toHaveLength(2);
  });

  it('lets the secretariat correct a State, audited, and counts each inquiry under the treaty status of its intake', async () => {
    const countries = (await t.http.get('/api/v1/countries', secretariat.token)).body;
    expect(countries).toHaveLength(221);
    const xe = countries.find((c: { code: string }) => c.code === 'XE');
    expect(xe).toMatchObject({ uncatStatus: 'state-party', unRegionalGroup: 'african', tags: ['francophone-africa'], asOf: '2023-12-31' });
    const before = (await report(`from=${from}&to=${to}&breakdowns=uncat`)).body.breakdowns.uncat.cells;
    const patched = await t.http.patch(
      '/api/v1/countries/XE',
      { version: xe.version, asOf: '2026-06-30', uncatStatus: 'no-action', tags: ['francophone-africa', 'ldc'] },
      secretariat.token,
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ uncatStatus: 'no-action', asOf: '2026-06-30', tags: ['francophone-africa', 'ldc'], version: xe.version + 1 });
    // The same version again: someone changed it meanwhile.
    expect((await t.http.patch('/api/v1/countries/XE', { version: xe.version, asOf: '2026-06-30', npmDesignated: true }, secretariat.token)).status).toBe(409);
    expect((await t.http.patch('/api/v1/countries/ZZ', { version: 1, asOf: '2026-06-30' }, secretariat.token)).status).toBe(404);
    expect((await t.http.patch('/api/v1/countries/ke', { version: 1, asOf: '2026-06-30' }, secretariat.token)).status).toBe(400);
    expect((await t.http.patch('/api/v1/countries/XE', { version: 2, asOf: '2026-06-30', uncatStatus: 'ratified' }, secretariat.token)).status).toBe(400);
    const audit = await t.http.get('/api/v1/audit?action=country.updated', admin);
    expect(audit.body.items.map((e: { details: unknown }) => e.details)).toEqual([{ code: 'XE', asOf: '2026-06-30', fields: ['uncatStatus', 'tags'] }]);
    // Inquiries already in keep the status of their intake; the reports do not move.
    const after = (await report(`from=${from}&to=${to}&breakdowns=uncat`)).body.breakdowns.uncat.cells;
    expect(after).toEqual(before);
    const filed = await t.http.post('/api/v1/inquiries', { subject: 'Another question', body: 'Details', topics: ['opcat-npm'], language: 'fr' }, requester.token);
    expect(filed.status).toBe(201);
    const row = await t.dataSource.query(`SELECT "intakeUncatStatus" AS s FROM inquiry WHERE id = ${t.dataSource.options.type === 'postgres' ? '$1' : '?'}`, [filed.body.id]);
    expect(row[0].s).toBe('no-action');
  });

  it('follows every change made after a report: an intake at once, a topic changed, a closure, a withdrawal', async () => {
    const figures = async () => (await report(`from=${from}&to=${to}&threshold=3`)).body;
    const cell = (r: { breakdowns: Record<string, { cells: Array<{ key: string; count: number | null }> }> }, name: string, key: string) =>
      r.breakdowns[name].cells.find((c) => c.key === key)?.count;
    const before = await figures();
    const filed = await t.http.post('/api/v1/inquiries', { subject: 'A later question', body: 'Details', topics: ['cat-reporting'], language: 'en' }, requester.token);
    expect(filed.status).toBe(201);
    const afterIntake = await figures();
    expect(afterIntake.received.value).toBe(before.received.value + 1);
    expect(afterIntake.openAtEnd.value).toBe(before.openAtEnd.value + 1);
    expect(cell(afterIntake, 'language', 'en')).toBe(cell(before, 'language', 'en')! + 1);
    expect(cell(afterIntake, 'topic', 'cat-reporting')).toBe(cell(before, 'topic', 'cat-reporting')! + 1);

    const triaged = await t.http.patch(`/api/v1/inquiries/${filed.body.id}`, { version: filed.body.version, topics: ['police-custody-safeguards'] }, secretariat.token);
    expect(triaged.status).toBe(200);
    const afterTopic = await figures();
    expect(cell(afterTopic, 'topic', 'cat-reporting')).toBe(cell(before, 'topic', 'cat-reporting'));
    expect(cell(afterTopic, 'topic', 'police-custody-safeguards')).toBe(cell(before, 'topic', 'police-custody-safeguards')! + 1);

    expect((await t.http.post(`/api/v1/inquiries/${filed.body.id}/transitions`, { to: 'triaged' }, secretariat.token)).status).toBe(200);
    const closed = await t.http.post(
      `/api/v1/inquiries/${filed.body.id}/transitions`,
      { to: 'closed', outcome: 'advice-provided', reason: 'answered in the thread' },
      secretariat.token,
    );
    expect(closed.status).toBe(200);
    const afterClosure = await figures();
    expect(afterClosure.closed.value).toBe(before.closed.value + 1);
    expect(afterClosure.openAtEnd.value).toBe(before.openAtEnd.value);
    expect(afterClosure.timeliness.closure.n.value).toBe(before.timeliness.closure.n.value + 1);

    const another = await t.http.post('/api/v1/inquiries', { subject: 'One more question', body: 'Details', topics: ['opcat-npm'], language: 'fr' }, requester.token);
    expect((await t.http.post(`/api/v1/inquiries/${another.body.id}/transitions`, { to: 'withdrawn' }, requester.token)).status).toBe(200);
    const afterWithdrawal = await figures();
    expect(afterWithdrawal.received.value).toBe(before.received.value + 2);
    expect(afterWithdrawal.closed.value).toBe(before.closed.value + 2);
    expect(afterWithdrawal.openAtEnd.value).toBe(before.openAtEnd.value);

    // Nothing changes, time passes: those still unanswered fall due (the one filed by the State test as well).
    const share = (late: number) => Math.round((4 / (4 + late)) * 1000) / 1000;
    const unanswered = made.filter((m) => !m.repliedAt && !m.closedAt).length + 1;
    expect(afterWithdrawal.timeliness.onTimeShare).toBe(share(1));
    await travel(31 * DAY);
    expect((await figures()).timeliness.onTimeShare).toBe(share(unanswered));
  });

  it('refuses what is not a period, an unknown breakdown and a threshold below 2, with a clear 400', async () => {
    for (const [query, message] of [
      ['from=2026-03-01&to=2026-02-01', 'to must not be before from'],
      ['from=2010-01-01&to=2020-01-01', 'a period is at most 10 years'],
      ['from=2026-02-30&to=2026-03-01', 'from must be a real date YYYY-MM-DD'],
      ['from=01/02/2026&to=2026-03-01', 'from must be a date YYYY-MM-DD'],
      ['to=2026-03-01', 'from must be a date YYYY-MM-DD'],
      ['from=2026-01-01&to=2026-03-01&breakdowns=country', 'breakdowns must be a comma-separated list'],
      ['from=2026-01-01&to=2026-03-01&threshold=1', 'threshold must not be less than 2'],
      ['from=2026-01-01&to=2026-03-01&threshold=x', 'threshold must be an integer number'],
      ['from=2026-01-01&to=2026-03-01&extra=1', 'property extra should not exist'],
    ]) {
      const res = await report(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(JSON.stringify(res.body.message)).toContain(message);
    }
    expect((await report('from=2016-01-02&to=2026-01-01')).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { runCli } from '../support/cli.js';
import { startApp, type TestApp } from '../support/app.js';
import { WebClient } from '../support/browser.js';

describe('npm run demo', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ BOOTSTRAP_ADMIN_EMAIL: '', BOOTSTRAP_ADMIN_PASSWORD: '' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('fills an empty database that the pages then show, and refuses a second time', async () => {
    const first = await runCli(t, ['demo']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('MFA_REQUIRED_ROLES= npm start');
    // The start command it prints names the demo's own data (started without it, the service opens another, empty database).
    const start = first.stdout.split('\n').find((l) => l.includes('npm start')) ?? '';
    expect(start.trim().startsWith(`DATA_DIR=${t.dataDir} `)).toBe(true);
    const references = first.stdout.match(/CTI-\d{4}-\d{4}/g) ?? [];
    expect(new Set(references).size).toBe(15);

    const web = new WebClient(t.url);
    await web.signIn('secretariat@demo.example.org', 'silver harbour lantern ninety');
    const all = await web.get('/inquiries?tab=all');
    expect(all.html).toContain('15 queries');
    for (const status of ['Submitted', 'Triaged', 'In progress', 'Waiting for the requester', 'Answered', 'Closed', 'Withdrawn']) {
      expect(all.html).toContain(`>${status}</span>`);
    }
    const table = all.html.slice(all.html.indexOf('<table'));
    expect(table).toContain('Fictional State XC');
    expect(table).not.toMatch(/Fictional State X[^C-S]/);
    const expert = new WebClient(t.url);
    await expert.signIn('fernandez@demo.example.org', 'cobalt river thistle forty');
    expect((await expert.get('/assignments')).html).toContain('Protocolo de actuación policial');

    // The demo's report: the figures computed here from the inquiries the secretariat lists.
    const token = (await t.http.post('/api/v1/auth/login', { email: 'secretariat@demo.example.org', password: 'silver harbour lantern ninety' })).body.token;
    const rows = (await t.http.get('/api/v1/inquiries?limit=100', token)).body.items as Array<{ language: string; country: string; status: string }>;
    expect(rows).toHaveLength(15);
    const year = new Date().toISOString().slice(0, 4);
    const report = (await t.http.get(`/api/v1/reports?from=${year}-01-01&to=${year}-12-31`, token)).body;
    expect(report.received).toEqual({ value: 15, fewerThan: null });
    const ended = rows.filter((r) => r.status === 'closed' || r.status === 'withdrawn').length;
    expect(report.closed.value ?? 0).toBe(ended >= 3 ? ended : 0);
    expect(report.openAtEnd.value).toBe(15 - ended);
    expect(report.states.value).toBe(new Set(rows.map((r) => r.country)).size);
    // The research's fictional attributes: Tavuna (XC) and Serendra (XD) no action, Port Meridian (XJ) signatory.
    const uncat = (c: string) => (['XC', 'XD'].includes(c) ? 'no-action' : c === 'XJ' ? 'signatory' : 'state-party');
    const count = (key: (r: (typeof rows)[number]) => string, k: string) => rows.filter((r) => key(r) === k).length;
    const shown = (cells: Array<{ key: string; count: number | null }>, k: string) => cells.find((c) => c.key === k)!.count;
    expect(shown(report.breakdowns.uncat.cells, 'state-party')).toBe(count((r) => uncat(r.country), 'state-party'));
    for (const lang of ['en', 'fr', 'es', 'ar', 'pt']) {
      const n = count((r) => r.language, lang);
      const cell = shown(report.breakdowns.language.cells, lang);
      if (n > 0 && n < 3) expect(cell).toBeNull();
      else if (cell !== null) expect(cell).toBe(n);
    }
    const observer = new WebClient(t.url);
    await observer.signIn('observer@demo.example.org', 'violet orchard beacon thirty');
    const page = await observer.get(`/reports?from=${year}-01-01&to=${year}-12-31`);
    expect(page.html).toContain('<h1>Reports</h1>');
    expect(page.html).not.toContain('CTI-');

    const again = await runCli(t, ['demo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('demo fills an empty database only');
  });
});

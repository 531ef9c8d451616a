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

    const again = await runCli(t, ['demo']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('demo fills an empty database only');
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createUser } from '../support/actors.js';
import { startApp, type TestApp } from '../support/app.js';
import { Random } from '../support/random.js';
import { buildWorld, fileInquiry, type Actor, type World } from '../support/world.js';

type Status = 'submitted' | 'triaged' | 'in-progress' | 'awaiting-requester' | 'answered' | 'closed' | 'withdrawn';
type Assignment = 'none' | 'proposed' | 'accepted' | 'withdrawn';
const STATUSES: Status[] = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered', 'closed', 'withdrawn'];
const OPEN: Status[] = ['submitted', 'triaged', 'in-progress', 'awaiting-requester', 'answered'];

/** The model, written from API.md (not from the code): who may move what where. */
const MOVES: Record<'secretariat' | 'expert' | 'requester', Partial<Record<Status, Status[]>>> = {
  secretariat: {
    submitted: ['triaged', 'closed'],
    triaged: ['closed'],
    'in-progress': ['answered', 'closed'],
    'awaiting-requester': ['in-progress', 'closed'],
    answered: ['closed'],
    closed: ['triaged'],
  },
  expert: { 'in-progress': ['awaiting-requester', 'answered'] },
  requester: { submitted: ['withdrawn'], triaged: ['withdrawn'], 'in-progress': ['withdrawn'], 'awaiting-requester': ['withdrawn'], answered: ['closed', 'withdrawn'] },
};

interface Model {
  status: Status;
  assignment: Assignment;
  assignmentId: string | null;
}

/**
 * Model-based test of the workflow and of who sees what: random command sequences (seeded; SEED=n
 * replays) run against the service and against a small model; after every command the status and
 * what each person sees must agree with the model.
 */
describe('workflow and visibility against a model', () => {
  let t: TestApp;
  let w: World;
  const r = Random.fromEnv(77);
  const SEQUENCES = Number(process.env.MODEL_SEQUENCES ?? 10);
  const STEPS = Number(process.env.MODEL_STEPS ?? 30);

  beforeAll(async () => {
    // Long runs send more than the per-user limit allows in a minute; the limit is not what this tests.
    t = await startApp({ RATE_LIMIT_PER_MINUTE: '0' });
    w = await buildWorld(t);
    process.stdout.write(`model seed ${r.seed}\n`);
  });
  afterAll(() => t.close());

  it(`agrees with the model over ${SEQUENCES} random sequences of ${STEPS} commands`, async () => {
    const log: string[] = [];
    for (let s = 0; s < SEQUENCES; s++) {
      const expert: Actor = await createUser(t, w.admin, { role: 'expert' });
      const inquiry = (await fileInquiry(t, w.requester.token, { subject: `MODEL-SUBJECT ${s}` })).id as string;
      const m: Model = { status: 'submitted', assignment: 'none', assignmentId: null };
      const sec = w.secretariat.token;
      for (let step = 0; step < STEPS; step++) {
        const roll = r.int(0, 9);
        let what: string;
        if (roll <= 4) {
          const actor = r.pick(['secretariat', 'expert', 'requester'] as const);
          const to = r.pick(STATUSES);
          const token = actor === 'secretariat' ? sec : actor === 'expert' ? expert.token : w.requester.token;
          const body = actor === 'secretariat' && to === 'closed' ? { to, outcome: 'duplicate', reason: 'model' } : { to };
          const res = await t.http.post(`/api/v1/inquiries/${inquiry}/transitions`, body, token);
          what = `${actor} ${m.status}→${to}: ${res.status}`;
          const sees = actor !== 'expert' || m.assignment === 'accepted' || m.assignment === 'proposed';
          const may = actor !== 'expert' || m.assignment === 'accepted';
          const allowed = may && (MOVES[actor][m.status] ?? []).includes(to);
          const expected = !sees ? 404 : actor === 'expert' && !may ? 403 : allowed ? 200 : 409;
          if (res.status !== expected) log.push(`#${s}.${step} ${what}, expected ${expected}`);
          if (res.status === 200) m.status = to;
        } else if (roll <= 6) {
          // The secretariat proposes the expert (again); the API does not say in which statuses, so the model follows the answer.
          const res = await t.http.post(`/api/v1/inquiries/${inquiry}/assignments`, { expertId: expert.id, role: 'lead' }, sec);
          what = `propose (${m.assignment}, ${m.status}): ${res.status}`;
          if (res.status === 201) {
            m.assignment = 'proposed';
            m.assignmentId = res.body.id;
          } else if (res.status !== 409) log.push(`#${s}.${step} ${what}, expected 201 or 409`);
          if (res.status === 201 && m.assignment !== 'proposed') log.push(`#${s}.${step} ${what}`);
        } else if (roll <= 8) {
          if (!m.assignmentId) continue;
          const res = await t.http.post(`/api/v1/assignments/${m.assignmentId}/accept`, { noConflict: true }, expert.token);
          what = `accept (${m.assignment}, ${m.status}): ${res.status}`;
          const expected = m.assignment === 'proposed' ? [200, 409] : m.assignment === 'withdrawn' ? [404, 409] : [409];
          if (!expected.includes(res.status)) log.push(`#${s}.${step} ${what}, expected ${expected.join(' or ')}`);
          if (res.status === 200) {
            m.assignment = 'accepted';
            // The first accepted assignment moves triaged → in-progress.
            if (m.status === 'triaged') m.status = 'in-progress';
          }
        } else {
          if (!m.assignmentId) continue;
          const res = await t.http.delete(`/api/v1/assignments/${m.assignmentId}`, sec);
          what = `withdraw (${m.assignment}): ${res.status}`;
          if (res.status === 200) m.assignment = 'withdrawn';
          else if (m.assignment === 'proposed' || m.assignment === 'accepted') log.push(`#${s}.${step} ${what}, expected 200`);
        }
        // A requester's reply moves awaiting-requester and answered back to in-progress; on a closed one, 409.
        if (r.bool(0.2)) {
          const res = await t.http.post(`/api/v1/inquiries/${inquiry}/messages`, { body: 'model reply' }, w.requester.token);
          const expected = OPEN.includes(m.status) ? 201 : 409;
          if (res.status !== expected) log.push(`#${s}.${step} requester reply in ${m.status}: ${res.status}, expected ${expected}`);
          if (res.status === 201 && (m.status === 'awaiting-requester' || m.status === 'answered')) m.status = 'in-progress';
        }
        // Visibility after every command.
        const asSec = await t.http.get(`/api/v1/inquiries/${inquiry}`, sec);
        if (asSec.body.status !== m.status) log.push(`#${s}.${step} after ${what}: status ${asSec.body.status}, model ${m.status}`);
        const asRequester = await t.http.get(`/api/v1/inquiries/${inquiry}`, w.requester.token);
        if (asRequester.status !== 200 || !asRequester.text.includes('MODEL-SUBJECT')) log.push(`#${s}.${step} requester lost sight`);
        for (const other of [w.colleague, w.foreigner, w.expert]) {
          const res = await t.http.get(`/api/v1/inquiries/${inquiry}`, other.token);
          if (res.status !== 404 || res.text.includes('MODEL')) log.push(`#${s}.${step} an outsider got ${res.status}`);
        }
        const asExpert = await t.http.get(`/api/v1/inquiries/${inquiry}`, expert.token);
        const view = m.assignment === 'accepted' ? 'full' : m.assignment === 'proposed' ? 'summary' : 'none';
        const got = asExpert.status === 404 ? 'none' : asExpert.text.includes('MODEL-SUBJECT') ? 'full' : 'summary';
        if (got !== view) log.push(`#${s}.${step} after ${what}: expert sees ${got}, model says ${view}`);
      }
    }
    expect(log).toEqual([]);
  });
});

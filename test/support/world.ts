import { createOrganization, createUser, loginAdmin } from './actors.js';
import type { TestApp } from './app.js';

export interface Actor {
  id: string;
  email: string;
  token: string;
}

/**
 * The cast of the access tests: a requester and a colleague of one organisation (State XA), a
 * requester of another (XB), an expert and the secretariat.
 */
export interface World {
  admin: string;
  orgA: string;
  orgB: string;
  requester: Actor;
  colleague: Actor;
  foreigner: Actor;
  expert: Actor;
  secretariat: Actor;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const admin = await loginAdmin(t);
  const orgA = (await createOrganization(t, admin, 'XA')).id;
  const orgB = (await createOrganization(t, admin, 'XB')).id;
  const [requester, colleague, foreigner, expert, secretariat] = await Promise.all([
    createUser(t, admin, { role: 'requester', organizationId: orgA }),
    createUser(t, admin, { role: 'requester', organizationId: orgA, languages: ['fr'] }),
    createUser(t, admin, { role: 'requester', organizationId: orgB }),
    createUser(t, admin, { role: 'expert' }),
    createUser(t, admin, { role: 'secretariat' }),
  ]);
  return { admin, orgA, orgB, requester, colleague, foreigner, expert, secretariat };
}

let n = 0;
export function inquiryInput(overrides: Record<string, unknown> = {}) {
  n += 1;
  return {
    subject: `Safeguards in police custody, question ${n}`,
    body: `How should the first hours of custody be recorded? (${n})`,
    topics: ['police-custody-safeguards'],
    language: 'en',
    ...overrides,
  };
}

export async function fileInquiry(t: TestApp, token: string, overrides: Record<string, unknown> = {}): Promise<any> {
  const res = await t.http.post('/api/v1/inquiries', inquiryInput(overrides), token);
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${res.text}`);
  return res.body;
}

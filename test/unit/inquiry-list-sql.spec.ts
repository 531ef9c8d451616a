import { describe, expect, it } from '@jest/globals';
import { AccessPolicy } from '../../src/access/access-policy.js';
import { encodeCursor } from '../../src/common/pagination.js';
import type { Viewer } from '../../src/common/viewer.js';
import { numberedPlaceholders } from '../../src/database/raw-sql.js';
import { assembleList, type InquiryFilter } from '../../src/inquiries/inquiry-list.sql.js';

/**
 * The list query seen whole (issue 18): the SQL assembled from the access policy's visible sets,
 * the filters and the page, for each role and filter, in both dialects. A change to any of the
 * three files that build it shows in review as a change to the snapshot.
 */
const viewer = (role: Viewer['role']): Viewer => ({ userId: `${role}-id`, role, organizationId: 'org-id', sessionId: 's' });
const FILTERS: Record<string, InquiryFilter> = {
  none: {},
  statuses: { statuses: ['submitted', 'triaged'] },
  'assigned to': { assignedTo: 'expert-id' },
  'awaiting clearance': { awaitingClearance: true },
  'country, urgency, topic': { country: 'XA', urgency: 'urgent', topic: 'criminalisation' },
  overdue: { overdueAt: '2026-01-01T00:00:00.000Z' },
  words: { searchTokens: ['token-a', 'token-b'] },
  reference: { reference: 'CTI-2026-0001' },
};
const CURSOR_PAGE = { limit: 10, cursor: encodeCursor({ at: '2026-01-01T00:00:00.000Z', id: 'x' }) };

describe('the assembled list query', () => {
  const policy = new AccessPolicy();
  for (const role of ['secretariat', 'requester', 'expert'] as const) {
    for (const [name, filter] of Object.entries(FILTERS)) {
      it(`${role}, filter: ${name}`, () => {
        const shown: Record<string, unknown> = {};
        for (const postgres of [false, true]) {
          const { sets, statements } = assembleList(policy, viewer(role), filter, {}, postgres);
          const sql = (s: string) => (postgres ? numberedPlaceholders(s) : s);
          const every = sets.map((_, n) => n);
          shown[postgres ? 'postgres' : 'sqlite'] = {
            count: sql(statements.count.sql),
            countParams: statements.count.params,
            page: sql(statements.page(every).sql),
            pageParams: statements.page(every).params,
            ...(every.length > 1 ? { firstSetOnly: sql(statements.page([0]).sql) } : {}),
          };
        }
        expect(shown).toMatchSnapshot();
      });
    }
  }

  it("the secretariat's queue page: the queue's columns and its marks", () => {
    const shown: Record<string, string> = {};
    for (const postgres of [false, true]) {
      const { statements } = assembleList(policy, viewer('secretariat'), { statuses: ['in-progress'] }, {}, postgres, true);
      const page = statements.page([0]).sql;
      shown[postgres ? 'postgres' : 'sqlite'] = postgres ? numberedPlaceholders(page) : page;
      // Nothing the queue does not show: not the owner's ids, the tags, the version, the body.
      for (const column of ['requesterId', 'organizationId', 'tags', 'version', 'bodySealed']) expect(page).not.toContain(`"${column}"`);
    }
    expect(shown).toMatchSnapshot();
  });

  it('from a cursor', () => {
    const { statements } = assembleList(policy, viewer('secretariat'), {}, CURSOR_PAGE, false);
    expect(statements.page([0])).toMatchSnapshot();
  });
});

import { describe, expect, it } from '@jest/globals';
import { acknowledgeBy, answerDue, milestonesOnMove, slaOnMove } from '../../src/inquiries/sla.js';
import type { Inquiry } from '../../src/inquiries/inquiry.entity.js';

const terms = { ackWorkingDays: 2, answerDays: 30 };

describe('SLA arithmetic', () => {
  it('counts working days for the acknowledgement, skipping the weekend', () => {
    expect(acknowledgeBy('2026-11-26T10:00:00.000Z', 2)).toBe('2026-11-30T10:00:00.000Z'); // Thursday → Monday
    expect(acknowledgeBy('2026-11-23T10:00:00.000Z', 2)).toBe('2026-11-25T10:00:00.000Z'); // Monday → Wednesday
    expect(acknowledgeBy('2026-11-28T10:00:00.000Z', 1)).toBe('2026-11-30T10:00:00.000Z'); // Saturday → Monday
  });

  it('defaults the answer to 30 days after intake, or the due date set at triage, plus the paused time', () => {
    expect(answerDue({ createdAt: '2026-01-01T00:00:00.000Z', dueAt: null, pausedSeconds: 0 }, terms)).toBe('2026-01-31T00:00:00.000Z');
    expect(answerDue({ createdAt: '2026-01-01T00:00:00.000Z', dueAt: '2026-01-10T00:00:00.000Z', pausedSeconds: 3600 }, terms)).toBe('2026-01-10T01:00:00.000Z');
  });

  it('stops the clock while the requester is awaited and moves the due moment by the wait', () => {
    const i = { createdAt: '2026-01-01T00:00:00.000Z', dueAt: '2026-01-10T00:00:00.000Z', pausedSeconds: 0, awaitingSince: null } as Inquiry;
    const paused = slaOnMove(i, 'in-progress', 'awaiting-requester', '2026-01-05T00:00:00.000Z', terms);
    expect(paused).toEqual({ awaitingSince: '2026-01-05T00:00:00.000Z' });
    const resumed = slaOnMove({ ...i, ...paused }, 'awaiting-requester', 'in-progress', '2026-01-07T00:00:00.000Z', terms);
    expect(resumed).toEqual({ awaitingSince: null, pausedSeconds: 2 * 86400, slaDueAt: '2026-01-12T00:00:00.000Z' });
    expect(slaOnMove(i, 'submitted', 'triaged', '2026-01-02T00:00:00.000Z', terms)).toEqual({});
  });

  it('notes the milestones the reports read: acknowledged once, closed at the end, open again when reopened', () => {
    const at = '2026-01-02T00:00:00.000Z';
    expect(milestonesOnMove({ acknowledgedAt: null }, 'submitted', 'triaged', at)).toEqual({ acknowledgedAt: at });
    expect(milestonesOnMove({ acknowledgedAt: null }, 'submitted', 'closed', at)).toEqual({ acknowledgedAt: at, closedAt: at });
    expect(milestonesOnMove({ acknowledgedAt: null }, 'submitted', 'withdrawn', at)).toEqual({ closedAt: at });
    expect(milestonesOnMove({ acknowledgedAt: at }, 'answered', 'closed', at)).toEqual({ closedAt: at });
    expect(milestonesOnMove({ acknowledgedAt: at }, 'closed', 'triaged', at)).toEqual({ closedAt: null });
    expect(milestonesOnMove({ acknowledgedAt: at }, 'in-progress', 'answered', at)).toEqual({});
  });
});

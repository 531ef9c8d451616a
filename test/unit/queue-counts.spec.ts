import { describe, expect, it } from '@jest/globals';
import { queueCountsOf } from '../../src/inquiries/inquiry.repository.js';

/**
 * The queue's counts as PostgreSQL reads them with the page (InquiryRepository.queue): one text of
 * whole numbers, each status's kept count (in STATUSES' order), then the running inquiries due from
 * now on, those without a due moment, and the open ones with a reply waiting for clearance.
 * Anything else is not read as counts (null: the repository counts again on its own) rather than
 * failing the page or showing a wrong number.
 */
describe("the queue's counts read with its page", () => {
  it('reads each status, the overdue (running less those due later or undated) and the clearance', () => {
    // submitted 5, triaged 0, in-progress 7, awaiting-requester 2, answered 1, closed 9, withdrawn 0; 3 due later, 1 undated, 4 waiting.
    const counts = queueCountsOf('5,0,7,2,1,9,0,3,1,4');
    expect(counts).not.toBeNull();
    expect(Object.fromEntries(counts!.byStatus)).toEqual({ submitted: 5, 'in-progress': 7, 'awaiting-requester': 2, answered: 1, closed: 9 });
    expect(counts!.overdue).toBe(5 + 7 - 3 - 1);
    expect(counts!.clearance).toBe(4);
  });

  it('never counts fewer than no overdue', () => {
    expect(queueCountsOf('1,0,0,0,0,0,0,2,0,0')!.overdue).toBe(0);
  });

  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a number', 5],
    ['an empty text', ''],
    ['one count too few', '5,0,7,2,1,9,0,3,1'],
    ['one count too many', '5,0,7,2,1,9,0,3,1,4,4'],
    ['a negative count', '5,0,-7,2,1,9,0,3,1,4'],
    ['a fraction', '5,0,7.5,2,1,9,0,3,1,4'],
    ['an empty count', '5,,7,2,1,9,0,3,1,4'],
    ['words', 'submitted,0,7,2,1,9,0,3,1,4'],
    ['spaces', '5, 0,7,2,1,9,0,3,1,4'],
  ])('reads %s as no counts', (_, text) => {
    expect(queueCountsOf(text)).toBeNull();
  });
});

import { describe, expect, it } from '@jest/globals';
import { rankExperts, type Candidate } from '../../src/experts/scoring.js';
import { regionsOf } from '../../src/experts/regions.js';

const needs = { topics: ['police-custody-safeguards', 'detention-conditions'], language: 'fr', country: 'SN', regions: regionsOf('SN') };

const expert = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  name: id,
  topics: [],
  languages: [],
  regions: [],
  conflictCountries: [],
  maxActive: 3,
  available: true,
  activeLoad: 0,
  ...over,
});

describe('rankExperts', () => {
  it('puts the primary-topic fit before the secondary one, and language and region break ties', () => {
    const ranked = rankExperts(needs, [
      expert('secondary', { topics: ['detention-conditions'], languages: ['fr'], regions: ['africa'] }),
      expert('primary', { topics: ['police-custody-safeguards'] }),
      expert('primary-fr', { topics: ['police-custody-safeguards'], languages: ['fr'] }),
      expert('nothing'),
    ]);
    expect(ranked.map((s) => s.expert.id)).toEqual(['primary-fr', 'primary', 'secondary', 'nothing']);
    expect(ranked[0].reasons).toEqual(['primary topic: police-custody-safeguards', 'works in fr', 'load 0 of 3']);
    expect(ranked[2].reasons).toContain('knows the region: africa');
  });

  it('prefers the less loaded of two equal experts', () => {
    const ranked = rankExperts(needs, [
      expert('busy', { topics: ['police-custody-safeguards'], activeLoad: 2 }),
      expert('free', { topics: ['police-custody-safeguards'], activeLoad: 0 }),
    ]);
    expect(ranked.map((s) => s.expert.id)).toEqual(['free', 'busy']);
  });

  it('lists a conflicted expert last with the conflict named, after the unavailable and the full ones, never dropping anyone', () => {
    const best = { topics: ['police-custody-safeguards', 'detention-conditions'], languages: ['fr'], regions: ['africa'] };
    const ranked = rankExperts(needs, [
      expert('conflicted', { ...best, conflictCountries: ['SN'] }),
      expert('unavailable', { ...best, available: false }),
      expert('full', { ...best, activeLoad: 3 }),
      expert('plain'),
    ]);
    expect(ranked.map((s) => s.expert.id)).toEqual(['plain', 'full', 'unavailable', 'conflicted']);
    expect(ranked[3].conflicts[0]).toBe('conflict of interest with SN');
    expect(ranked[3].conflictOfInterest).toBe(true);
    expect(ranked[2].conflicts).toEqual(['marked unavailable']);
    expect(ranked[1].conflicts).toEqual(['at capacity: 3 of 3 active']);
    expect(ranked[0].conflictOfInterest).toBe(false);
  });

  it('knows the regions of real and fictional States', () => {
    expect(regionsOf('FJ')).toEqual(['asia-pacific', 'pacific']);
    expect(regionsOf('JM')).toEqual(['americas', 'caribbean']);
    expect(regionsOf('MA')).toEqual(['africa', 'mena']);
    expect(regionsOf('XA')).toEqual(['africa']);
    expect(regionsOf('XB')).toEqual(['asia-pacific']);
  });
});

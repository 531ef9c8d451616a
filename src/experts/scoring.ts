import type { Region } from './regions.js';

export interface InquiryNeeds {
  topics: string[];
  language: string;
  country: string;
  regions: Region[];
}

export interface Candidate {
  id: string;
  name: string;
  topics: string[];
  languages: string[];
  regions: string[];
  conflictCountries: string[];
  maxActive: number;
  available: boolean;
  activeLoad: number;
}

export interface Suggestion {
  expert: { id: string; name: string };
  score: number;
  reasons: string[];
  conflicts: string[];
  /** A conflict of interest with the inquiry's State: assigning needs an override. */
  conflictOfInterest: boolean;
}

/**
 * Ranks candidates for one inquiry. Fit adds points (the primary topic outweighs everything else,
 * then secondary topics, language, region, spare capacity); anything that stands against an expert
 * is named and sends it down a tier: free experts first, then those at capacity, then those marked
 * unavailable, then those with a conflict of interest. Nobody is dropped.
 */
export function rankExperts(needs: InquiryNeeds, candidates: Candidate[]): Suggestion[] {
  return candidates
    .map((c) => score(needs, c))
    .sort((a, b) => a.tier - b.tier || b.s.score - a.s.score || a.s.expert.name.localeCompare(b.s.expert.name) || a.s.expert.id.localeCompare(b.s.expert.id))
    .map((x) => x.s);
}

function score(needs: InquiryNeeds, c: Candidate): { tier: number; s: Suggestion } {
  const reasons: string[] = [];
  const conflicts: string[] = [];
  let points = 0;
  const [primary, ...secondary] = needs.topics;
  if (primary && c.topics.includes(primary)) {
    points += 60;
    reasons.push(`primary topic: ${primary}`);
  }
  for (const topic of secondary.filter((t) => c.topics.includes(t))) {
    points += 15;
    reasons.push(`secondary topic: ${topic}`);
  }
  if (c.languages.includes(needs.language)) {
    points += 20;
    reasons.push(`works in ${needs.language}`);
  }
  const region = needs.regions.find((r) => c.regions.includes(r));
  if (region) {
    points += 10;
    reasons.push(`knows the region: ${region}`);
  }
  const atCapacity = c.activeLoad >= c.maxActive;
  if (!atCapacity) {
    points += Math.round(10 * (1 - c.activeLoad / Math.max(c.maxActive, 1)));
    reasons.push(`load ${c.activeLoad} of ${c.maxActive}`);
  } else {
    conflicts.push(`at capacity: ${c.activeLoad} of ${c.maxActive} active`);
  }
  if (!c.available) conflicts.push('marked unavailable');
  const conflictOfInterest = c.conflictCountries.includes(needs.country);
  if (conflictOfInterest) conflicts.unshift(`conflict of interest with ${needs.country}`);
  const tier = conflictOfInterest ? 3 : !c.available ? 2 : atCapacity ? 1 : 0;
  return { tier, s: { expert: { id: c.id, name: c.name }, score: points, reasons, conflicts, conflictOfInterest } };
}

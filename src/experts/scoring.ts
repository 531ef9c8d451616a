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

/** Why an expert fits or stands against, as a stable code with its values (the pages translate it). */
export type SuggestionReason =
  | { code: 'primary-topic' | 'secondary-topic'; params: { topic: string } }
  | { code: 'language'; params: { language: string } }
  | { code: 'region'; params: { region: string } }
  | { code: 'load' | 'at-capacity'; params: { load: number; max: number } }
  | { code: 'unavailable'; params: Record<string, never> }
  | { code: 'conflict-of-interest'; params: { country: string } };

/** The English sentence of a reason, for the API's `reasons` and `conflicts` (kept as they were). */
export function reasonText(r: SuggestionReason): string {
  switch (r.code) {
    case 'primary-topic':
      return `primary topic: ${r.params.topic}`;
    case 'secondary-topic':
      return `secondary topic: ${r.params.topic}`;
    case 'language':
      return `works in ${r.params.language}`;
    case 'region':
      return `knows the region: ${r.params.region}`;
    case 'load':
      return `load ${r.params.load} of ${r.params.max}`;
    case 'at-capacity':
      return `at capacity: ${r.params.load} of ${r.params.max} active`;
    case 'unavailable':
      return 'marked unavailable';
    case 'conflict-of-interest':
      return `conflict of interest with ${r.params.country}`;
  }
}

export interface Suggestion {
  expert: { id: string; name: string };
  score: number;
  reasons: string[];
  conflicts: string[];
  reasonCodes: SuggestionReason[];
  conflictCodes: SuggestionReason[];
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
  const reasons: SuggestionReason[] = [];
  const conflicts: SuggestionReason[] = [];
  let points = 0;
  const [primary, ...secondary] = needs.topics;
  if (primary && c.topics.includes(primary)) {
    points += 60;
    reasons.push({ code: 'primary-topic', params: { topic: primary } });
  }
  for (const topic of secondary.filter((t) => c.topics.includes(t))) {
    points += 15;
    reasons.push({ code: 'secondary-topic', params: { topic } });
  }
  if (c.languages.includes(needs.language)) {
    points += 20;
    reasons.push({ code: 'language', params: { language: needs.language } });
  }
  const region = needs.regions.find((r) => c.regions.includes(r));
  if (region) {
    points += 10;
    reasons.push({ code: 'region', params: { region } });
  }
  const atCapacity = c.activeLoad >= c.maxActive;
  if (!atCapacity) {
    points += Math.round(10 * (1 - c.activeLoad / Math.max(c.maxActive, 1)));
    reasons.push({ code: 'load', params: { load: c.activeLoad, max: c.maxActive } });
  } else {
    conflicts.push({ code: 'at-capacity', params: { load: c.activeLoad, max: c.maxActive } });
  }
  if (!c.available) conflicts.push({ code: 'unavailable', params: {} });
  const conflictOfInterest = c.conflictCountries.includes(needs.country);
  if (conflictOfInterest) conflicts.unshift({ code: 'conflict-of-interest', params: { country: needs.country } });
  const tier = conflictOfInterest ? 3 : !c.available ? 2 : atCapacity ? 1 : 0;
  const s = {
    expert: { id: c.id, name: c.name },
    score: points,
    reasons: reasons.map(reasonText),
    conflicts: conflicts.map(reasonText),
    reasonCodes: reasons,
    conflictCodes: conflicts,
    conflictOfInterest,
  };
  return { tier, s };
}

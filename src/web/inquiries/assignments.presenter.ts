import type { AssignmentView } from '../../experts/assignment.view.js';
import type { Suggestion } from '../../experts/scoring.js';
import { LANGUAGE_NAMES, type WebI18n, type WebLanguage } from '../i18n.js';

/** The experts a page names besides the suggestions (which carry their own): those already assigned. */
export const assignedExpertIds = (assigned: AssignmentView[], suggestions: Suggestion[]): string[] => {
  const named = new Set(suggestions.map((s) => s.expert.id));
  return assigned.map((a) => a.expertId).filter((id) => !named.has(id));
};

/** The assignment panel of the secretariat: the ranked suggestions in the page's language, the experts on it by name. */
export function assignmentsView(
  i18n: WebI18n,
  lang: WebLanguage,
  suggestions: Suggestion[],
  assigned: AssignmentView[],
  names: Map<string, string>,
  topicLabels: Record<string, string>,
): Record<string, unknown> {
  const byId = new Map([...names, ...suggestions.map((s) => [s.expert.id, s.expert.name] as const)]);
  // An expert still on the inquiry (its assignment can be withdrawn) cannot be proposed again.
  const standing = new Set(assigned.filter((a) => a.viewerCan.withdraw).map((a) => a.expertId));
  return {
    suggestions: suggestions.map((s) => ({
      ...s,
      standing: standing.has(s.expert.id),
      reasons: s.reasons.map((r) => suggestionReason(i18n, lang, r, topicLabels)),
      conflicts: s.conflicts.map((r) => suggestionReason(i18n, lang, r, topicLabels)),
    })),
    assigned: assigned.map((a) => ({ ...a, name: byId.get(a.expertId) ?? a.expertId })),
  };
}

/** A reason or conflict of the ranking (which names them in English) in the page's language. */
export function suggestionReason(i18n: WebI18n, lang: WebLanguage, text: string, topicLabels: Record<string, string>): string {
  const rules: Array<[RegExp, string, (m: RegExpMatchArray) => Record<string, string>]> = [
    [/^primary topic: (.+)$/, 'suggest.primaryTopic', (m) => ({ topic: i18n.topic(lang, m[1], topicLabels[m[1]]) })],
    [/^secondary topic: (.+)$/, 'suggest.secondaryTopic', (m) => ({ topic: i18n.topic(lang, m[1], topicLabels[m[1]]) })],
    [/^works in (\w+)$/, 'suggest.language', (m) => ({ language: LANGUAGE_NAMES[m[1] as WebLanguage] ?? m[1] })],
    [/^knows the region: (.+)$/, 'suggest.region', (m) => ({ region: i18n.t(lang, `region.${m[1]}`) })],
    [/^load (\d+) of (\d+)$/, 'suggest.load', (m) => ({ load: m[1], max: m[2] })],
    [/^at capacity: (\d+) of (\d+) active$/, 'suggest.atCapacity', (m) => ({ load: m[1], max: m[2] })],
    [/^marked unavailable$/, 'suggest.unavailable', () => ({})],
    [/^conflict of interest with (\w+)$/, 'suggest.conflict', (m) => ({ country: i18n.country(lang, m[1]) })],
  ];
  for (const [pattern, key, params] of rules) {
    const m = text.match(pattern);
    if (m) return i18n.t(lang, key, params(m));
  }
  return text;
}

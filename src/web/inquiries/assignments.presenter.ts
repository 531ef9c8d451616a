import type { AssignmentView } from '../../experts/assignment.view.js';
import type { Suggestion, SuggestionReason } from '../../experts/scoring.js';
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
      // Its proposal form's name (FormState.name), for a refused proposal shown again.
      formName: `assign-${s.expert.id}`,
      reasons: s.reasonCodes.map((r) => suggestionReason(i18n, lang, r, topicLabels)),
      conflicts: s.conflictCodes.map((r) => suggestionReason(i18n, lang, r, topicLabels)),
    })),
    assigned: assigned.map((a) => ({ ...a, name: byId.get(a.expertId) ?? a.expertId })),
  };
}

const REASON_KEYS: Record<SuggestionReason['code'], string> = {
  'primary-topic': 'suggest.primaryTopic',
  'secondary-topic': 'suggest.secondaryTopic',
  language: 'suggest.language',
  region: 'suggest.region',
  load: 'suggest.load',
  'at-capacity': 'suggest.atCapacity',
  unavailable: 'suggest.unavailable',
  'conflict-of-interest': 'suggest.conflict',
};

/** A reason or conflict of the ranking, from its code, in the page's language (its topic, language, region or State named there too). */
export function suggestionReason(i18n: WebI18n, lang: WebLanguage, r: SuggestionReason, topicLabels: Record<string, string>): string {
  const p = r.params as Record<string, string | number>;
  const named: Record<string, string | number> = { ...p };
  if (typeof p.topic === 'string') named.topic = i18n.topic(lang, p.topic, topicLabels[p.topic]);
  if (typeof p.language === 'string') named.language = LANGUAGE_NAMES[p.language as WebLanguage] ?? p.language;
  if (typeof p.region === 'string') named.region = i18n.t(lang, `region.${p.region}`);
  if (typeof p.country === 'string') named.country = i18n.country(lang, p.country);
  return i18n.t(lang, REASON_KEYS[r.code], named);
}

import { describe, expect, it } from '@jest/globals';
import { CONSENT_STATUSES, ENTRY_STATUSES } from '../../src/common/knowledge-status.js';
import { findTerms, identifyingTerms } from '../../src/knowledge/identifier-scan.js';
import { loadCatalogue, WEB_LANGUAGES } from '../../src/web/i18n.js';

describe('the knowledge base', () => {
  it.each(WEB_LANGUAGES)('names every entry status and consent status in %s', (lang) => {
    const catalogue = loadCatalogue(lang);
    const needed = [...ENTRY_STATUSES.map((s) => `knowledge.status.${s}`), ...CONSENT_STATUSES.map((s) => `knowledge.consent.status.${s}`)];
    expect(needed.filter((k) => !catalogue[k])).toEqual([]);
  });

  it("scans for the State's names in five languages, the organisation and the requester, as whole words without diacritics", () => {
    const terms = identifyingTerms({ country: 'CI', organizationName: 'Ministère de la Justice', requesterName: 'Amina Diallo' });
    expect(terms).toEqual(expect.arrayContaining(['cote d ivoire', 'ministere de la justice', 'amina diallo']));
    expect(findTerms('La Côte d’Ivoire a adopté une loi', terms)).toEqual(['cote d ivoire']);
    expect(findTerms('Le MINISTÈRE DE LA JUSTICE a répondu', terms)).toEqual(['ministere de la justice']);
    expect(findTerms('ساحل العاج', terms)).toEqual(['ساحل العاج']);
    // A word that merely contains a name is not a hit; two-letter forms ("US") are not scanned.
    expect(findTerms('Diallonke customs', terms)).toEqual([]);
    expect(identifyingTerms({ country: 'US', organizationName: 'Org', requesterName: 'Ann Lee' })).not.toContain('us');
    // A fictional State (XA) has no names: only the organisation and the requester are scanned.
    expect(identifyingTerms({ country: 'XA', organizationName: 'Ministry 7', requesterName: 'Test requester' })).toEqual(['ministry 7', 'test requester']);
  });
});

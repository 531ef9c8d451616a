import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import countries from 'i18n-iso-countries';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countryDataPath, readCountryFile } from '../../migrations/data/country-data.js';

const file = readCountryFile();
const byCode = new Map(file.countries.map((c) => [c.code, c]));
const get = (code: string) => byCode.get(code)!;
const real = file.countries.filter((c) => c.m49 !== null);
const parties = real.filter((c) => c.uncatStatus === 'state-party');

describe('country reference data (src/countries/data/countries.json)', () => {
  it('follows its JSON schema', () => {
    const schema = JSON.parse(readFileSync(join(countryDataPath(), '..', 'countries.schema.json'), 'utf8')) as object;
    const ajv = new Ajv({ allErrors: true });
    addFormats.default(ajv);
    const valid = ajv.validate(schema, file);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('holds the 193 Member States, the two observer States and XA–XZ, each once, with their ISO and M49 codes', () => {
    expect(byCode.size).toBe(file.countries.length);
    expect(file.countries.filter((c) => c.unMember)).toHaveLength(193);
    expect(
      file.countries
        .filter((c) => !c.unMember && !c.code.startsWith('X'))
        .map((c) => c.code)
        .sort(),
    ).toEqual(['PS', 'VA']);
    expect(file.countries.filter((c) => c.code.startsWith('X'))).toHaveLength(26);
    for (const c of file.countries.filter((x) => !x.code.startsWith('X'))) {
      expect([c.code, c.alpha3, c.m49]).toEqual([c.code, countries.alpha2ToAlpha3(c.code), countries.alpha2ToNumeric(c.code)]);
      expect(c.m49Region).not.toBeNull();
    }
    expect(real.filter((c) => c.unRegionalGroup === 'african')).toHaveLength(54);
    expect(real.filter((c) => c.unRegionalGroup === 'eastern-european')).toHaveLength(23);
    expect(real.filter((c) => c.unRegionalGroup === 'grulac')).toHaveLength(33);
  });

  it('is dated, and counts the UNCAT States parties the sources count around that date (173 in January 2024)', () => {
    expect(file.asOf).toBe('2023-12-31');
    expect(parties).toHaveLength(173);
    // Every date given is not after the file's date.
    for (const c of file.countries) if (c.uncatDate) expect(c.uncatDate <= file.asOf).toBe(true);
  });

  it('has right, as of its date, the States whose status the research names', () => {
    // Sudan ratified in August 2021.
    expect([get('SD').uncatStatus, get('SD').uncatDate?.slice(0, 7)]).toEqual(['state-party', '2021-08']);
    // Brunei signed in September 2015 and had not ratified.
    expect([get('BN').uncatStatus, get('BN').uncatDate?.slice(0, 7)]).toEqual(['signatory', '2015-09']);
    // Malaysia, Singapore and Myanmar were still not parties in January 2024.
    for (const code of ['MY', 'SG', 'MM']) expect(get(code).uncatStatus).toBe('no-action');
    // Viet Nam ratified in 2015: after it, four ASEAN States remained outside.
    expect([get('VN').uncatStatus, get('VN').uncatDate?.slice(0, 4)]).toEqual(['state-party', '2015']);
    const asean = real.filter((c) => c.tags.includes('asean'));
    expect(asean).toHaveLength(10);
    expect(
      asean
        .filter((c) => c.uncatStatus !== 'state-party')
        .map((c) => c.code)
        .sort(),
    ).toEqual(['BN', 'MM', 'MY', 'SG']);
    // The 2018 guide's signatories: Angola (ratified in 2019) and Sudan since ratified; Haiti, India and Palau not yet.
    for (const code of ['HT', 'IN', 'PW']) expect(get(code).uncatStatus).toBe('signatory');
    expect([get('AO').uncatStatus, get('AO').uncatDate?.slice(0, 4)]).toEqual(['state-party', '2019']);
    // Common-law Africa (the report's eight): all parties but Zimbabwe.
    const commonLaw = real.filter((c) => c.tags.includes('common-law-africa'));
    expect(commonLaw.map((c) => c.code).sort()).toEqual(['GH', 'GM', 'KE', 'NG', 'SD', 'UG', 'ZA', 'ZW']);
    expect(commonLaw.filter((c) => c.uncatStatus !== 'state-party').map((c) => c.code)).toEqual(['ZW']);
    // Ten Caribbean non-parties in 2017; since then the Bahamas, Grenada, Saint Lucia and Suriname joined.
    const caribbeanOutside = real.filter((c) => c.tags.includes('caribbean') && c.uncatStatus !== 'state-party').map((c) => c.code);
    expect(caribbeanOutside.sort()).toEqual(['BB', 'DM', 'HT', 'JM', 'KN', 'TT']);
    // Kiribati: Asia-Pacific in the current DGACM list, to verify (flagged).
    expect(get('KI').unRegionalGroup).toBe('asia-pacific');
    expect(get('KI').uncertain).toContain('unRegionalGroup');
  });

  it('marks as uncertain every figure it does not give from a checked source', () => {
    for (const c of file.countries) {
      if (c.uncatStatus === 'state-party' && c.uncatDate === null && c.m49 !== null) expect(c.uncertain).toContain('uncatDate');
      if (c.npmDesignated === null && c.m49 !== null) expect(c.uncertain).toContain('npmDesignated');
    }
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type TreatyStatus = 'state-party' | 'signatory' | 'no-action';

/** One State as src/countries/data/countries.json describes it (the JSON schema beside it says the same). */
export interface CountryRecord {
  code: string;
  alpha3: string | null;
  m49: string | null;
  name: string;
  unMember: boolean;
  unRegionalGroup: string | null;
  m49Region: string | null;
  m49Subregion: string | null;
  m49IntermediateRegion: string | null;
  tags: string[];
  uncatStatus: TreatyStatus;
  uncatDate: string | null;
  art20OptOut: boolean | null;
  art21Declared: boolean | null;
  art22Declared: boolean | null;
  opcatStatus: TreatyStatus;
  npmDesignated: boolean | null;
  /** Fields not yet verified against the sources (null there means unknown). */
  uncertain: string[];
}

export interface CountryFile {
  asOf: string;
  sources: string[];
  note: string;
  countries: CountryRecord[];
}

/**
 * The shipped country reference data, read from the source tree (compiled code runs from dist and
 * tests from the sources: both walk up to the package root), so nothing is copied at build time.
 */
export function countryDataPath(from: string = import.meta.dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const file = join(dir, 'src', 'countries', 'data', 'countries.json');
    if (existsSync(join(dir, 'package.json')) && existsSync(file)) return file;
    if (dirname(dir) === dir) throw new Error(`countries.json not found above ${from}`);
  }
}

export function readCountryFile(path = countryDataPath()): CountryFile {
  return JSON.parse(readFileSync(path, 'utf8')) as CountryFile;
}

/**
 * Regions for matching experts to inquiries: the UN M49 continents as CTI groups its work, with
 * the sub-regions it runs seminars for (Caribbean, Pacific, ASEAN). A country may be in several.
 * The user-assigned codes XA–XZ (fictional States of demo and test data) are spread over the
 * five broad regions in turn.
 */
export const REGIONS = ['africa', 'americas', 'asia-pacific', 'europe', 'mena', 'caribbean', 'pacific', 'asean'] as const;
export type Region = (typeof REGIONS)[number];

const MEMBERS: Record<Region, string> = {
  africa:
    'DZ EG LY MA SD TN EH AO BJ BW BF BI CV CM CF TD KM CG CD CI DJ GQ ER SZ ET GA GM GH GN GW KE LS LR MG MW ML MR MU YT MZ NA NE NG RE RW SH ST SN SC SL SO ZA SS TZ TG UG ZM ZW',
  mena: 'DZ EG LY MA SD TN EH BH IQ JO KW LB OM PS QA SA SY AE YE IL IR',
  americas: 'AI AG AR AW BS BB BZ BM BO BQ BR VG CA KY CL CO CR CU CW DM DO EC SV FK GF GL GD GP GT GY HT HN JM MQ MX MS NI PA PY PE PR BL KN LC MF PM VC SX SR TT TC US UY VE VI',
  caribbean: 'AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC VI BZ GY SR',
  'asia-pacific':
    'AF AM AZ BD BT BN KH CN CY GE HK IN ID JP KZ KG LA MO MY MV MN MM NP KP PK PH KR SG LK TW TJ TH TL TM UZ VN AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF',
  pacific: 'AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV UM VU WF',
  asean: 'BN KH ID LA MY MM PH SG TH VN TL',
  europe: 'AX AL AD AT BY BE BA BG HR CZ DK EE FO FI FR DE GI GR GG VA HU IS IE IM IT JE XK LV LI LT LU MT MD MC ME NL MK NO PL PT RO RU SM RS SK SI ES SJ SE CH UA GB TR',
};

const BROAD: Region[] = ['africa', 'asia-pacific', 'americas', 'europe', 'mena'];

const BY_COUNTRY = new Map<string, Region[]>();
for (const region of REGIONS) {
  for (const code of MEMBERS[region].split(' ')) BY_COUNTRY.set(code, [...(BY_COUNTRY.get(code) ?? []), region]);
}

export function regionsOf(country: string): Region[] {
  if (/^X[A-Z]$/.test(country) && country !== 'XK') return [BROAD[(country.charCodeAt(1) - 65) % BROAD.length]];
  return BY_COUNTRY.get(country) ?? [];
}

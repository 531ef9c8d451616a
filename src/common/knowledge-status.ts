/** Where a knowledge entry and a publication consent stand: read by the access policy and by the knowledge module. */
export const ENTRY_STATUSES = ['draft', 'submitted', 'published', 'unpublished', 'withdrawn'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export const CONSENT_STATUSES = ['asked', 'given', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

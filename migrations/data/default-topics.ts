/** The default taxonomy (shared/domain/topics.json), seeded by the Inquiries migration. */
export const DEFAULT_TOPICS: ReadonlyArray<{ slug: string; group: string; label: string; covers: string }> = [
  {
    slug: 'ratification-process',
    group: 'ratification',
    label: 'Ratification / accession procedure',
    covers: 'Signature and ratification vs accession; instrument of full powers; deposit with the UN Secretary-General; entry into force after 30 days (Arts 25–27)',
  },
  {
    slug: 'reservations-declarations',
    group: 'ratification',
    label: 'Reservations and declarations',
    covers:
      "Art 28 opt-out from the Art 20 inquiry; Art 21 (inter-State) and Art 22 (individual complaints) declarations; withdrawal later. Example: the Maldives' Art 22 declaration in 2019",
  },
  {
    slug: 'ratification-benefits-capacity',
    group: 'ratification',
    label: 'Benefits, costs and capacity impact of joining',
    covers: 'Cabinet submissions; human and technical capacity of small administrations; the reporting burden',
  },
  {
    slug: 'opcat-npm',
    group: 'prevention',
    label: 'OPCAT and National Preventive Mechanisms',
    covers: 'OPCAT ratification; designating an NPM (OPCAT Art 17, within one year); NPM mandate and independence; working with the SPT',
  },
  {
    slug: 'legislation-definition-criminalisation',
    group: 'prohibition',
    label: 'Definition and criminalisation of torture',
    covers:
      'Separate offence using all elements of Art 1; penalties in line with gravity (the Committee recommends at least 6 years); modes of liability such as attempt, complicity and acquiescence (Art 4); absolute prohibition; no superior-orders defence (Art 2)',
  },
  {
    slug: 'legislative-review-drafting',
    group: 'prohibition',
    label: 'Review of national laws / drafting an anti-torture bill',
    covers: 'Gap analysis of criminal, evidence, extradition, immigration, police, prison and military laws; model clauses; country notes',
  },
  {
    slug: 'exclusionary-rule',
    group: 'prohibition',
    label: 'Excluding evidence obtained by torture',
    covers: 'Art 15; extension to evidence obtained by cruel, inhuman or degrading treatment; burden of proof; the role of judges, prosecutors and doctors',
  },
  {
    slug: 'non-refoulement',
    group: 'prohibition',
    label: 'Non-refoulement',
    covers: 'Art 3; individual risk assessment; procedural safeguards in removal, extradition and asylum; diplomatic assurances',
  },
  {
    slug: 'national-strategy',
    group: 'prevention',
    label: 'National anti-torture strategy / action plan',
    covers: 'Art 2 "effective measures"; stand-alone or part of a human-rights national action plan; links to the SDGs; federal States',
  },
  {
    slug: 'police-custody-safeguards',
    group: 'prevention',
    label: 'Safeguards in the first hours of police custody',
    covers: 'Arts 2, 11, 16; lawful, recorded places of detention; notifying family; prompt access to a lawyer and to an independent doctor; custody registers',
  },
  {
    slug: 'policing-arrest-use-of-force',
    group: 'prevention',
    label: 'Policing: stop and search, arrest, use of force, assemblies',
    covers: 'Human-rights-compliant policing; policing of assemblies; excessive force',
  },
  {
    slug: 'investigative-interviewing',
    group: 'review-of-procedures',
    label: 'Investigative (non-coercive) interviewing',
    covers: 'Art 11; moving from confession-based to rapport-based interviewing; recording; the **Méndez Principles**',
  },
  {
    slug: 'detention-conditions',
    group: 'prevention',
    label: 'Prisons and other places of detention',
    covers: 'Art 16 conditions; overcrowding and decongestion (Covid-19); women and children in detention',
  },
  {
    slug: 'training-law-enforcement',
    group: 'training',
    label: 'Training of law-enforcement, prison, medical and other staff',
    covers: 'Art 10 (education and instructions); curricula; training of trainers',
  },
  {
    slug: 'vulnerable-groups-gender',
    group: 'prevention',
    label: 'Vulnerable persons and gender perspectives',
    covers: 'Extra safeguards for children, women, persons with disabilities, LGBTI persons and others at higher risk',
  },
  {
    slug: 'complaints-investigations',
    group: 'investigation',
    label: 'Complaints mechanisms and prompt, impartial investigations',
    covers: 'Arts 12–13; independent investigative bodies; protecting complainants',
  },
  {
    slug: 'prosecution-accountability',
    group: 'investigation',
    label: 'Prosecution, punishment and accountability',
    covers: 'Arts 4–7; prosecutorial policy; sentencing; closing the gap between law and practice',
  },
  {
    slug: 'extradition-jurisdiction',
    group: 'cooperation',
    label: 'Jurisdiction, extradition and mutual legal assistance',
    covers: 'Arts 5–9; UNCAT as the legal basis for extradition (Art 8(2)); *aut dedere aut judicare* (Art 7); mutual judicial and consular assistance',
  },
  {
    slug: 'redress-rehabilitation',
    group: 'redress',
    label: 'Redress, compensation and rehabilitation',
    covers: 'Art 14; CAT General Comment 3; funding models; State and NGO service providers',
  },
  {
    slug: 'cat-reporting',
    group: 'reporting',
    label: 'Reporting to the Committee against Torture',
    covers:
      'Art 19; initial report **within one year**, then **every four years**; **simplified reporting procedure** (LOIPR); constructive dialogue over two half-days, which can be by video conference',
  },
  {
    slug: 'cat-follow-up',
    group: 'reporting',
    label: 'Follow-up to concluding observations',
    covers: "The Committee's follow-up procedure (selected recommendations within one year); national coordination of implementation",
  },
  {
    slug: 'nhri-npm-role',
    group: 'reporting',
    label: 'Role of NHRIs / NPMs in UNCAT processes',
    covers: 'NHRI independence (Paris Principles); submitting information to CAT; CAT meets NGOs, NHRIs and NPMs before the State dialogue',
  },
  { slug: 'upr-commitments', group: 'cross-cutting', label: 'Implementing UPR commitments on UNCAT/OPCAT', covers: 'Follow-up to UPR recommendations to ratify or implement' },
  {
    slug: 'emergencies-covid',
    group: 'cross-cutting',
    label: 'Emergencies (incl. Covid-19) and non-derogability',
    covers: 'Art 2(2): no exceptional circumstances; enforcing lockdowns; mobile justice; detention during emergencies',
  },
  { slug: 'general-other', group: 'cross-cutting', label: 'General / other', covers: 'Anything else; CTI tools and resources requests' },
];

import type { INestApplicationContext } from '@nestjs/common';
import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Viewer } from '../common/viewer.js';
import type { AppConfig } from '../config/app-config.js';
import { AssignmentsService } from '../experts/assignments.service.js';
import { ExpertsService } from '../experts/experts.service.js';
import { AuthService } from '../identity/auth.service.js';
import type { OrganizationKind } from '../identity/organization.entity.js';
import { OrganizationsService } from '../identity/organizations.service.js';
import type { Role } from '../common/role.js';
import { UsersService } from '../identity/users.service.js';
import { InquiriesService } from '../inquiries/inquiries.service.js';
import { InquiryWorkflowService } from '../inquiries/inquiry-workflow.service.js';
import type { InquiryStatus, Outcome } from '../common/workflow.js';
import { MessagesService } from '../messages/messages.service.js';
import { Dispatcher } from '../notifications/dispatcher.js';
import { withAppContext } from './app-context.js';
import { CliError, type Command } from './command.js';

const PASSWORDS: Record<Role, string> = {
  secretariat: 'silver harbour lantern ninety',
  expert: 'cobalt river thistle forty',
  requester: 'amber meadow compass seventy',
  observer: 'violet orchard beacon thirty',
};

/** Fictional States only: user-assigned ISO codes, never a real State. */
const STATES: Array<{ code: string; state: string; org: string; kind: OrganizationKind; lang: string }> = [
  { code: 'XC', state: 'Tavuna Islands', org: 'Ministry of Justice of the Tavuna Islands', kind: 'government', lang: 'en' },
  { code: 'XD', state: 'Kingdom of Serendra', org: 'Ministry of Foreign Affairs of Serendra', kind: 'government', lang: 'en' },
  { code: 'XE', state: 'République du Kalindo', org: 'Commission nationale des droits de l’homme du Kalindo', kind: 'national-preventive-mechanism', lang: 'fr' },
  { code: 'XF', state: 'República de Valdoria', org: 'Fiscalía General de Valdoria', kind: 'judiciary', lang: 'es' },
  { code: 'XG', state: 'Kingdom of Zahrania', org: 'وزارة العدل في زهرانيا', kind: 'government', lang: 'ar' },
  { code: 'XH', state: 'República de Montevento', org: 'Direção-Geral dos Serviços Prisionais de Montevento', kind: 'government', lang: 'pt' },
  { code: 'XJ', state: 'Commonwealth of Port Meridian', org: "Attorney General's Chambers of Port Meridian", kind: 'government', lang: 'en' },
  { code: 'XL', state: 'Republic of Dravia', org: 'Police Academy of Dravia', kind: 'government', lang: 'en' },
  { code: 'XM', state: 'Republic of Sindara', org: 'Permanent Mission of Sindara in Geneva', kind: 'permanent-mission', lang: 'en' },
  { code: 'XN', state: 'République du Lokanda', org: 'Ministère des Droits humains du Lokanda', kind: 'government', lang: 'fr' },
  { code: 'XO', state: 'Kingdom of Valmeria', org: 'Ministry of the Interior of Valmeria', kind: 'government', lang: 'en' },
  { code: 'XP', state: 'República de Costa Alta', org: 'Ministerio de Seguridad Pública de Costa Alta', kind: 'government', lang: 'es' },
  { code: 'XQ', state: 'State of Al-Nawras', org: 'اللجنة الوطنية لحقوق الإنسان في النورس', kind: 'national-human-rights-institution', lang: 'ar' },
  { code: 'XR', state: 'República de Nova Aurora', org: 'Polícia Nacional de Nova Aurora', kind: 'government', lang: 'pt' },
  { code: 'XS', state: 'Republic of Kivanda', org: 'Office of the Attorney General of Kivanda', kind: 'government', lang: 'en' },
];

const EXPERTS = [
  {
    key: 'diallo',
    name: 'Amina Diallo',
    languages: ['fr', 'en'],
    topics: ['opcat-npm', 'nhri-npm-role', 'redress-rehabilitation', 'cat-reporting', 'ratification-process'],
    regions: ['africa'],
  },
  {
    key: 'fernandez',
    name: 'Lucía Fernández',
    languages: ['es', 'pt', 'en'],
    topics: ['complaints-investigations', 'policing-arrest-use-of-force', 'police-custody-safeguards', 'training-law-enforcement'],
    regions: ['americas'],
  },
  {
    key: 'haddad',
    name: 'Karim Haddad',
    languages: ['ar', 'fr', 'en'],
    topics: ['exclusionary-rule', 'legislative-review-drafting', 'cat-reporting', 'nhri-npm-role'],
    regions: ['mena'],
  },
  {
    key: 'okafor',
    name: 'Helen Okafor',
    languages: ['en'],
    topics: [
      'legislation-definition-criminalisation',
      'investigative-interviewing',
      'extradition-jurisdiction',
      'non-refoulement',
      'ratification-process',
      'reservations-declarations',
    ],
    regions: ['africa', 'europe', 'asia-pacific'],
  },
] as const;
type ExpertKey = (typeof EXPERTS)[number]['key'];

interface Script {
  state: string;
  subject: string;
  body: string;
  topics: string[];
  urgency?: 'normal' | 'high' | 'urgent';
  /** What happens to it, in order. */
  steps: Step[];
}
type Step =
  | { do: 'triage'; priority?: 'low' | 'normal' | 'high' | 'critical'; dueInDays?: number; tags?: string[] }
  | { do: 'move'; by: 'secretariat' | 'requester' | 'expert'; to: InquiryStatus; outcome?: Exclude<Outcome, 'withdrawn'>; reason?: string; expert?: ExpertKey }
  | { do: 'assign'; expert: ExpertKey; role?: 'lead' | 'reviewer'; accept?: boolean; decline?: string }
  | { do: 'note'; expert: ExpertKey; body: string }
  | { do: 'reply'; expert: ExpertKey; body: string; settle?: 'clear' | 'return'; reason?: string }
  | { do: 'secretariat-reply'; body: string }
  | { do: 'requester-reply'; body: string }
  | { do: 'share' };

const QUERIES: Script[] = [
  {
    state: 'XC',
    subject: 'Steps and timeline to accede to UNCAT: Cabinet paper due in six weeks',
    topics: ['ratification-process', 'ratification-benefits-capacity'],
    urgency: 'high',
    body: 'Cabinet has asked our Ministry for a paper on joining the Convention against Torture. Is accession or signature-then-ratification more appropriate for us, must implementing legislation come first, and what reporting workload should a ministry with three legal officers expect?',
    steps: [],
  },
  {
    state: 'XD',
    subject: 'Article 20 and declarations under Articles 21 and 22',
    topics: ['reservations-declarations'],
    body: 'Our inter-agency working group asks whether accession could be accompanied by a declaration under Article 28, and whether declarations under Articles 21 and 22 are required or optional. Can such a declaration later be withdrawn?',
    steps: [
      { do: 'triage', priority: 'normal', dueInDays: 30, tags: ['accession'] },
      { do: 'move', by: 'secretariat', to: 'triaged' },
    ],
  },
  {
    state: 'XE',
    subject: 'Désignation du MNP au sein de la Commission : garanties d’indépendance et accès sans préavis',
    topics: ['opcat-npm', 'nhri-npm-role'],
    body: 'Le projet de décret prévoit un préavis de 48 heures avant toute visite dans les camps militaires et un budget inscrit au sein du ministère de la Justice. Ces dispositions sont-elles compatibles avec le Protocole facultatif ?',
    steps: [
      { do: 'triage', priority: 'high', dueInDays: 21 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'diallo', accept: true },
      { do: 'note', expert: 'diallo', body: 'Note interne : comparer avec les décrets d’application de deux autres États francophones avant de répondre.' },
      {
        do: 'reply',
        expert: 'diallo',
        body: 'Le Protocole facultatif garantit l’accès à tous les lieux de privation de liberté sans préavis (articles 19 et 20) ; un préavis de 48 heures n’est pas compatible.',
      },
    ],
  },
  {
    state: 'XF',
    subject: 'Unidad fiscal especializada en tortura: independencia e investigación pronta e imparcial',
    topics: ['complaints-investigations', 'prosecution-accountability'],
    urgency: 'high',
    body: '¿Qué modelos existen para garantizar la independencia de la unidad respecto de la policía, que hoy realiza las diligencias iniciales? ¿Qué se entiende por investigación «pronta» en el sentido de los artículos 12 y 13?',
    steps: [
      { do: 'triage', priority: 'high', dueInDays: 14 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'fernandez', accept: true },
      {
        do: 'reply',
        expert: 'fernandez',
        body: 'Antes de responder: ¿la unidad dependerá del Fiscal General o tendrá presupuesto propio? ¿Puede enviarnos el proyecto de resolución?',
        settle: 'clear',
      },
      { do: 'move', by: 'expert', expert: 'fernandez', to: 'awaiting-requester' },
    ],
  },
  {
    state: 'XG',
    subject: 'استبعاد الأدلة المنتزعة تحت التعذيب في مشروع تعديل قانون الإجراءات الجنائية',
    topics: ['exclusionary-rule', 'legislative-review-drafting'],
    body: 'نعمل على مشروع تعديل لقانون الإجراءات الجنائية، ونرغب في التأكد من انسجام المادة المتعلقة بحجية الاعترافات مع المادة 15 من الاتفاقية. هل ينبغي أن يشمل الاستبعاد الأدلة المنتزعة عن طريق المعاملة القاسية؟',
    steps: [
      { do: 'triage', priority: 'normal', dueInDays: 28 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'haddad' },
    ],
  },
  {
    state: 'XH',
    subject: 'Formação de guardas prisionais sobre a proibição da tortura (artigo 10.º)',
    topics: ['training-law-enforcement', 'detention-conditions'],
    body: 'Que conteúdos mínimos devem ser incluídos na formação inicial dos guardas prisionais para cumprir o artigo 10.º da Convenção? Existem materiais de formação em português que possam ser adaptados?',
    steps: [
      { do: 'triage', dueInDays: 30 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'fernandez', accept: true },
      {
        do: 'reply',
        expert: 'fernandez',
        body: 'Sugerimos um módulo de dois dias sobre a proibição absoluta, o uso da força e a comunicação de abusos; segue em anexo um currículo adaptável.',
        settle: 'clear',
      },
      { do: 'move', by: 'expert', expert: 'fernandez', to: 'answered' },
    ],
  },
  {
    state: 'XJ',
    subject: 'Do we need a stand-alone offence of torture before ratifying?',
    topics: ['legislation-definition-criminalisation'],
    body: 'Our Offences Against the Person Act contains no specific offence of torture. Does the Convention require a separate offence reproducing the Article 1 definition, and what penalty range does the Committee regard as commensurate?',
    steps: [
      { do: 'triage', dueInDays: 20 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'okafor', accept: true },
      {
        do: 'reply',
        expert: 'okafor',
        body: 'Yes: the Committee consistently asks for a separate offence with all the elements of Article 1, penalties reflecting its gravity, and no limitation period. A model clause is attached.',
        settle: 'clear',
      },
      { do: 'move', by: 'expert', expert: 'okafor', to: 'answered' },
      { do: 'move', by: 'requester', to: 'closed' },
    ],
  },
  {
    state: 'XL',
    subject: 'Moving from confession-based interrogation to investigative interviewing',
    topics: ['investigative-interviewing', 'training-law-enforcement'],
    body: 'We plan to pilot a non-coercive interviewing model in two regions next year, with audio-visual recording of all suspect interviews. How should we sequence legal changes and training, and which indicators measure results?',
    steps: [
      { do: 'triage', priority: 'normal', dueInDays: 40 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'okafor', accept: true },
      {
        do: 'reply',
        expert: 'okafor',
        body: 'Start with the training and the recording equipment; change the law afterwards.',
        settle: 'return',
        reason: 'Please explain why training should come first, and cite the Méndez Principles.',
      },
    ],
  },
  {
    state: 'XM',
    subject: 'Overdue periodic report: simplified procedure and video dialogue',
    topics: ['cat-reporting'],
    body: 'Our periodic report to the Committee against Torture is two years overdue. Can we still opt into the simplified reporting procedure, and could the dialogue be held by video conference?',
    steps: [
      { do: 'triage', dueInDays: 15 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'secretariat-reply', body: 'Yes, you can still opt in. Our Reporting Tool explains the procedure step by step; we attach it here.' },
      { do: 'move', by: 'secretariat', to: 'closed', outcome: 'tool-referred', reason: 'Answered with the CTI Reporting Tool.' },
    ],
  },
  {
    state: 'XN',
    subject: 'Réparation et réadaptation des victimes : création d’un fonds national',
    topics: ['redress-rehabilitation', 'cat-follow-up'],
    body: 'Notre ministère envisage de créer un fonds d’indemnisation et de réadaptation des victimes de torture. Quelles options de financement et de gouvernance d’autres États ont-ils retenues ?',
    steps: [{ do: 'move', by: 'requester', to: 'withdrawn' }],
  },
  {
    state: 'XO',
    subject: 'Diplomatic assurances and safeguards in accelerated border procedures',
    topics: ['non-refoulement'],
    urgency: 'urgent',
    body: 'Under what conditions, if any, may diplomatic assurances be relied upon? Which procedural safeguards do other States apply in accelerated border procedures? This is a policy review; no individual case is involved.',
    steps: [
      { do: 'triage', priority: 'critical', dueInDays: -3, tags: ['overdue-example'] },
      { do: 'move', by: 'secretariat', to: 'triaged' },
    ],
  },
  {
    state: 'XP',
    subject: 'Protocolo de actuación policial en manifestaciones y registro de personas detenidas',
    topics: ['policing-arrest-use-of-force', 'police-custody-safeguards'],
    body: 'Tras varios incidentes de uso excesivo de la fuerza durante manifestaciones, solicitamos orientación sobre necesidad y proporcionalidad, el registro inmediato de las personas detenidas y la capacitación.',
    steps: [
      { do: 'triage', priority: 'high', dueInDays: 10 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'okafor', decline: 'I do not work in Spanish well enough for this one.' },
      { do: 'assign', expert: 'fernandez', accept: true },
      { do: 'note', expert: 'fernandez', body: 'Nota interna: revisar el protocolo vigente antes de proponer cambios.' },
    ],
  },
  {
    state: 'XQ',
    subject: 'دور المؤسسة الوطنية لحقوق الإنسان في إعداد التقرير الأولي إلى لجنة مناهضة التعذيب',
    topics: ['nhri-npm-role', 'cat-reporting'],
    body: 'طلبت منا الوزارة المكلفة بحقوق الإنسان المشاركة في اللجنة الوطنية لإعداد التقرير الأولي. هل تتعارض هذه المشاركة مع استقلاليتنا وفقًا لمبادئ باريس؟',
    steps: [
      { do: 'triage', dueInDays: 25 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'assign', expert: 'haddad', accept: true },
      { do: 'reply', expert: 'haddad', body: 'يمكن للمؤسسة أن تقدم ملاحظاتها إلى اللجنة الوطنية دون أن تكون عضوًا فيها، حفاظًا على استقلاليتها.', settle: 'clear' },
      { do: 'move', by: 'expert', expert: 'haddad', to: 'answered' },
      { do: 'requester-reply', body: 'شكرًا. هل يمكن تزويدنا بأمثلة من دول أخرى؟' },
    ],
  },
  {
    state: 'XR',
    subject: 'Salvaguardas nas primeiras horas de detenção policial e registo eletrónico',
    topics: ['police-custody-safeguards'],
    body: 'A Polícia Nacional está a implementar um registo eletrónico de detenções. Que informação mínima deve constar do registo, e como assegurar a notificação da família e o acesso a advogado em esquadras sem internet?',
    steps: [{ do: 'share' }, { do: 'triage', dueInDays: 30 }, { do: 'move', by: 'secretariat', to: 'triaged' }],
  },
  {
    state: 'XS',
    subject: 'UNCAT as the legal basis for extradition in the absence of a treaty',
    topics: ['extradition-jurisdiction'],
    body: 'We received an extradition request concerning a person suspected of torture, from a State with which we have no extradition treaty. Can Article 8(2) serve as the legal basis, and what does Article 7 require if we decline?',
    steps: [
      { do: 'triage', dueInDays: 20 },
      { do: 'move', by: 'secretariat', to: 'triaged' },
      { do: 'move', by: 'secretariat', to: 'closed', outcome: 'referred-partner', reason: 'Referred to a partner organisation that handles mutual legal assistance.' },
    ],
  },
];

const viewerOf = (u: { id: string; role: Role; organizationId: string | null }): Viewer => ({ userId: u.id, role: u.role, organizationId: u.organizationId, sessionId: 'demo' });

/** A value as the shell reads it back unchanged. */
const shellWord = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

/**
 * The exact command that starts the service on the database just filled: the demo's own DATA_DIR
 * (a start without it opens another, empty database), and whatever else of the environment decides
 * where it is and where its links point. Secrets (a MASTER_KEY, a PostgreSQL password) are named,
 * not printed.
 */
export function startCommand(config: AppConfig, env: NodeJS.ProcessEnv = process.env): string {
  const rel = relative(process.cwd(), config.dataDir);
  const parts = [`DATA_DIR=${shellWord(rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : config.dataDir)}`];
  if (env.DATABASE_URL) parts.push(env.DATABASE_URL.startsWith('postgres') ? 'DATABASE_URL="$DATABASE_URL"' : `DATABASE_URL=${shellWord(env.DATABASE_URL)}`);
  if (env.MASTER_KEY) parts.push('MASTER_KEY="$MASTER_KEY"');
  if (env.PORT) parts.push(`PORT=${config.port}`);
  if (env.HOST) parts.push(`HOST=${shellWord(config.host)}`);
  if (env.PUBLIC_URL) parts.push(`PUBLIC_URL=${shellWord(config.publicUrl)}`);
  return [...parts, 'MFA_REQUIRED_ROLES=', 'npm start'].join(' ');
}

/**
 * Fills an empty database with fictional organisations, users of every role, expert profiles and
 * fifteen queries in five languages at every stage of the workflow, through the services (the same
 * rules, audit entries and events as real use), then prints how to sign in.
 */
export const demo: Command = {
  usage: 'demo',
  summary: 'fill an empty database with fictional demo data (organisations, users, experts, fifteen queries)',
  async run(args, config) {
    if (args.length > 0) throw new CliError(`unexpected argument: ${args[0]}`);
    if (config.smtpUrl) throw new CliError('demo refuses to run with SMTP_URL set: its invitations must stay in DATA_DIR/mail, not reach a mail server');
    const lines = await withAppContext(config, (app) => fill(app, config));
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};

async function fill(app: INestApplicationContext, config: AppConfig): Promise<string[]> {
  const get = <T>(cls: new (...a: never[]) => T): T => app.get(cls, { strict: false });
  const users = get(UsersService);
  if ((await users.countAll()) > 0) throw new CliError('demo fills an empty database only, and this one already has users: point DATABASE_URL (or DATA_DIR) at a new one');
  const [orgs, auth, experts, assignments, inquiries, workflow, messages, dispatcher] = [
    get(OrganizationsService),
    get(AuthService),
    get(ExpertsService),
    get(AssignmentsService),
    get(InquiriesService),
    get(InquiryWorkflowService),
    get(MessagesService),
    get(Dispatcher),
  ];
  const now = Date.now();
  const day = 24 * 3600_000;

  const admin = await users.createAdmin('secretariat@demo.example.org', 'Sofia Lindqvist', PASSWORDS.secretariat);
  const sec = viewerOf(admin);
  await users.createAdmin('triage@demo.example.org', 'Daniel Mensah', PASSWORDS.secretariat);

  const orgByState = new Map<string, { id: string }>();
  for (const s of STATES) orgByState.set(s.code, await orgs.create(sec, { name: s.org, country: s.code, kind: s.kind }));

  // Everyone else is invited as in real use; the links are read back from the mail files.
  const invited: Array<{ id: string; email: string; role: Role; organizationId: string | null; name: string }> = [];
  const invite = async (email: string, name: string, role: Role, organizationId?: string, languages?: string[]) => {
    const u = await users.invite(sec, { email, name, role, organizationId, languages });
    invited.push({ id: u.id, email: u.email, role, organizationId: u.organizationId, name });
    return u;
  };
  const requesters = new Map<string, Viewer>();
  for (const s of STATES) {
    const u = await invite(`requester.${s.code.toLowerCase()}@demo.example.org`, `Official of ${s.state}`, 'requester', orgByState.get(s.code)!.id, [s.lang]);
    requesters.set(s.code, viewerOf(u));
  }
  const colleague = await invite('colleague.xr@demo.example.org', 'Colleague at Nova Aurora', 'requester', orgByState.get('XR')!.id, ['pt']);
  const expertViewers = new Map<ExpertKey, Viewer>();
  for (const e of EXPERTS) expertViewers.set(e.key, viewerOf(await invite(`${e.key}@demo.example.org`, e.name, 'expert', undefined, [...e.languages])));
  await invite('observer@demo.example.org', 'Delegate of a partner State', 'observer', undefined, ['en']);
  await dispatcher.drain();
  const links = await invitationLinks(config.dataDir);
  for (const u of invited) {
    const token = links.get(u.email);
    if (!token) throw new Error(`no invitation mail was written for ${u.email}`);
    await auth.acceptInvitation(token, PASSWORDS[u.role]);
  }
  for (const e of EXPERTS) {
    await experts.saveProfile(sec, expertViewers.get(e.key)!.userId, {
      topics: [...e.topics],
      languages: [...e.languages],
      regions: [...e.regions],
      conflictCountries: e.key === 'okafor' ? ['XS'] : [],
      maxActive: 5,
      available: true,
    });
  }

  const references: string[] = [];
  for (const q of QUERIES) {
    const state = STATES.find((s) => s.code === q.state)!;
    const requester = requesters.get(q.state)!;
    const filed = await inquiries.submit(requester, {
      subject: q.subject,
      body: q.body,
      topics: q.topics,
      language: state.lang,
      urgency: q.urgency ?? 'normal',
      publicationConsent: q.state === 'XJ',
    });
    references.push(`${filed.reference}  ${state.lang}  ${q.subject.slice(0, 70)}`);
    let version = filed.version;
    const assigned = new Map<ExpertKey, string>();
    for (const step of q.steps) {
      switch (step.do) {
        case 'triage': {
          const done = await workflow.triage(sec, filed.id, {
            version,
            priority: step.priority,
            tags: step.tags,
            dueAt: step.dueInDays === undefined ? undefined : new Date(now + step.dueInDays * day).toISOString(),
          });
          version = done.version;
          break;
        }
        case 'move': {
          const actor = step.by === 'secretariat' ? sec : step.by === 'requester' ? requester : expertViewers.get(step.expert!)!;
          version = (await workflow.transition(actor, filed.id, { to: step.to, outcome: step.outcome, reason: step.reason })).version;
          break;
        }
        case 'assign': {
          const expert = expertViewers.get(step.expert)!;
          const a = await assignments.propose(sec, filed.id, { expertId: expert.userId, role: step.role ?? 'lead', dueAt: new Date(now + 14 * day).toISOString() });
          assigned.set(step.expert, a.id);
          if (step.accept) await assignments.accept(expert, a.id);
          if (step.decline) await assignments.decline(expert, a.id, { reason: step.decline });
          break;
        }
        case 'note':
          await messages.post(expertViewers.get(step.expert)!, filed.id, { body: step.body, visibility: 'internal' });
          break;
        case 'reply': {
          const m = await messages.post(expertViewers.get(step.expert)!, filed.id, { body: step.body, visibility: 'shared' });
          if (step.settle === 'clear') await messages.clear(sec, m.id);
          if (step.settle === 'return') await messages.returnToAuthor(sec, m.id, { reason: step.reason ?? 'Please revise.' });
          break;
        }
        case 'secretariat-reply':
          await messages.post(sec, filed.id, { body: step.body });
          break;
        case 'requester-reply':
          await messages.post(requester, filed.id, { body: step.body });
          break;
        case 'share':
          await workflow.share(requester, filed.id, { userId: colleague.id });
          break;
      }
    }
  }
  await dispatcher.drain();

  return [
    'Demo data created: 15 fictional organisations (user-assigned codes XC–XS), 2 secretariat members, 17 requesters, 4 experts, 15 queries.',
    '',
    'Start the service on this data, so that nobody needs a second factor for the demo:',
    `  ${startCommand(config)}`,
    `(with the default MFA_REQUIRED_ROLES=secretariat,expert,observer, their first sign-in asks them to enrol an authenticator app.)`,
    '',
    `Sign in at ${config.publicUrl}/login with:`,
    `  secretariat  secretariat@demo.example.org, triage@demo.example.org   password: ${PASSWORDS.secretariat}`,
    `  experts      ${EXPERTS.map((e) => `${e.key}@demo.example.org`).join(', ')}   password: ${PASSWORDS.expert}`,
    `  observer     observer@demo.example.org (the reports only)   password: ${PASSWORDS.observer}`,
    `  requesters   requester.<code>@demo.example.org for ${STATES.map((s) => s.code.toLowerCase()).join(', ')}; colleague.xr@demo.example.org   password: ${PASSWORDS.requester}`,
    '',
    'Queries:',
    ...references.map((r) => `  ${r}`),
  ];
}

/** The invitation token mailed to each address (the mail files written while SMTP_URL is unset). */
async function invitationLinks(dataDir: string): Promise<Map<string, string>> {
  const dir = join(dataDir, 'mail');
  const links = new Map<string, string>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.eml'))) {
    const raw = (await readFile(join(dir, file), 'utf8')).replace(/=\r?\n/g, '');
    const [head, ...rest] = raw.split(/\r?\n\r?\n/);
    // Texts in Arabic go out base64-encoded; the others quoted-printable.
    const body = /Content-Transfer-Encoding: base64/i.test(head) ? Buffer.from(rest.join(''), 'base64').toString('utf8') : rest.join('\n');
    const to = head.match(/^To: (.+)$/m)?.[1]?.trim();
    const token = body.match(/\/invitations\/([A-Za-z0-9_-]{43})/)?.[1];
    if (to && token) links.set(to.toLowerCase(), token);
  }
  return links;
}

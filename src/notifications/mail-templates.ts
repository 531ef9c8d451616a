import { EVENT_PHRASES, phraseFor } from './event-phrases.js';

export const MAIL_LANGUAGES = ['en', 'fr', 'es', 'ar', 'pt'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export interface RenderedMail {
  subject: string;
  text: string;
}

type Template<V> = Record<MailLanguage, (v: V) => RenderedMail>;

/**
 * Fixed texts. The values they take are chosen so that no email can carry confidential content:
 * a name, a link, a reference, never a subject, body, topic, country or organisation.
 */
const invitation: Template<{ name: string; link: string }> = {
  en: (v) => ({
    subject: 'Your CTI Advice account',
    text: `Hello ${v.name},\n\nAn account has been created for you on the CTI technical advice service.\nChoose your password here (the link works once and expires):\n\n${v.link}\n`,
  }),
  fr: (v) => ({
    subject: 'Votre compte CTI Advice',
    text: `Bonjour ${v.name},\n\nUn compte a été créé pour vous sur le service de conseil technique de la CTI.\nChoisissez votre mot de passe ici (le lien ne sert qu'une fois et expire) :\n\n${v.link}\n`,
  }),
  es: (v) => ({
    subject: 'Su cuenta de CTI Advice',
    text: `Hola ${v.name}:\n\nSe ha creado una cuenta para usted en el servicio de asesoramiento técnico de la CTI.\nElija su contraseña aquí (el enlace sirve una sola vez y caduca):\n\n${v.link}\n`,
  }),
  ar: (v) => ({
    subject: 'حسابك في خدمة المشورة التابعة لمبادرة اتفاقية مناهضة التعذيب',
    text: `مرحبًا ${v.name}،\n\nأُنشئ لك حساب في خدمة المشورة التقنية التابعة للمبادرة.\nاختر كلمة المرور من هنا (يعمل الرابط مرة واحدة وتنتهي صلاحيته):\n\n${v.link}\n`,
  }),
  pt: (v) => ({
    subject: 'A sua conta CTI Advice',
    text: `Olá ${v.name},\n\nFoi criada uma conta para si no serviço de aconselhamento técnico da CTI.\nEscolha a sua palavra-passe aqui (a ligação funciona uma vez e expira):\n\n${v.link}\n`,
  }),
};

/** A reset link and nothing else: no name, no greeting that would tell a reader whose account it is. */
const passwordReset: Template<{ link: string }> = {
  en: (v) => ({
    subject: 'CTI Advice: choose a new password',
    text: `A new password was asked for on the CTI technical advice service.\nChoose it here (the link works once, for one hour):\n\n${v.link}\n\nIf you did not ask for it, ignore this message: nothing changes.\n`,
  }),
  fr: (v) => ({
    subject: 'CTI Advice : choisir un nouveau mot de passe',
    text: `Un nouveau mot de passe a été demandé sur le service de conseil technique de la CTI.\nChoisissez-le ici (le lien ne sert qu'une fois, pendant une heure) :\n\n${v.link}\n\nSi vous ne l'avez pas demandé, ignorez ce message : rien ne change.\n`,
  }),
  es: (v) => ({
    subject: 'CTI Advice: elegir una nueva contraseña',
    text: `Se ha solicitado una nueva contraseña en el servicio de asesoramiento técnico de la CTI.\nElíjala aquí (el enlace sirve una sola vez, durante una hora):\n\n${v.link}\n\nSi no la ha solicitado, ignore este mensaje: nada cambia.\n`,
  }),
  ar: (v) => ({
    subject: 'CTI Advice: اختيار كلمة مرور جديدة',
    text: `طُلبت كلمة مرور جديدة في خدمة المشورة التقنية التابعة للمبادرة.\nاخترها من هنا (يعمل الرابط مرة واحدة ولمدة ساعة):\n\n${v.link}\n\nإن لم تطلبها فتجاهل هذه الرسالة: لن يتغير شيء.\n`,
  }),
  pt: (v) => ({
    subject: 'CTI Advice: escolher uma nova palavra-passe',
    text: `Foi pedida uma nova palavra-passe no serviço de aconselhamento técnico da CTI.\nEscolha-a aqui (a ligação funciona uma vez, durante uma hora):\n\n${v.link}\n\nSe não a pediu, ignore esta mensagem: nada muda.\n`,
  }),
};

const phrase = (kind: string, l: MailLanguage) => phraseFor(kind, l) ?? EVENT_PHRASES['inquiry.status-changed'][l];

/** One event: the reference, what kind of thing happened, a link. */
const event: Template<{ reference: string; kind: string; link: string }> = {
  en: (v) => ({ subject: `[CTI Advice] ${v.reference}: ${phrase(v.kind, 'en')}`, text: `On ${v.reference}, ${phrase(v.kind, 'en')}.\n\nSign in to read it:\n${v.link}\n` }),
  fr: (v) => ({
    subject: `[CTI Advice] ${v.reference} : ${phrase(v.kind, 'fr')}`,
    text: `Pour ${v.reference}, ${phrase(v.kind, 'fr')}.\n\nConnectez-vous pour la consulter :\n${v.link}\n`,
  }),
  es: (v) => ({
    subject: `[CTI Advice] ${v.reference}: ${phrase(v.kind, 'es')}`,
    text: `En ${v.reference}, ${phrase(v.kind, 'es')}.\n\nInicie sesión para consultarla:\n${v.link}\n`,
  }),
  ar: (v) => ({ subject: `[CTI Advice] ${v.reference}: ${phrase(v.kind, 'ar')}`, text: `بخصوص ${v.reference}، ${phrase(v.kind, 'ar')}.\n\nسجّل الدخول للاطلاع عليه:\n${v.link}\n` }),
  pt: (v) => ({
    subject: `[CTI Advice] ${v.reference}: ${phrase(v.kind, 'pt')}`,
    text: `Em ${v.reference}, ${phrase(v.kind, 'pt')}.\n\nInicie sessão para o consultar:\n${v.link}\n`,
  }),
};

/** Something that happened to the person (an assignment ended, the second factor reset): no reference, no inquiry. */
const notice: Template<{ kind: string; link: string }> = {
  en: (v) => ({ subject: `[CTI Advice] ${phrase(v.kind, 'en')}`, text: `On your CTI Advice account, ${phrase(v.kind, 'en')}.\n\n${v.link}\n` }),
  fr: (v) => ({ subject: `[CTI Advice] ${phrase(v.kind, 'fr')}`, text: `Sur votre compte CTI Advice, ${phrase(v.kind, 'fr')}.\n\n${v.link}\n` }),
  es: (v) => ({ subject: `[CTI Advice] ${phrase(v.kind, 'es')}`, text: `En su cuenta de CTI Advice, ${phrase(v.kind, 'es')}.\n\n${v.link}\n` }),
  ar: (v) => ({ subject: `[CTI Advice] ${phrase(v.kind, 'ar')}`, text: `في حسابك في CTI Advice، ${phrase(v.kind, 'ar')}.\n\n${v.link}\n` }),
  pt: (v) => ({ subject: `[CTI Advice] ${phrase(v.kind, 'pt')}`, text: `Na sua conta CTI Advice, ${phrase(v.kind, 'pt')}.\n\n${v.link}\n` }),
};

/** The daily digest: references and how many things happened on each, nothing else. */
type DigestValues = { items: Array<{ reference: string; count: number }>; link: string; checkpoint?: string | null };
const lines = (v: DigestValues, word: string) => v.items.map((i) => `- ${i.reference}: ${i.count} ${word}`).join('\n');
// The secretariat's digest also carries the audit trail's latest checkpoint, so that a copy of it lives outside the server.
const checkpoint = (v: DigestValues, label: string) => (v.checkpoint ? `\n${label} ${v.checkpoint}\n` : '');
const digest: Template<DigestValues> = {
  en: (v) => ({
    subject: '[CTI Advice] Your daily summary',
    text: `Activity since your last summary:\n\n${lines(v, 'update(s)')}\n\nSign in to read it:\n${v.link}\n${checkpoint(v, 'Audit checkpoint:')}`,
  }),
  fr: (v) => ({
    subject: '[CTI Advice] Votre résumé quotidien',
    text: `Activité depuis votre dernier résumé :\n\n${lines(v, 'mise(s) à jour')}\n\nConnectez-vous pour la consulter :\n${v.link}\n${checkpoint(v, "Point de contrôle du journal d'audit :")}`,
  }),
  es: (v) => ({
    subject: '[CTI Advice] Su resumen diario',
    text: `Actividad desde su último resumen:\n\n${lines(v, 'novedad(es)')}\n\nInicie sesión para consultarla:\n${v.link}\n${checkpoint(v, 'Punto de control del registro de auditoría:')}`,
  }),
  ar: (v) => ({
    subject: '[CTI Advice] ملخصك اليومي',
    text: `النشاط منذ آخر ملخص:\n\n${lines(v, 'تحديث')}\n\nسجّل الدخول للاطلاع عليه:\n${v.link}\n${checkpoint(v, 'نقطة التحقق في سجل التدقيق:')}`,
  }),
  pt: (v) => ({
    subject: '[CTI Advice] O seu resumo diário',
    text: `Atividade desde o seu último resumo:\n\n${lines(v, 'atualização(ões)')}\n\nInicie sessão para a consultar:\n${v.link}\n${checkpoint(v, 'Ponto de controlo do registo de auditoria:')}`,
  }),
};

export const MAIL_TEMPLATES = { invitation, passwordReset, event, notice, digest };
export type MailTemplateName = keyof typeof MAIL_TEMPLATES;
export type MailValues<N extends MailTemplateName> = Parameters<(typeof MAIL_TEMPLATES)[N]['en']>[0];

export function pickLanguage(languages: readonly string[] | undefined): MailLanguage {
  return (languages ?? []).find((l): l is MailLanguage => (MAIL_LANGUAGES as readonly string[]).includes(l)) ?? 'en';
}

export function renderMail<N extends MailTemplateName>(name: N, language: MailLanguage, values: MailValues<N>): RenderedMail {
  return (MAIL_TEMPLATES[name][language] as (v: MailValues<N>) => RenderedMail)(values);
}

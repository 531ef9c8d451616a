/** What each event is called in an email, per language: a kind of event, never its content. */
import type { EventKind } from '../events/domain-events.js';

/** Phrases for events that are routed to nobody are still written: the notifications page may list old ones. */
export const EVENT_PHRASES: Record<EventKind, Record<'en' | 'fr' | 'es' | 'ar' | 'pt', string>> = {
  'inquiry.submitted': {
    en: 'a new query was filed',
    fr: 'une nouvelle demande a été déposée',
    es: 'se ha presentado una nueva consulta',
    ar: 'تم تقديم استفسار جديد',
    pt: 'foi apresentado um novo pedido',
  },
  'inquiry.status-changed': {
    en: 'the status of the query changed',
    fr: 'le statut de la demande a changé',
    es: 'el estado de la consulta ha cambiado',
    ar: 'تغيرت حالة الاستفسار',
    pt: 'o estado do pedido mudou',
  },
  'inquiry.shared': {
    en: 'a query was shared with you',
    fr: 'une demande a été partagée avec vous',
    es: 'se ha compartido una consulta con usted',
    ar: 'تمت مشاركة استفسار معك',
    pt: 'um pedido foi partilhado consigo',
  },
  'inquiry.overdue': { en: 'a query is overdue', fr: 'une demande est en retard', es: 'una consulta está atrasada', ar: 'تأخر الرد على استفسار', pt: 'um pedido está em atraso' },
  'assignment.proposed': {
    en: 'you are proposed as an expert on a query',
    fr: 'vous êtes proposé comme expert pour une demande',
    es: 'se le propone como experto para una consulta',
    ar: 'تم اقتراحك خبيرًا لاستفسار',
    pt: 'foi proposto como perito para um pedido',
  },
  'assignment.accepted': {
    en: 'an expert accepted an assignment',
    fr: 'un expert a accepté une mission',
    es: 'un experto ha aceptado una asignación',
    ar: 'قبل خبير مهمة',
    pt: 'um perito aceitou uma atribuição',
  },
  'assignment.declined': {
    en: 'an expert declined an assignment',
    fr: 'un expert a décliné une mission',
    es: 'un experto ha rechazado una asignación',
    ar: 'اعتذر خبير عن مهمة',
    pt: 'um perito recusou uma atribuição',
  },
  'assignment.withdrawn': {
    en: 'your assignment was withdrawn',
    fr: 'votre mission a été retirée',
    es: 'su asignación ha sido retirada',
    ar: 'تم سحب مهمتك',
    pt: 'a sua atribuição foi retirada',
  },
  'assignment.ended': {
    en: 'one of your assignments has ended',
    fr: "l'une de vos missions a pris fin",
    es: 'una de sus asignaciones ha terminado',
    ar: 'انتهت إحدى مهامك',
    pt: 'uma das suas atribuições terminou',
  },
  'user.second-factor-reset': {
    en: 'the second factor of your account was reset by the secretariat and every session was ended; sign in and enrol a new one',
    fr: 'le second facteur de votre compte a été réinitialisé par le secrétariat et toutes les sessions ont été fermées ; connectez-vous et enregistrez-en un nouveau',
    es: 'la secretaría ha restablecido el segundo factor de su cuenta y ha cerrado todas las sesiones; inicie sesión y registre uno nuevo',
    ar: 'أعادت الأمانة تعيين العامل الثاني لحسابك وأُنهيت جميع الجلسات؛ سجّل الدخول وسجّل عاملًا جديدًا',
    pt: 'o secretariado repôs o segundo fator da sua conta e terminou todas as sessões; inicie sessão e registe um novo',
  },
  'user.password-reset-requested': {
    en: 'a new password was asked for',
    fr: 'un nouveau mot de passe a été demandé',
    es: 'se ha solicitado una nueva contraseña',
    ar: 'طُلبت كلمة مرور جديدة',
    pt: 'foi pedida uma nova palavra-passe',
  },
  'user.password-changed': {
    en: 'the password was changed through a reset link and every session was ended; if you did not do this, tell the secretariat at once',
    fr: "le mot de passe a été changé par un lien de réinitialisation et toutes les sessions ont été fermées ; si ce n'était pas vous, prévenez le secrétariat sans attendre",
    es: 'la contraseña se ha cambiado mediante un enlace de restablecimiento y se han cerrado todas las sesiones; si no ha sido usted, avise de inmediato a la secretaría',
    ar: 'غُيّرت كلمة المرور عبر رابط إعادة التعيين وأُنهيت جميع الجلسات؛ إن لم تكن أنت من فعل ذلك فأبلغ الأمانة فورًا',
    pt: 'a palavra-passe foi alterada através de uma ligação de reposição e todas as sessões foram terminadas; se não foi você, avise de imediato o secretariado',
  },
  'assignment.completed': {
    en: 'an expert completed an assignment',
    fr: 'un expert a terminé une mission',
    es: 'un experto ha completado una asignación',
    ar: 'أنجز خبير مهمة',
    pt: 'um perito concluiu uma atribuição',
  },
  'reply.pending-clearance': {
    en: 'a reply awaits clearance',
    fr: 'une réponse attend validation',
    es: 'una respuesta espera validación',
    ar: 'رد بانتظار الموافقة',
    pt: 'uma resposta aguarda validação',
  },
  'reply.shared-from-related': {
    en: 'advice was shared with your query',
    fr: 'un avis a été partagé avec votre demande',
    es: 'se ha compartido un asesoramiento con su consulta',
    ar: 'تمت مشاركة مشورة مع استفسارك',
    pt: 'foi partilhado um parecer com o seu pedido',
  },
  'join.asked': {
    en: 'a question about your query awaits your answer',
    fr: 'une question sur votre demande attend votre réponse',
    es: 'una pregunta sobre su consulta espera su respuesta',
    ar: 'سؤال بشأن استفسارك بانتظار ردك',
    pt: 'uma pergunta sobre o seu pedido aguarda a sua resposta',
  },
  'reply.cleared': { en: 'there is a new reply', fr: 'il y a une nouvelle réponse', es: 'hay una nueva respuesta', ar: 'يوجد رد جديد', pt: 'há uma nova resposta' },
  'reply.returned': {
    en: 'your reply was returned to you',
    fr: 'votre réponse vous a été renvoyée',
    es: 'su respuesta le ha sido devuelta',
    ar: 'أعيد إليك ردك',
    pt: 'a sua resposta foi-lhe devolvida',
  },
  'reply.shared': { en: 'there is a new reply', fr: 'il y a une nouvelle réponse', es: 'hay una nueva respuesta', ar: 'يوجد رد جديد', pt: 'há uma nova resposta' },
  'requester.replied': { en: 'the requester replied', fr: 'le demandeur a répondu', es: 'el solicitante ha respondido', ar: 'رد مقدم الطلب', pt: 'o requerente respondeu' },
  'inquiry.participant-removed': {
    en: 'a person was removed from a query',
    fr: "une personne a été retirée d'une demande",
    es: 'se ha retirado a una persona de una consulta',
    ar: 'أزيل شخص من استفسار',
    pt: 'uma pessoa foi retirada de um pedido',
  },
  'user.invited': {
    en: 'you were invited to the service',
    fr: 'vous avez été invité au service',
    es: 'se le ha invitado al servicio',
    ar: 'تمت دعوتك إلى الخدمة',
    pt: 'foi convidado para o serviço',
  },
  'note.posted': {
    en: 'there is a new internal note',
    fr: 'il y a une nouvelle note interne',
    es: 'hay una nueva nota interna',
    ar: 'توجد ملاحظة داخلية جديدة',
    pt: 'há uma nova nota interna',
  },
};

type Language = 'en' | 'fr' | 'es' | 'ar' | 'pt';

/** The phrase for a kind read back from storage (a string), or undefined if no event has that name. */
export function phraseFor(kind: string, lang: Language): string | undefined {
  return Object.hasOwn(EVENT_PHRASES, kind) ? EVENT_PHRASES[kind as EventKind][lang] : undefined;
}

// Letters to clients and staff, rendered from templates in Russian (default) and English.
import { DateTime } from 'luxon';
import { ticketTag, type Language } from './ticket';

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

export interface LetterContext {
  number: string;
  subject: string; // the client's original subject
  language: Language;
  timeZone: string;
}

export type LetterKind = 'receipt';

const signature: Record<Language, string> = {
  ru: 'Служба поддержки Netix Triceps',
  en: 'Netix Triceps Support',
};

export function formatMoment(at: Date, context: Pick<LetterContext, 'language' | 'timeZone'>): string {
  const local = DateTime.fromJSDate(at, { zone: context.timeZone }).setLocale(context.language);
  const zoneName = local.toFormat('ZZZZ');
  return `${local.toFormat(context.language === 'ru' ? "d MMMM yyyy 'г.,' HH:mm" : 'd MMMM yyyy, HH:mm')} (${zoneName})`;
}

function replySubject(context: LetterContext): string {
  const original = context.subject.trim() || (context.language === 'ru' ? 'Ваш запрос' : 'Your request');
  return `${ticketTag(context.number)} ${original.replace(/^((re|fwd?|ответ|отв)\s*:\s*)+/i, '')}`;
}

function letter(context: LetterContext, paragraphs: string[]): RenderedLetter {
  const all = [...paragraphs, '—', signature[context.language]];
  return {
    subject: replySubject(context),
    text: all.join('\n\n') + '\n',
    html: all.map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`).join('\n'),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderReceipt(context: LetterContext): RenderedLetter {
  return context.language === 'ru'
    ? letter(context, [
        'Здравствуйте!',
        `Ваш запрос зарегистрирован под номером ${context.number}.`,
        'В течение двух рабочих часов мы сообщим, к какому сроку он будет выполнен. ' +
          'Отвечая на это письмо, сохраните номер запроса в теме.',
      ])
    : letter(context, [
        'Hello,',
        `Your request has been registered as ${context.number}.`,
        'Within two working hours we will tell you when it will be done. ' +
          'When you reply, please keep the request number in the subject.',
      ]);
}

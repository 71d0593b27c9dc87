// Letters to clients and staff, rendered from templates in Russian (default) and English.
import { DateTime } from 'luxon';
import type { ArticleLink } from './articles';
import type { VoiceOption } from './contract';
import { escapeHtml } from './html';
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
  voiceOrderAddress?: string; // where a client orders the paid voice support
}

export type LetterKind =
  // to the client
  | 'receipt'
  | 'promise'
  | 'new_date'
  | 'question'
  | 'refusal'
  | 'completion'
  | 'reopened'
  | 'emergency_taken'
  | 'client_note'
  // to staff: the support lead and on-call specialists
  | 'lead_reminder'
  | 'ack_escalation'
  | 'emergency_page'
  | 'emergency_escalation'
  | 'overdue_escalation'
  | 'step_failed';

export type LetterParams = {
  promisedAt?: string; // ISO instant: promise, new_date, emergency_taken, overdue_escalation
  previousPromisedAt?: string; // new_date
  reason?: string; // refusal (required there), new_date (optional why)
  question?: string; // question: the specialist's question to the client
  whatWasFixed?: string; // completion (all three)
  how?: string;
  prevention?: string;
  note?: string; // client_note: a message from the specialist to the client
  ackDeadline?: string; // ISO instant: lead_reminder, ack_escalation
  urgency?: string; // staff letters: what the ticket is about
  rootCause?: string;
  summary?: string;
  clientEmail?: string;
  level?: number; // emergency_escalation level (1, 2, ...)
  specialist?: string; // who took it / who is assigned
  autoPromised?: boolean; // ack_escalation: the promise went out from the automatic triage and needs review
  step?: string; // step_failed: what the system could not do for the ticket
  error?: string; // step_failed: why
  articleIds?: number[]; // completion: the knowledge-base articles the specialist linked (the workflow's part)
  articles?: ArticleLink[]; // receipt: the articles suggested; completion: those linked (looked up when queued)
  voice?: VoiceOption; // receipt: the client asked for a call; a callback to come, or voice support is paid
  callbackAt?: string; // ISO instant: promise, new_date, emergency_taken of voice work: the specialist's call
};

/** A letter asked for without what it needs: a programming error that no retry can fix. */
export class LetterParamsError extends Error {
  override readonly name = 'LetterParamsError';
}

const clientSignature: Record<Language, string> = {
  ru: 'Служба поддержки Netix Triceps',
  en: 'Netix Triceps Support',
};

const staffSignature: Record<Language, string> = {
  ru: 'Triceps Support, автоматическое уведомление',
  en: 'Triceps Support, automatic notice',
};

/** How long a staff letter quotes the client: enough to judge, short enough to read on a phone. */
const summaryLimit = 500;

export function formatMoment(at: Date, context: Pick<LetterContext, 'language' | 'timeZone'>): string {
  const local = DateTime.fromJSDate(at, { zone: context.timeZone }).setLocale(context.language);
  const zoneName = local.toFormat('ZZZZ');
  return `${local.toFormat(context.language === 'ru' ? "d MMMM yyyy 'г.,' HH:mm" : 'd MMMM yyyy, HH:mm')} (${zoneName})`;
}

/** The client's subject without reply prefixes or our own tag, which a reply may carry back. */
function originalSubject(context: LetterContext): string {
  const prefix = /^\s*(?:(?:re|fwd?|ответ|отв)\s*:\s*|\[[A-Z]+-\d+\]\s*)/i;
  let subject = context.subject.trim();
  while (prefix.test(subject)) subject = subject.replace(prefix, '');
  return subject.trim() || (context.language === 'ru' ? 'Ваш запрос' : 'Your request');
}

function replySubject(context: LetterContext): string {
  return `${ticketTag(context.number)} ${originalSubject(context)}`;
}

/**
 * A paragraph of plain text, a labelled section (the completion letter's "What was fixed: …"), or a labelled list
 * of links (knowledge-base articles: each title with its address).
 */
type Paragraph = string | { label: string; body: string } | { label: string; links: readonly ArticleLink[] };

function textOf(paragraph: Paragraph): string {
  if (typeof paragraph === 'string') return paragraph;
  if ('body' in paragraph) return `${paragraph.label}:\n${paragraph.body}`;
  return `${paragraph.label}:\n${paragraph.links.map((link) => `• ${link.title}\n  ${link.url}`).join('\n')}`;
}

function letter(
  context: LetterContext,
  paragraphs: Paragraph[],
  options: { subject?: string; signature?: string } = {},
): RenderedLetter {
  const all: Paragraph[] = [...paragraphs, '—', options.signature ?? clientSignature[context.language]];
  const html = (text: string) => escapeHtml(text).replace(/\n/g, '<br>');
  return {
    subject: options.subject ?? replySubject(context),
    text: all.map(textOf).join('\n\n') + '\n',
    html: all
      .map((paragraph) => {
        if (typeof paragraph === 'string') return `<p>${html(paragraph)}</p>`;
        if ('body' in paragraph)
          return `<p><strong>${html(paragraph.label)}</strong><br>${html(paragraph.body)}</p>`;
        const items = paragraph.links.map(
          (link) => `<li><a href="${escapeHtml(link.url)}">${html(link.title)}</a></li>`,
        );
        return `<p><strong>${html(paragraph.label)}</strong></p>\n<ul>${items.join('')}</ul>`;
      })
      .join('\n'),
  };
}

const knowledgeBase = {
  ru: {
    suggested:
      'Пока специалист изучает запрос, загляните в нашу базу знаний: возможно, ответ уже есть в этих статьях',
    solved: 'Подробнее в нашей базе знаний',
    helped: 'Если статья помогла, ответьте на это письмо, и мы закроем запрос.',
  },
  en: {
    suggested:
      'While a specialist looks into it, these articles from our knowledge base may already answer it',
    solved: 'More in our knowledge base',
    helped: 'If an article solves the problem, reply to this letter and we will close the request.',
  },
} as const;

/** The knowledge base's part of a letter: the articles as a list of links, or nothing when there are none. */
function articleParagraphs(label: string, articles: readonly ArticleLink[] | undefined) {
  return articles?.length ? [{ label, links: articles }] : [];
}

/** The receipt names the request's number; with suggested articles, it lists them; a call asked for is answered. */
export function renderReceipt(context: LetterContext, params: LetterParams = {}): RenderedLetter {
  const kb = knowledgeBase[context.language];
  const suggestions = articleParagraphs(kb.suggested, params.articles);
  const voice = params.voice ? [voiceAnswer[params.voice](context)] : [];
  return context.language === 'ru'
    ? letter(context, [
        'Здравствуйте!',
        `Ваш запрос зарегистрирован под номером ${context.number}.`,
        'В течение двух рабочих часов мы сообщим, к какому сроку он будет выполнен. ' +
          'Отвечая на это письмо, сохраните номер запроса в теме.',
        ...voice,
        ...suggestions,
        ...(suggestions.length ? [kb.helped] : []),
      ])
    : letter(context, [
        'Hello,',
        `Your request has been registered as ${context.number}.`,
        'Within two working hours we will tell you when it will be done. ' +
          'When you reply, please keep the request number in the subject.',
        ...voice,
        ...suggestions,
        ...(suggestions.length ? [kb.helped] : []),
      ]);
}

/** The receipt's answer to a request for a call, by what the client's organisation bought. */
const voiceAnswer: Record<VoiceOption, (context: LetterContext) => string> = {
  callback: (context) =>
    context.language === 'ru'
      ? 'Вы просили позвонить вам. Голосовая поддержка входит в договор вашей организации: в течение двух ' +
        'рабочих часов мы сообщим дату и время звонка специалиста вместе со сроком выполнения. Если вашего ' +
        'номера телефона нет в письме, пришлите его в ответ на это письмо.'
      : "You asked us to call you. Voice support is part of your organisation's contract: within two working " +
        "hours we will tell you the date and time of our specialist's call, together with the date your " +
        'request will be done. If your phone number is not in your letter, please send it in reply to this one.',
  paid_extra: (context) => {
    const order = context.voiceOrderAddress;
    return context.language === 'ru'
      ? 'Вы просили позвонить вам. К сожалению, голосовая поддержка — платная услуга, и для вас она не ' +
          'подключена, поэтому мы будем решать ваш запрос по почте, в этой переписке. Чтобы подключить ' +
          'голосовую поддержку для вашей организации, ' +
          (order
            ? `напишите на ${order}: мы пришлём условия.`
            : 'ответьте на это письмо: мы пришлём условия.') +
          ' Спасибо за понимание.'
      : 'You asked us to call you. Unfortunately, voice support is a paid service that is not included for ' +
          'you, so we will handle your request by e-mail, in this thread. To add voice support for your ' +
          'organisation, ' +
          (order ? `write to ${order}` : 'reply to this letter') +
          ' and we will send you the terms. Thank you for your understanding.';
  },
};

const callbackSentence: Record<Language, (callbackAt: string) => string> = {
  ru: (callbackAt) => `Специалист позвонит вам ${callbackAt}.`,
  en: (callbackAt) => `Our specialist will call you on ${callbackAt}.`,
};

/** Any letter of the ticket; throws naming the kind and the param when a param it needs is missing. */
export function renderLetter(kind: LetterKind, context: LetterContext, params: LetterParams): RenderedLetter {
  const given = new Given(kind, context, params);
  return renderers[kind](context, given);
}

/** Reads the params a letter needs, so that a missing one fails loudly instead of leaving a blank. */
class Given {
  constructor(
    private readonly kind: LetterKind,
    private readonly context: LetterContext,
    readonly params: LetterParams,
  ) {}

  text(param: TextParam, what: string): string {
    const value = this.params[param]?.trim();
    if (!value) throw new LetterParamsError(`the ${this.kind} letter needs params.${param}: ${what}`);
    return value;
  }

  optionalText(param: TextParam): string | undefined {
    return this.params[param]?.trim() || undefined;
  }

  moment(param: MomentParam, what: string): string {
    const iso = this.text(param, what);
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) {
      throw new LetterParamsError(
        `the ${this.kind} letter needs params.${param} as an ISO instant, got "${iso}"`,
      );
    }
    return formatMoment(at, this.context);
  }

  optionalMoment(param: MomentParam, what: string): string | undefined {
    return this.params[param]?.trim() ? this.moment(param, what) : undefined;
  }
}

type TextParam = {
  [K in keyof LetterParams]-?: NonNullable<LetterParams[K]> extends string ? K : never;
}[keyof LetterParams];
type MomentParam = 'promisedAt' | 'previousPromisedAt' | 'ackDeadline' | 'callbackAt';

/** The sentence naming the specialist's call, for voice work; none otherwise. */
function callbackOf(context: LetterContext, given: Given): string[] {
  const callbackAt = given.optionalMoment('callbackAt', 'when the specialist calls the client');
  return callbackAt ? [callbackSentence[context.language](callbackAt)] : [];
}

const keepNumber: Record<Language, string> = {
  ru: 'Отвечая на это письмо, сохраните номер запроса в теме.',
  en: 'When you reply, please keep the request number in the subject.',
};

const renderers: Record<LetterKind, (context: LetterContext, given: Given) => RenderedLetter> = {
  receipt: (context, given) => renderReceipt(context, given.params),

  promise: (context, given) => {
    const promisedAt = given.moment('promisedAt', 'when the request will be done');
    const callback = callbackOf(context, given);
    return context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `Мы изучили ваш запрос ${context.number} и выполним его до ${promisedAt}.`,
          ...callback,
          `Если срок изменится, мы сообщим об этом заранее. ${keepNumber.ru}`,
        ])
      : letter(context, [
          'Hello,',
          `We have reviewed your request ${context.number} and will complete it by ${promisedAt}.`,
          ...callback,
          `If this date changes, we will let you know in advance. ${keepNumber.en}`,
        ]);
  },

  new_date: (context, given) => {
    const promisedAt = given.moment('promisedAt', 'the new date');
    const previous = given.optionalMoment('previousPromisedAt', 'the date promised before');
    const reason = given.optionalText('reason');
    return context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `Срок выполнения вашего запроса ${context.number} изменился: теперь мы выполним его до ${promisedAt}.`,
          ...(previous ? [`Прежний срок: ${previous}.`] : []),
          ...callbackOf(context, given),
          ...(reason ? [`Причина: ${reason}`] : []),
          `Приносим извинения за неудобства. ${keepNumber.ru}`,
        ])
      : letter(context, [
          'Hello,',
          `The date for your request ${context.number} has changed: we will now complete it by ${promisedAt}.`,
          ...(previous ? [`The previous date was ${previous}.`] : []),
          ...callbackOf(context, given),
          ...(reason ? [`Reason: ${reason}`] : []),
          `We apologise for the inconvenience. ${keepNumber.en}`,
        ]);
  },

  question: (context, given) => {
    const question = given.text('question', "the specialist's question to the client");
    return context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `Чтобы выполнить ваш запрос ${context.number}, нашему специалисту нужно уточнение:`,
          question,
          'Пожалуйста, ответьте на это письмо. Пока мы ждём вашего ответа, срок выполнения запроса ' +
            'приостановлен; отсчёт продолжится, когда ответ придёт.',
        ])
      : letter(context, [
          'Hello,',
          `To complete your request ${context.number}, our specialist needs to ask you:`,
          question,
          'Please reply to this letter. While we wait for your answer, the deadline for your request ' +
            'is paused; it resumes when your reply arrives.',
        ]);
  },

  refusal: (context, given) => {
    const reason = given.text('reason', 'why the request is refused');
    return context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `К сожалению, мы не можем выполнить ваш запрос ${context.number}.`,
          `Причина: ${reason}`,
          'Если у вас есть вопросы или новые сведения, ответьте на это письмо.',
        ])
      : letter(context, [
          'Hello,',
          `Unfortunately, we cannot fulfil your request ${context.number}.`,
          `Reason: ${reason}`,
          'If you have questions or new information, please reply to this letter.',
        ]);
  },

  completion: (context, given) => {
    const whatWasFixed = given.text('whatWasFixed', 'what was fixed');
    const how = given.text('how', 'how it was fixed');
    const prevention = given.text('prevention', 'how to prevent it recurring');
    const articles = articleParagraphs(knowledgeBase[context.language].solved, given.params.articles);
    return context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `Ваш запрос ${context.number} выполнен.`,
          { label: 'Что исправлено', body: whatWasFixed },
          { label: 'Как исправлено', body: how },
          { label: 'Как избежать повторения', body: prevention },
          ...articles,
          'Если проблема осталась, ответьте на это письмо в течение нескольких дней, и мы откроем запрос снова.',
        ])
      : letter(context, [
          'Hello,',
          `Your request ${context.number} has been completed.`,
          { label: 'What was fixed', body: whatWasFixed },
          { label: 'How', body: how },
          { label: 'How to prevent it recurring', body: prevention },
          ...articles,
          'If the problem persists, reply to this letter within a few days and we will reopen the request.',
        ]);
  },

  reopened: (context) =>
    context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `Мы получили ваш ответ и снова открыли запрос ${context.number}.`,
          `Специалист продолжит работу, и мы сообщим, к какому сроку запрос будет выполнен. ${keepNumber.ru}`,
        ])
      : letter(context, [
          'Hello,',
          `We have received your reply and reopened your request ${context.number}.`,
          `A specialist will continue working on it, and we will tell you when it will be done. ${keepNumber.en}`,
        ]),

  emergency_taken: (context, given) => {
    const specialist = given.optionalText('specialist');
    const promisedAt = given.optionalMoment('promisedAt', 'when the emergency is expected to be resolved');
    return context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `Мы приняли ваш запрос ${context.number} как аварийный. Работа над ним начата немедленно` +
            (specialist ? `: им занимается специалист ${specialist}.` : '.'),
          ...(promisedAt ? [`Ожидаемое время решения: ${promisedAt}.`] : []),
          ...callbackOf(context, given),
          `Мы будем сообщать вам о ходе работ. ${keepNumber.ru}`,
        ])
      : letter(context, [
          'Hello,',
          `We have accepted your request ${context.number} as an emergency. ` +
            `${specialist ? `Our specialist ${specialist}` : 'A specialist'} started work on it immediately.`,
          ...(promisedAt ? [`Expected resolution time: ${promisedAt}.`] : []),
          ...callbackOf(context, given),
          `We will keep you informed of the progress. ${keepNumber.en}`,
        ]);
  },

  client_note: (context, given) => {
    const note = given.text('note', "the specialist's message to the client");
    return context.language === 'ru'
      ? letter(context, [
          'Здравствуйте!',
          `Сообщение специалиста по вашему запросу ${context.number}:`,
          note,
          keepNumber.ru,
        ])
      : letter(context, [
          'Hello,',
          `A message from the specialist about your request ${context.number}:`,
          note,
          keepNumber.en,
        ]);
  },

  lead_reminder: (context, given) => {
    const ackDeadline = given.moment('ackDeadline', 'when the client must receive a date or a refusal');
    return context.language === 'ru'
      ? staffLetter(context, given, `Напоминание: ответить клиенту до ${ackDeadline}`, [
          `Запрос ${context.number} ещё не оценён. До ${ackDeadline} клиент должен получить срок выполнения или отказ.`,
          'Оцените запрос и назначьте специалиста.',
        ])
      : staffLetter(context, given, `Reminder: the client must get an answer by ${ackDeadline}`, [
          `Request ${context.number} has not been triaged yet. By ${ackDeadline} the client must receive a date or a refusal.`,
          'Please triage the request and assign a specialist.',
        ]);
  },

  ack_escalation: (context, given) => {
    const ackDeadline = given.moment('ackDeadline', 'the deadline for answering the client');
    const autoPromised = given.params.autoPromised === true;
    if (context.language === 'ru') {
      return autoPromised
        ? staffLetter(context, given, 'Эскалация: срок клиенту назначен автоматически, проверьте оценку', [
            `Запрос ${context.number} так и не оценили, а срок ответа клиенту — ${ackDeadline}. ` +
              'Чтобы не нарушить его, клиенту отправлен срок по автоматической оценке.',
            'Проверьте срочность, причину и трудоёмкость; если срок неверен, отправьте клиенту новый.',
          ])
        : staffLetter(context, given, 'Эскалация: нарушен срок ответа клиенту', [
            `По запросу ${context.number} клиент не получил вовремя срок выполнения или отказ: ` +
              `срок ответа был ${ackDeadline}.`,
            'Убедитесь, что запрос оценён и назначен специалист, и разберитесь в причине задержки.',
          ]);
    }
    return autoPromised
      ? staffLetter(context, given, 'Escalation: date set automatically, review the triage', [
          `Request ${context.number} has not been triaged and the client must be answered by ${ackDeadline}. ` +
            'To keep that deadline, the client was sent a date from the automatic triage.',
          'Check the urgency, root cause and effort; if the date is wrong, send the client a new one.',
        ])
      : staffLetter(context, given, 'Escalation: the client was not answered in time', [
          `For request ${context.number} the client did not get a date or a refusal in time: ` +
            `the answer was due by ${ackDeadline}.`,
          'Make sure the request is triaged and assigned, and find out why it was late.',
        ]);
  },

  emergency_page: (context, given) =>
    context.language === 'ru'
      ? staffLetter(context, given, 'СРОЧНО: авария', [
          `Запрос ${context.number}: клиент сообщает об аварии.`,
          'Возьмите запрос в работу немедленно. Первый, кто возьмёт его, ведёт работу до конца.',
        ])
      : staffLetter(context, given, 'URGENT: emergency', [
          `Request ${context.number}: the client reports an emergency.`,
          'Take the request now. Whoever takes it first sees it through.',
        ]),

  emergency_escalation: (context, given) => {
    const level = given.params.level;
    if (level === undefined || !Number.isInteger(level) || level < 1) {
      throw new LetterParamsError(
        `the emergency_escalation letter needs params.level: the escalation level, 1 or more`,
      );
    }
    return context.language === 'ru'
      ? staffLetter(context, given, `СРОЧНО: эскалация ${level}-го уровня, авария не взята в работу`, [
          `Запрос ${context.number}: авария, которую никто ещё не взял в работу (эскалация ${level}-го уровня).`,
          'Возьмите запрос сами или немедленно назначьте специалиста.',
        ])
      : staffLetter(context, given, `URGENT: escalation level ${level}, emergency not taken`, [
          `Request ${context.number}: an emergency nobody has taken yet (escalation level ${level}).`,
          'Take the request yourself or assign a specialist now.',
        ]);
  },

  overdue_escalation: (context, given) => {
    const promisedAt = given.moment('promisedAt', 'the date promised to the client');
    return context.language === 'ru'
      ? staffLetter(context, given, 'Эскалация: обещанный срок прошёл', [
          `Запрос ${context.number} не выполнен к обещанному клиенту сроку (${promisedAt}).`,
          'Решите, что делать: завершите запрос или отправьте клиенту новый срок с объяснением.',
        ])
      : staffLetter(context, given, 'Escalation: the promised date has passed', [
          `Request ${context.number} was not completed by the date promised to the client (${promisedAt}).`,
          'Decide what to do: complete the request or send the client a new date with an explanation.',
        ]);
  },
  step_failed: (context, given) => {
    const step = given.text('step', 'what the system could not do');
    const error = given.text('error', 'why it failed');
    return context.language === 'ru'
      ? staffLetter(context, given, 'Сбой: шаг запроса не выполнен', [
          `Запрос ${context.number}: система не смогла выполнить шаг «${step}» и больше не повторяет его.`,
          `Причина: ${error}`,
          'Проверьте запрос в консоли и доведите этот шаг вручную; остальные запросы работают как обычно.',
        ])
      : staffLetter(context, given, 'Failure: a step of the request failed', [
          `Request ${context.number}: the system could not carry out the step "${step}" and has stopped retrying it.`,
          `Why: ${error}`,
          'Check the request in the console and finish that step by hand; other requests work as usual.',
        ]);
  },
};

const staffLabels = {
  ru: {
    request: 'Запрос',
    client: 'Клиент',
    subject: 'Тема',
    urgency: 'Срочность',
    rootCause: 'Причина проблемы',
    ackDeadline: 'Срок ответа клиенту',
    promisedAt: 'Обещанный срок',
    specialist: 'Специалист',
    summary: 'Кратко',
    unknown: 'не указано',
  },
  en: {
    request: 'Request',
    client: 'Client',
    subject: 'Subject',
    urgency: 'Urgency',
    rootCause: 'Root cause',
    ackDeadline: 'Answer due to the client',
    promisedAt: 'Promised date',
    specialist: 'Specialist',
    summary: 'Summary',
    unknown: 'not given',
  },
} as const;

const assessmentNames: Record<Language, Record<string, string>> = {
  ru: {
    normal: 'обычная',
    high: 'высокая',
    emergency: 'авария',
    product_defect: 'дефект продукта',
    client_environment: 'окружение клиента',
    misuse: 'неверное использование',
    unknown: 'не определена',
  },
  en: {
    normal: 'normal',
    high: 'high',
    emergency: 'emergency',
    product_defect: 'product defect',
    client_environment: "client's environment",
    misuse: 'misuse',
    unknown: 'unknown',
  },
};

/** A letter to staff: a marked subject, what is expected of the reader, then the facts of the ticket. */
function staffLetter(
  context: LetterContext,
  given: Given,
  marker: string,
  message: string[],
): RenderedLetter {
  const labels = staffLabels[context.language];
  const names = assessmentNames[context.language];
  const params = given.params;
  const name = (value: string | undefined) => (value ? (names[value] ?? value) : labels.unknown);
  const ackDeadline = given.optionalMoment('ackDeadline', 'the deadline for answering the client');
  const promisedAt = given.optionalMoment('promisedAt', 'the date promised to the client');
  const facts = [
    `${labels.request}: ${context.number}`,
    `${labels.client}: ${params.clientEmail?.trim() || labels.unknown}`,
    `${labels.subject}: ${originalSubject(context)}`,
    `${labels.urgency}: ${name(params.urgency)}`,
    `${labels.rootCause}: ${name(params.rootCause)}`,
    ...(ackDeadline ? [`${labels.ackDeadline}: ${ackDeadline}`] : []),
    ...(promisedAt ? [`${labels.promisedAt}: ${promisedAt}`] : []),
    ...(params.specialist?.trim() ? [`${labels.specialist}: ${params.specialist.trim()}`] : []),
  ];
  const summary = params.summary?.trim();
  return letter(
    context,
    [...message, facts.join('\n'), ...(summary ? [{ label: labels.summary, body: truncate(summary) }] : [])],
    {
      subject: `${ticketTag(context.number)} ${marker} — ${originalSubject(context)}`,
      signature: staffSignature[context.language],
    },
  );
}

/** Cuts at a word boundary near the limit, so the reader sees where the text was cut. */
function truncate(text: string): string {
  if (text.length <= summaryLimit) return text;
  const cut = text.slice(0, summaryLimit);
  const lastSpace = cut.search(/\s\S*$/);
  return `${(lastSpace > summaryLimit * 0.8 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

// Letters to clients and staff: what the reader sees in each language.

import type { Language } from '../../domain/ticket';
import {
  formatMoment,
  renderLetter,
  renderReceipt,
  type LetterContext,
  type LetterKind,
  type LetterParams,
} from '../../domain/letters';

const context = (language: Language, subject = 'Не формируется отчёт'): LetterContext => ({
  number: 'TRC-000123',
  subject,
  language,
  timeZone: 'Europe/Moscow',
});
const ru = context('ru');
const en = context('en');

// 14:30 UTC is 17:30 in Moscow.
const promisedAt = '2026-11-25T14:30:00Z';
const previousPromisedAt = '2026-11-24T10:00:00Z';
const ackDeadline = '2026-11-25T08:00:00Z';

const staff: LetterParams = {
  clientEmail: 'buh@client.ru',
  urgency: 'high',
  rootCause: 'product_defect',
  summary: 'Отчёт по остаткам не формируется после обновления',
};

describe('formatMoment', () => {
  it('shows Russian dates in the desk time zone', () => {
    expect(formatMoment(new Date(promisedAt), ru)).toBe('25 ноября 2026 г., 17:30 (GMT+3)');
  });

  it('shows English dates in the desk time zone', () => {
    expect(formatMoment(new Date(promisedAt), en)).toBe('25 November 2026, 17:30 (GMT+3)');
  });
});

describe('subjects', () => {
  it('a client letter carries the ticket tag and the original subject', () => {
    expect(renderLetter('promise', ru, { promisedAt }).subject).toBe('[TRC-000123] Не формируется отчёт');
  });

  it('reply prefixes and an earlier tag are not repeated', () => {
    const letter = renderLetter('reopened', context('en', 'RE: Fwd: [TRC-000123] Re: Export fails'), {});
    expect(letter.subject).toBe('[TRC-000123] Export fails');
  });

  it('an empty subject becomes "Ваш запрос" / "Your request"', () => {
    expect(renderLetter('receipt', context('ru', '  '), {}).subject).toBe('[TRC-000123] Ваш запрос');
    expect(renderLetter('receipt', context('en', ''), {}).subject).toBe('[TRC-000123] Your request');
  });
});

describe('letters to the client', () => {
  it('the receipt is the same through renderLetter and renderReceipt', () => {
    expect(renderLetter('receipt', ru, {})).toEqual(renderReceipt(ru));
    expect(renderLetter('receipt', en, {}).text).toContain('registered as TRC-000123');
  });

  const articles = [
    { id: 3, title: 'Ключ лицензии не найден после обновления', url: 'https://support.netix.ru/kb/3' },
    { id: 9, title: 'Ошибка ORA-01555 <при> отчётах', url: 'https://support.netix.ru/kb/9' },
  ];

  it('a receipt with suggested articles lists each title with its address, in Russian', () => {
    const letter = renderLetter('receipt', ru, { articles });
    expect(letter.text).toContain(
      'загляните в нашу базу знаний: возможно, ответ уже есть в этих статьях:\n' +
        '• Ключ лицензии не найден после обновления\n  https://support.netix.ru/kb/3\n' +
        '• Ошибка ORA-01555 <при> отчётах\n  https://support.netix.ru/kb/9',
    );
    expect(letter.text).toContain('Если статья помогла, ответьте на это письмо');
    expect(letter.html).toContain(
      '<ul><li><a href="https://support.netix.ru/kb/3">Ключ лицензии не найден после обновления</a></li>' +
        '<li><a href="https://support.netix.ru/kb/9">Ошибка ORA-01555 &#60;при&#62; отчётах</a></li></ul>',
    );
  });

  it('a receipt with suggested articles lists them in English', () => {
    const text = renderLetter('receipt', en, { articles: articles.slice(0, 1) }).text;
    expect(text).toContain('these articles from our knowledge base may already answer it:\n• Ключ');
    expect(text).toContain('If an article solves the problem, reply to this letter');
  });

  it('a receipt with no suggestion says nothing of the knowledge base', () => {
    for (const context of [ru, en]) {
      const letter = renderLetter('receipt', context, { articles: [] });
      expect(letter).toEqual(renderReceipt(context));
      expect(letter.text).not.toMatch(/базу знаний|knowledge base/);
    }
  });

  it("a completion with linked articles names them after how to prevent it, in the client's language", () => {
    const resolution = { whatWasFixed: 'Ключ', how: 'Переактивировали', prevention: 'Не менять диск' };
    const russian = renderLetter('completion', ru, { ...resolution, articles: articles.slice(0, 1) }).text;
    expect(russian).toContain(
      'Не менять диск\n\nПодробнее в нашей базе знаний:\n• Ключ лицензии не найден после обновления\n' +
        '  https://support.netix.ru/kb/3',
    );
    const english = renderLetter('completion', en, { ...resolution, articles: articles.slice(0, 1) }).text;
    expect(english).toContain('More in our knowledge base:\n• Ключ лицензии');
    expect(renderLetter('completion', en, resolution).text).not.toContain('knowledge base');
  });

  it('the promise names the date and time in Russian', () => {
    const letter = renderLetter('promise', ru, { promisedAt });
    expect(letter.text).toContain('Здравствуйте!');
    expect(letter.text).toContain('запрос TRC-000123 и выполним его до 25 ноября 2026 г., 17:30 (GMT+3)');
    expect(letter.text).toContain('Служба поддержки Netix Triceps');
  });

  it('the promise names the date and time in English', () => {
    const letter = renderLetter('promise', en, { promisedAt });
    expect(letter.text).toContain(
      'request TRC-000123 and will complete it by 25 November 2026, 17:30 (GMT+3)',
    );
    expect(letter.text).toContain('Netix Triceps Support');
  });

  it('a new date gives the new and the previous date and the reason, in Russian', () => {
    const text = renderLetter('new_date', ru, {
      promisedAt,
      previousPromisedAt,
      reason: 'нужен доступ к базе',
    }).text;
    expect(text).toContain('теперь мы выполним его до 25 ноября 2026 г., 17:30 (GMT+3)');
    expect(text).toContain('Прежний срок: 24 ноября 2026 г., 13:00 (GMT+3)');
    expect(text).toContain('Причина: нужен доступ к базе');
  });

  it('a new date gives the new and the previous date and the reason, in English', () => {
    const text = renderLetter('new_date', en, {
      promisedAt,
      previousPromisedAt,
      reason: 'waiting for a patch',
    }).text;
    expect(text).toContain('we will now complete it by 25 November 2026, 17:30 (GMT+3)');
    expect(text).toContain('The previous date was 24 November 2026, 13:00 (GMT+3)');
    expect(text).toContain('Reason: waiting for a patch');
  });

  it('a new date without a reason or previous date says neither', () => {
    const text = renderLetter('new_date', ru, { promisedAt }).text;
    expect(text).not.toContain('Причина');
    expect(text).not.toContain('Прежний срок');
  });

  it('a question asks it and says the deadline is paused, in Russian', () => {
    const text = renderLetter('question', ru, { question: 'Какая у вас версия Triceps?' }).text;
    expect(text).toContain('TRC-000123');
    expect(text).toContain('Какая у вас версия Triceps?');
    expect(text).toContain('срок выполнения запроса приостановлен');
  });

  it('a question asks it and says the deadline is paused, in English', () => {
    const text = renderLetter('question', en, { question: 'Which Triceps version do you run?' }).text;
    expect(text).toContain('TRC-000123');
    expect(text).toContain('Which Triceps version do you run?');
    expect(text).toContain('the deadline for your request is paused');
  });

  it('a refusal says the request is refused and why, in Russian', () => {
    const text = renderLetter('refusal', ru, { reason: 'доработка не входит в поддержку' }).text;
    expect(text).toContain('не можем выполнить ваш запрос TRC-000123');
    expect(text).toContain('Причина: доработка не входит в поддержку');
  });

  it('a refusal says the request is refused and why, in English', () => {
    const text = renderLetter('refusal', en, { reason: 'custom development is not covered' }).text;
    expect(text).toContain('we cannot fulfil your request TRC-000123');
    expect(text).toContain('Reason: custom development is not covered');
  });

  it('a completion has the three labelled sections and the reopen hint, in Russian', () => {
    const letter = renderLetter('completion', ru, {
      whatWasFixed: 'Отчёт по остаткам',
      how: 'Исправили расчёт в версии 5.2.1',
      prevention: 'Обновляйтесь до 5.2.1 и новее',
    });
    expect(letter.text).toContain('Ваш запрос TRC-000123 выполнен.');
    expect(letter.text).toContain('Что исправлено:\nОтчёт по остаткам');
    expect(letter.text).toContain('Как исправлено:\nИсправили расчёт в версии 5.2.1');
    expect(letter.text).toContain('Как избежать повторения:\nОбновляйтесь до 5.2.1 и новее');
    expect(letter.text).toContain('в течение нескольких дней, и мы откроем запрос снова');
    expect(letter.html).toContain('<p><strong>Что исправлено</strong><br>Отчёт по остаткам</p>');
  });

  it('a completion has the three labelled sections and the reopen hint, in English', () => {
    const text = renderLetter('completion', en, {
      whatWasFixed: 'The stock report',
      how: 'Fixed the calculation in 5.2.1',
      prevention: 'Update to 5.2.1 or later',
    }).text;
    expect(text).toContain('Your request TRC-000123 has been completed.');
    expect(text).toContain('What was fixed:\nThe stock report');
    expect(text).toContain('How:\nFixed the calculation in 5.2.1');
    expect(text).toContain('How to prevent it recurring:\nUpdate to 5.2.1 or later');
    expect(text).toContain('within a few days and we will reopen the request');
  });

  it('a reopened letter says the request is open again', () => {
    expect(renderLetter('reopened', ru, {}).text).toContain('снова открыли запрос TRC-000123');
    expect(renderLetter('reopened', en, {}).text).toContain('reopened your request TRC-000123');
  });

  it('an emergency taken names the specialist and the expected time, in Russian', () => {
    const text = renderLetter('emergency_taken', ru, { specialist: 'Анна Смирнова', promisedAt }).text;
    expect(text).toContain('запрос TRC-000123 как аварийный');
    expect(text).toContain('начата немедленно: им занимается специалист Анна Смирнова');
    expect(text).toContain('Ожидаемое время решения: 25 ноября 2026 г., 17:30 (GMT+3)');
  });

  it('an emergency taken names the specialist and the expected time, in English', () => {
    const text = renderLetter('emergency_taken', en, { specialist: 'Anna Smirnova', promisedAt }).text;
    expect(text).toContain('request TRC-000123 as an emergency');
    expect(text).toContain('Our specialist Anna Smirnova started work on it immediately');
    expect(text).toContain('Expected resolution time: 25 November 2026, 17:30 (GMT+3)');
  });

  it('an emergency taken without a time says no time', () => {
    expect(renderLetter('emergency_taken', ru, { specialist: 'Анна' }).text).not.toContain('Ожидаемое время');
  });

  it('a note from the specialist is forwarded as written', () => {
    const note = 'Перезагрузите службу Triceps и попробуйте снова.';
    expect(renderLetter('client_note', ru, { note }).text).toContain(
      `по вашему запросу TRC-000123:\n\n${note}`,
    );
    expect(renderLetter('client_note', en, { note: 'Restart the service.' }).text).toContain(
      'about your request TRC-000123:\n\nRestart the service.',
    );
  });
});

describe('letters to staff', () => {
  it('an emergency page is marked urgent in the subject and asks to take it, in Russian', () => {
    const letter = renderLetter('emergency_page', ru, staff);
    expect(letter.subject).toBe('[TRC-000123] СРОЧНО: авария — Не формируется отчёт');
    expect(letter.text).toContain('Возьмите запрос в работу немедленно');
    expect(letter.text).toContain('Клиент: buh@client.ru');
    expect(letter.text).toContain('Срочность: высокая');
    expect(letter.text).toContain('Причина проблемы: дефект продукта');
    expect(letter.text).toContain('Кратко:\nОтчёт по остаткам не формируется после обновления');
    expect(letter.text).toContain('Triceps Support, автоматическое уведомление');
  });

  it('an emergency page is marked urgent in the subject and asks to take it, in English', () => {
    const letter = renderLetter('emergency_page', en, staff);
    expect(letter.subject).toBe('[TRC-000123] URGENT: emergency — Не формируется отчёт');
    expect(letter.text).toContain('Take the request now');
    expect(letter.text).toContain('Client: buh@client.ru');
    expect(letter.text).toContain('Root cause: product defect');
  });

  it('a lead reminder names the deadline for answering the client', () => {
    const ruLetter = renderLetter('lead_reminder', ru, { ...staff, ackDeadline });
    expect(ruLetter.subject).toMatch(/^\[TRC-000123\] Напоминание: /);
    expect(ruLetter.text).toContain('Срок ответа клиенту: 25 ноября 2026 г., 11:00 (GMT+3)');
    expect(ruLetter.text).toContain('Оцените запрос');
    const enLetter = renderLetter('lead_reminder', en, { ...staff, ackDeadline });
    expect(enLetter.subject).toMatch(/^\[TRC-000123\] Reminder: /);
    expect(enLetter.text).toContain('Answer due to the client: 25 November 2026, 11:00 (GMT+3)');
  });

  it('an acknowledgement escalation after an automatic promise asks to review the triage', () => {
    const ruLetter = renderLetter('ack_escalation', ru, { ...staff, ackDeadline, autoPromised: true });
    expect(ruLetter.subject).toMatch(/^\[TRC-000123\] Эскалация: /);
    expect(ruLetter.text).toContain('срок по автоматической оценке');
    const enLetter = renderLetter('ack_escalation', en, { ...staff, ackDeadline, autoPromised: true });
    expect(enLetter.subject).toMatch(/^\[TRC-000123\] Escalation: /);
    expect(enLetter.text).toContain('automatic triage');
  });

  it('an acknowledgement escalation for a missed deadline says it was missed', () => {
    const text = renderLetter('ack_escalation', ru, { ...staff, ackDeadline }).text;
    expect(text).toContain('не получил вовремя срок выполнения или отказ');
    expect(text).toContain('25 ноября 2026 г., 11:00 (GMT+3)');
    expect(renderLetter('ack_escalation', en, { ...staff, ackDeadline }).text).toContain(
      'did not get a date',
    );
  });

  it('an emergency escalation names its level', () => {
    const ruLetter = renderLetter('emergency_escalation', ru, { ...staff, level: 2 });
    expect(ruLetter.subject).toMatch(/^\[TRC-000123\] СРОЧНО: эскалация 2-го уровня/);
    expect(ruLetter.text).toContain('Возьмите запрос сами или немедленно назначьте специалиста');
    const enLetter = renderLetter('emergency_escalation', en, { ...staff, level: 1 });
    expect(enLetter.subject).toMatch(/^\[TRC-000123\] URGENT: escalation level 1/);
  });

  it('an overdue escalation names the promise and the specialist', () => {
    const ruLetter = renderLetter('overdue_escalation', ru, {
      ...staff,
      promisedAt,
      specialist: 'Иван Петров',
    });
    expect(ruLetter.subject).toMatch(/^\[TRC-000123\] Эскалация: обещанный срок прошёл/);
    expect(ruLetter.text).toContain('Обещанный срок: 25 ноября 2026 г., 17:30 (GMT+3)');
    expect(ruLetter.text).toContain('Специалист: Иван Петров');
    const enLetter = renderLetter('overdue_escalation', en, {
      ...staff,
      promisedAt,
      specialist: 'Ivan Petrov',
    });
    expect(enLetter.text).toContain('Promised date: 25 November 2026, 17:30 (GMT+3)');
    expect(enLetter.text).toContain('Specialist: Ivan Petrov');
  });

  it('a long summary is cut to about 500 characters', () => {
    const summary = 'слово '.repeat(200);
    const text = renderLetter('emergency_page', ru, { ...staff, summary }).text;
    const quoted = text.split('Кратко:\n')[1]!.split('\n')[0]!;
    expect(quoted.length).toBeLessThanOrEqual(501);
    expect(quoted.endsWith('слово…')).toBe(true);
  });

  it('missing facts are shown as not given', () => {
    expect(renderLetter('emergency_page', ru, {}).text).toContain('Клиент: не указано');
    expect(renderLetter('emergency_page', en, {}).text).toContain('Urgency: not given');
  });
});

describe('HTML', () => {
  it('escapes what the specialist wrote', () => {
    const letter = renderLetter('refusal', en, { reason: '<script>alert("x")</script> & more' });
    expect(letter.html).not.toContain('<script>');
    expect(letter.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; more');
    expect(letter.text).toContain('Reason: <script>alert("x")</script> & more');
  });

  it('keeps line breaks of a multi-line note', () => {
    expect(renderLetter('client_note', ru, { note: 'Шаг 1\nШаг 2' }).html).toContain('<p>Шаг 1<br>Шаг 2</p>');
  });
});

describe('missing params', () => {
  it.each<[LetterKind, string, LetterParams]>([
    ['promise', 'promisedAt', {}],
    ['new_date', 'promisedAt', { previousPromisedAt }],
    ['question', 'question', {}],
    ['refusal', 'reason', {}],
    ['refusal', 'reason', { reason: '   ' }],
    ['completion', 'whatWasFixed', { how: 'a', prevention: 'b' }],
    ['completion', 'how', { whatWasFixed: 'a', prevention: 'b' }],
    ['completion', 'prevention', { whatWasFixed: 'a', how: 'b' }],
    ['client_note', 'note', {}],
    ['lead_reminder', 'ackDeadline', {}],
    ['ack_escalation', 'ackDeadline', {}],
    ['emergency_escalation', 'level', {}],
    ['overdue_escalation', 'promisedAt', {}],
  ])('%s without params.%s fails naming it', (kind, param, params) => {
    expect(() => renderLetter(kind, ru, params)).toThrow(new RegExp(`${kind}.*params\\.${param}`));
  });

  it('a date that is not an ISO instant fails naming the param', () => {
    expect(() => renderLetter('promise', ru, { promisedAt: 'tomorrow' })).toThrow(
      'the promise letter needs params.promisedAt as an ISO instant, got "tomorrow"',
    );
  });
});

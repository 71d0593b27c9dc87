// What the client reads about voice support: the paid-service explanation, the coming callback, its time.
import { renderLetter, type LetterContext } from '../../domain/letters';
import type { Language } from '../../domain/ticket';

const context = (language: Language, extra: Partial<LetterContext> = {}): LetterContext => ({
  number: 'TRC-000123',
  subject: 'Позвоните мне',
  language,
  timeZone: 'Europe/Moscow',
  voiceOrderAddress: 'sales@netix.example',
  ...extra,
});
// 07:00 UTC: 10:00 in Moscow, 17:00 in Vladivostok.
const callbackAt = '2026-12-08T07:00:00Z';
const promisedAt = '2026-12-08T12:00:00Z';

describe('the receipt of a request for a call', () => {
  test('without voice support it says, in Russian, that it is a paid service and where to order it', () => {
    const { text } = renderLetter('receipt', context('ru'), { voice: 'paid_extra' });
    expect(text).toContain('Ваш запрос зарегистрирован под номером TRC-000123.');
    expect(text).toContain('голосовая поддержка — платная услуга');
    expect(text).toContain('напишите на sales@netix.example');
    expect(text).toContain('мы будем решать ваш запрос по почте');
  });

  test('without voice support it says the same in English', () => {
    const { text, html } = renderLetter('receipt', context('en'), { voice: 'paid_extra' });
    expect(text).toContain('voice support is a paid service');
    expect(text).toContain('write to sales@netix.example and we will send you the terms');
    expect(html).toContain('voice support is a paid service');
  });

  test('with no address to order at, the client is asked to reply', () => {
    const { text } = renderLetter('receipt', context('ru', { voiceOrderAddress: undefined }), {
      voice: 'paid_extra',
    });
    expect(text).toContain('ответьте на это письмо: мы пришлём условия');
  });

  test('with voice support it says the call’s time comes with the date', () => {
    expect(renderLetter('receipt', context('ru'), { voice: 'callback' }).text).toContain(
      'мы сообщим дату и время звонка специалиста',
    );
    expect(renderLetter('receipt', context('en'), { voice: 'callback' }).text).toContain(
      "the date and time of our specialist's call",
    );
  });

  test('a request that asked for no call reads as before', () => {
    expect(renderLetter('receipt', context('ru'), {}).text).not.toMatch(/голосов|позвонит/);
  });
});

describe('the callback’s time', () => {
  test('the promise names the call and the date, in the desk’s zone', () => {
    const { text } = renderLetter('promise', context('ru'), { promisedAt, callbackAt });
    expect(text).toContain('Специалист позвонит вам 8 декабря 2026 г., 10:00 (GMT+3).');
    expect(text).toContain('выполним его до 8 декабря 2026 г., 15:00 (GMT+3)');
  });

  test('in the client organisation’s own zone when it has one', () => {
    const { text } = renderLetter('promise', context('en', { timeZone: 'Asia/Vladivostok' }), {
      promisedAt,
      callbackAt,
    });
    expect(text).toContain('Our specialist will call you on 8 December 2026, 17:00 (GMT+10).');
  });

  test('a new date names the new time of the call', () => {
    const { text } = renderLetter('new_date', context('ru'), { promisedAt, callbackAt });
    expect(text).toContain('Специалист позвонит вам 8 декабря 2026 г., 10:00 (GMT+3).');
  });
});

// Which inbound mail is a robot's: auto-replies known only by their subject, in the languages our
// clients and their colleagues write in, and list mail known only by one list manager's header.
// A client's own request about such a feature is not a robot's.
import { classifyAutomaticMail, type MailTraits } from '../../mail/automaticMail';

/** A plain mail from a client with the given subject and headers (lower-case names, repeats allowed). */
function mail(subject: string, headers: [string, string][] = []): MailTraits {
  return {
    header: (name) => headers.find(([key]) => key === name)?.[1],
    headerValues: (name) => headers.filter(([key]) => key === name).map(([, value]) => value),
    contentType: 'text/plain',
    fromAddress: 'anna@client.example',
    subject,
  };
}

const classify = (traits: MailTraits) =>
  classifyAutomaticMail(traits, { mailFrom: 'anna@client.example', rcptTo: ['support@triceps.local'] }, [
    'support@triceps.local',
  ]);

describe('an auto-reply that says so only in its subject gets no ticket', () => {
  it.each([
    'Auto reply: Не формируется отчёт',
    'Auto-Reply: [TRC-000123] Ваш запрос зарегистрирован',
    'AutoReply: invoice',
    'AUTO: Jane Doe is out of the office (returning 05.06.2024)',
    'Jane Doe is out of the office.',
    'I am out of the office until Monday',
    'Automatic reply: [TRC-000123] Your request is registered',
    'Out of Office: Triceps licence renewal',
    'Out of Office',
    'Out of office reply',
    'Out of Office AutoReply',
    '[Auto-Reply] Invoice 42',
    'Abwesenheitsnotiz: Ihre Anfrage',
    'Automatische Antwort: Ihre Anfrage',
    'Réponse automatique : Votre demande',
    "Réponse automatique d'absence du bureau : Votre demande",
    'REPONSE AUTOMATIQUE: sans accents',
    'Автоматический ответ: [TRC-000123] Запрос зарегистрирован',
    'Автоответ: Не формируется отчёт',
    'Автоответ : с пробелом',
    'Automatinis atsakymas: Jūsų užklausa',
    'Automātiskā atbilde: Jūsu pieprasījums',
    'Automaatne vastus: Teie päring',
    'Automaattinen vastaus: Pyyntösi',
    'Autosvar: Din förfrågan',
    'Frånvaro: Din förfrågan',
    'Fravær: Din henvendelse',
    'Automatisk svar: Din henvendelse',
    'Fraværende: Din henvendelse',
    'Automatisch antwoord: Uw verzoek',
    'Afwezig: Uw verzoek',
    'Odpowiedź automatyczna: Twoje zgłoszenie',
    'Automatická odpověď: Váš požadavek',
    'Respuesta automática: Su solicitud',
    'Risposta automatica: La sua richiesta',
    'Resposta automática: O seu pedido',
    'Автовідповідь: Ваш запит',
    'Автоматична відповідь: Ваш запит',
    'Otomatik yanıt: Talebiniz',
    'OTOMATİK YANIT: Talebiniz',
    '自动回复: 您的请求',
    '自动回复：您的请求',
    '自動応答: お問い合わせ',
  ])('%s', (subject) => {
    expect(classify(mail(subject))).toBe('auto-reply');
  });

  it.each([
    'Re: Automatic reply: invoice',
    'RE: Out of Office: invoice',
    'AW: Abwesenheitsnotiz: Ihre Anfrage',
    'SV: Autosvar: Din förfrågan',
    'Re[2]: Автоответ: отчёт',
    'Ответ: Автоматический ответ: отчёт',
    '[EXTERNAL] Automatic reply: invoice',
    'Fwd: RE: Automatische Antwort: Anfrage',
  ])('%s, after reply and forward prefixes', (subject) => {
    expect(classify(mail(subject))).toBe('auto-reply');
  });
});

describe('a request about auto-replies or absences is a request', () => {
  it.each([
    'Автоответ не работает в Triceps',
    'Re: Автоответ не работает в Triceps',
    'Автоответ',
    'Как настроить автоответ: инструкция нужна',
    'Out of office settings broken',
    'Out of office replies are not sent by Triceps',
    'Our accountant is out of the office and cannot log in',
    'Automatic replies stopped working',
    'Не работает автоматический ответ клиентам',
    'Re: [TRC-000123] Ваш запрос зарегистрирован',
    'Auto: номер не распознаётся',
    'Отчёт не формируется',
    '',
  ])('%s', (subject) => {
    expect(classify(mail(subject))).toBeUndefined();
  });
});

describe('list mail gets a ticket but no receipt', () => {
  it.each<[string, [string, string][]]>([
    ['Mailing-List (ezmlm)', [['mailing-list', 'contact users-help@lists.example; run by ezmlm']]],
    [
      'Delivered-To: mailing list (ezmlm), below the subscriber’s own',
      [
        ['delivered-to', 'anna@client.example'],
        ['delivered-to', 'mailing list users@lists.example'],
      ],
    ],
    ['X-Mailman-Version', [['x-mailman-version', '2.1.39']]],
    ['X-Google-Group-Id', [['x-google-group-id', '123456789012']]],
    ['List-Id', [['list-id', '<users.lists.example>']]],
    ['Precedence: list', [['precedence', 'list']]],
  ])('%s', (_shape, headers) => {
    expect(classify(mail('Новости недели', headers))).toBe('list');
  });

  it('a Delivered-To naming a person is not list mail', () => {
    expect(
      classify(mail('Отчёт не формируется', [['delivered-to', 'support@triceps.local']])),
    ).toBeUndefined();
  });

  it('an auto-reply sent round a list is an auto-reply', () => {
    expect(classify(mail('Out of Office: news', [['x-mailman-version', '2.1.39']]))).toBe('auto-reply');
  });
});

// Cyrillic mail as Russian clients really send it: the charset is told from the text itself, and a
// message mailparser would misread is repaired, while a well-formed one is left byte for byte.

import iconv from 'iconv-lite';
import { simpleParser } from 'mailparser';
import { detectCyrillicCharset, readableMessage, repairCharsets } from '../../mail/charset';

const cp1251 = (text: string) => iconv.encode(text, 'windows-1251');
const koi8r = (text: string) => iconv.encode(text, 'koi8-r');
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** A raw message from header strings and body bytes, lines joined with CRLF. */
function rawMessage(headers: (string | Buffer)[][], body: Buffer | string): Buffer {
  const lines = headers.map((parts) =>
    Buffer.concat([
      ...parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)),
      Buffer.from('\r\n'),
    ]),
  );
  return Buffer.concat([...lines, Buffer.from('\r\n'), typeof body === 'string' ? Buffer.from(body) : body]);
}

const LONG_TEXT =
  'Здравствуйте! После обновления до версии 5.2 у нас перестала работать печать чеков: касса выдаёт ' +
  'ошибку "Принтер не найден". Перезагрузка не помогла. Прошу срочно помочь, магазин стоит.';

const SHORT_PHRASES = [
  'Не работает печать',
  'Срочно: ошибка',
  'Вопрос по лицензии',
  'Принтер не печатает',
  'Сбой базы данных',
  'Счёт-фактура №15',
  'ОШИБКА ПРИ ЗАПУСКЕ',
  'Жду ответа',
];

describe('detectCyrillicCharset', () => {
  it('a long windows-1251 text is windows-1251', () => {
    expect(detectCyrillicCharset(cp1251(LONG_TEXT))).toBe('windows-1251');
  });

  it('a long KOI8-R text is KOI8-R', () => {
    expect(detectCyrillicCharset(koi8r(LONG_TEXT))).toBe('koi8-r');
  });

  it.each(SHORT_PHRASES)('the short phrase "%s" is recognised in windows-1251', (phrase) => {
    expect(detectCyrillicCharset(cp1251(phrase))).toBe('windows-1251');
  });

  it.each(SHORT_PHRASES)('the short phrase "%s" is recognised in KOI8-R', (phrase) => {
    expect(detectCyrillicCharset(koi8r(phrase))).toBe('koi8-r');
  });

  it('Russian mixed with English and digits is still told apart', () => {
    expect(detectCyrillicCharset(cp1251('Triceps 5.2: ошибка 0x80004005 при входе'))).toBe('windows-1251');
    expect(detectCyrillicCharset(koi8r('Triceps 5.2: ошибка 0x80004005 при входе'))).toBe('koi8-r');
  });

  it('valid UTF-8 Cyrillic is UTF-8', () => {
    expect(detectCyrillicCharset(utf8('Не работает печать'))).toBe('utf-8');
  });

  it('UTF-8 cut off in the middle of a letter is still UTF-8, not windows-1251 mojibake', () => {
    const cut = utf8('Не работает печать').subarray(0, -1);
    expect(detectCyrillicCharset(cut)).toBe('utf-8');
    const raw = rawMessage([['Subject: test'], ['Content-Type: text/plain; charset=utf-8']], cut);
    expect(readableMessage(raw)).toBe(raw);
  });

  it('plain ASCII has no charset to detect', () => {
    expect(detectCyrillicCharset(Buffer.from('Printer does not work'))).toBeUndefined();
    expect(detectCyrillicCharset(Buffer.alloc(0))).toBeUndefined();
  });

  it('Latin-1 accents are not taken for Russian', () => {
    expect(detectCyrillicCharset(iconv.encode('Grüße aus München, café', 'latin1'))).toBeUndefined();
  });
});

describe('readableMessage leaves well-formed messages byte for byte', () => {
  const wellFormed: [string, Buffer][] = [
    [
      'UTF-8 with encoded-word headers',
      rawMessage(
        [
          ['From: =?UTF-8?B?', utf8('Иван Петров').toString('base64'), '?= <ivan@client.ru>'],
          ['Subject: =?UTF-8?B?', utf8('Не работает печать').toString('base64'), '?='],
          ['MIME-Version: 1.0'],
          ['Content-Type: text/plain; charset=utf-8'],
          ['Content-Transfer-Encoding: 8bit'],
        ],
        utf8(LONG_TEXT),
      ),
    ],
    [
      'UTF-8 with raw UTF-8 headers (RFC 6532)',
      rawMessage(
        [['Subject: ', utf8('Вопрос по лицензии')], ['Content-Type: text/plain; charset="UTF-8"']],
        utf8('Когда истекает лицензия?'),
      ),
    ],
    [
      'windows-1251 declared',
      rawMessage(
        [
          ['Subject: =?windows-1251?B?', cp1251('Срочно: ошибка').toString('base64'), '?='],
          ['Content-Type: text/plain; charset=windows-1251'],
          ['Content-Transfer-Encoding: 8bit'],
        ],
        cp1251(LONG_TEXT),
      ),
    ],
    [
      'KOI8-R declared',
      rawMessage(
        [
          ['Subject: =?koi8-r?B?', koi8r('Срочно: ошибка').toString('base64'), '?='],
          ['Content-Type: text/plain; charset="koi8-r"'],
          ['Content-Transfer-Encoding: 8bit'],
        ],
        koi8r(LONG_TEXT),
      ),
    ],
    [
      'multipart with a base64 UTF-8 part and an attachment',
      rawMessage(
        [['Subject: test'], ['MIME-Version: 1.0'], ['Content-Type: multipart/mixed; boundary="XYZ"']],
        [
          '--XYZ',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          utf8(LONG_TEXT).toString('base64'),
          '--XYZ',
          'Content-Type: application/octet-stream; name="data.bin"',
          'Content-Disposition: attachment; filename="data.bin"',
          '',
          '\xff\xfe\xc0\xc1',
          '--XYZ--',
          '',
        ].join('\r\n'),
      ),
    ],
    ['plain ASCII without MIME headers', rawMessage([['Subject: hello']], 'Just text.\r\n')],
  ];

  it.each(wellFormed)('a %s message comes back as the very same bytes', (_, raw) => {
    const result = readableMessage(raw);
    expect(result).toBe(raw);
    expect(result.equals(raw)).toBe(true);
    expect(repairCharsets(raw).repairs).toEqual([]);
  });
});

describe('readableMessage repairs what mailparser would misread', () => {
  async function read(raw: Buffer) {
    const repaired = readableMessage(raw);
    expect(repaired).not.toBe(raw);
    const parsed = await simpleParser(repaired);
    return { subject: parsed.subject, from: parsed.from?.value[0], text: parsed.text?.trim(), parsed };
  }

  it('a windows-1251 body with no declared charset is read as windows-1251', async () => {
    const raw = rawMessage([['Subject: test'], ['Content-Type: text/plain']], cp1251(LONG_TEXT));
    expect((await read(raw)).text).toBe(LONG_TEXT);
  });

  it('a KOI8-R body with no Content-Type at all is read as KOI8-R', async () => {
    const raw = rawMessage([['Subject: test']], koi8r(LONG_TEXT));
    expect((await read(raw)).text).toBe(LONG_TEXT);
  });

  it('a body declared iso-8859-1 that is really windows-1251 is read as windows-1251', async () => {
    const raw = rawMessage(
      [
        ['Subject: test'],
        ['Content-Type: text/plain; charset="iso-8859-1"'],
        ['Content-Transfer-Encoding: 8bit'],
      ],
      cp1251(LONG_TEXT),
    );
    expect((await read(raw)).text).toBe(LONG_TEXT);
    expect(repairCharsets(raw).repairs).toEqual([
      'a text/plain part declared charset iso-8859-1, but its text is windows-1251; read as windows-1251',
    ]);
  });

  it('a quoted-printable body declared us-ascii that is really KOI8-R is read as KOI8-R', async () => {
    const qp = koi8r('Вопрос по лицензии')
      .toString('latin1')
      .replace(/[\x80-\xff=]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const raw = rawMessage(
      [
        ['Subject: test'],
        ['Content-Type: text/plain; charset=us-ascii'],
        ['Content-Transfer-Encoding: quoted-printable'],
      ],
      qp,
    );
    expect((await read(raw)).text).toBe('Вопрос по лицензии');
  });

  it('a body declared windows-1251 that is really UTF-8 is read as UTF-8', async () => {
    const raw = rawMessage(
      [['Subject: test'], ['Content-Type: text/plain; charset=windows-1251']],
      utf8(LONG_TEXT),
    );
    expect((await read(raw)).text).toBe(LONG_TEXT);
  });

  it('a long body declared KOI8-R that is plainly windows-1251 is read as windows-1251', async () => {
    const raw = rawMessage(
      [['Subject: test'], ['Content-Type: text/plain; charset=koi8-r']],
      cp1251(LONG_TEXT),
    );
    expect((await read(raw)).text).toBe(LONG_TEXT);
  });

  it('a short body declared KOI8-R is trusted even when it could be windows-1251', () => {
    const raw = rawMessage(
      [['Subject: test'], ['Content-Type: text/plain; charset=koi8-r']],
      cp1251('Жду ответа'),
    );
    expect(readableMessage(raw)).toBe(raw);
  });

  it('a text part in a multipart message is repaired and the attachment beside it is untouched', async () => {
    const raw = rawMessage(
      [['Subject: test'], ['MIME-Version: 1.0'], ['Content-Type: multipart/mixed; boundary=b1']],
      Buffer.concat([
        Buffer.from('--b1\r\nContent-Type: text/plain\r\n\r\n'),
        cp1251('Не работает печать'),
        Buffer.from('\r\n--b1\r\nContent-Type: application/octet-stream\r\n'),
        Buffer.from('Content-Disposition: attachment; filename="scan.bin"\r\n\r\n'),
        cp1251('Не трогать'),
        Buffer.from('\r\n--b1--\r\n'),
      ]),
    );
    const { text, parsed } = await read(raw);
    expect(text).toBe('Не работает печать');
    expect(parsed.attachments[0]?.content.equals(cp1251('Не трогать'))).toBe(true);
  });

  it.each([
    ['windows-1251', cp1251],
    ['KOI8-R', koi8r],
  ])('raw %s Subject and From headers become encoded words', async (_, encode) => {
    const raw = rawMessage(
      [
        ['From: ', encode('Иван Петров'), ' <ivan@client.ru>'],
        ['To: "', encode('Поддержка, Triceps'), '" <support@netix.example>'],
        ['Subject: Re: ', encode('Не работает печать')],
      ],
      'Hello\r\n',
    );
    const { subject, from, parsed } = await read(raw);
    expect(subject).toBe('Re: Не работает печать');
    expect(from).toEqual({ name: 'Иван Петров', address: 'ivan@client.ru' });
    expect(parsed.to).toMatchObject({
      value: [{ name: 'Поддержка, Triceps', address: 'support@netix.example' }],
    });
  });

  it('a raw windows-1251 attachment filename becomes readable', async () => {
    const raw = rawMessage(
      [['Subject: test'], ['Content-Type: multipart/mixed; boundary=b1']],
      Buffer.concat([
        Buffer.from('--b1\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n'),
        Buffer.from('--b1\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename="'),
        cp1251('Счёт на оплату.pdf'),
        Buffer.from('"\r\n\r\n%PDF\r\n--b1--\r\n'),
      ]),
    );
    expect((await read(raw)).parsed.attachments[0]?.filename).toBe('Счёт на оплату.pdf');
  });

  it('a long raw subject is folded into several encoded words that read back whole', async () => {
    const subject = 'Очень длинная тема письма про то, что ничего не работает уже третий день подряд';
    const repaired = readableMessage(rawMessage([['Subject: ', cp1251(subject)]], 'x'));
    expect(repaired.toString('latin1').split('\r\n\r\n')[0]!.split('\r\n').length).toBeGreaterThan(1);
    expect((await simpleParser(repaired)).subject).toBe(subject);
  });

  it('a message with LF line endings is repaired with LF line endings', async () => {
    const raw = Buffer.concat([
      Buffer.from('Subject: '),
      koi8r('Срочно: ошибка'),
      Buffer.from('\n\n'),
      koi8r('Текст'),
    ]);
    const repaired = readableMessage(raw);
    expect(repaired.includes('\r')).toBe(false);
    const parsed = await simpleParser(repaired);
    expect([parsed.subject, parsed.text?.trim()]).toEqual(['Срочно: ошибка', 'Текст']);
  });
});

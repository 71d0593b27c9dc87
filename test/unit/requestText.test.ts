// What staff see of a client's mail: the subject and text in readable Russian or English, a summary
// without quoted mail and signatures, the attachments, and a note of anything that could not be read.

import iconv from 'iconv-lite';
import { parseRequest, readRequestText } from '../../mail/requestText';

const cp1251 = (text: string) => iconv.encode(text, 'windows-1251');
const koi8r = (text: string) => iconv.encode(text, 'koi8-r');

/** A raw message: header lines, an empty line, the body; lines joined with CRLF. */
function rawMessage(headers: string[], body: Buffer | string = ''): Buffer {
  return Buffer.concat([Buffer.from(`${headers.join('\r\n')}\r\n\r\n`), Buffer.from(body)]);
}

const plainUtf8 = (subject: string, body: string) =>
  rawMessage(
    [
      'From: client@example.ru',
      `Subject: =?UTF-8?B?${Buffer.from(subject).toString('base64')}?=`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
    ],
    body.replace(/\n/g, '\r\n'),
  );

describe('reading the text in the charset the client used', () => {
  it('a UTF-8 plain text message is read as it is, with nothing to report', async () => {
    const request = await parseRequest(plainUtf8('Не работает печать', 'Добрый день!\nПринтер не печатает.'));
    expect(request).toMatchObject({
      subject: 'Не работает печать',
      text: 'Добрый день!\nПринтер не печатает.',
      summary: 'Добрый день!\nПринтер не печатает.',
      attachments: [],
      problems: [],
    });
    expect(request.html).toBeUndefined();
  });

  it('a body declared windows-1251 is read as windows-1251', async () => {
    const raw = rawMessage(
      ['Subject: test', 'Content-Type: text/plain; charset=windows-1251', 'Content-Transfer-Encoding: 8bit'],
      cp1251('Касса не печатает чеки с утра.'),
    );
    expect(await parseRequest(raw)).toMatchObject({ text: 'Касса не печатает чеки с утра.', problems: [] });
  });

  it('a body declared KOI8-R is read as KOI8-R', async () => {
    const raw = rawMessage(
      ['Subject: test', 'Content-Type: text/plain; charset=koi8-r', 'Content-Transfer-Encoding: 8bit'],
      koi8r('Касса не печатает чеки с утра.'),
    );
    expect(await parseRequest(raw)).toMatchObject({ text: 'Касса не печатает чеки с утра.', problems: [] });
  });

  it('encoded-word subjects in KOI8-R (B) and windows-1251 (Q) are decoded', async () => {
    const koiSubject = `=?koi8-r?B?${koi8r('Срочно: ошибка').toString('base64')}?=`;
    const cpSubject = `=?windows-1251?Q?${[...cp1251('Вопрос по лицензии')]
      .map((byte) => (byte === 0x20 ? '_' : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`))
      .join('')}?=`;
    expect((await parseRequest(rawMessage([`Subject: ${koiSubject}`], 'x'))).subject).toBe('Срочно: ошибка');
    expect((await parseRequest(rawMessage([`Subject: ${cpSubject}`], 'x'))).subject).toBe(
      'Вопрос по лицензии',
    );
  });

  it('a raw windows-1251 subject and an undeclared body are repaired, and the repair is noted', async () => {
    const raw = Buffer.concat([
      Buffer.from('From: client@example.ru\r\nSubject: '),
      cp1251('Не работает печать'),
      Buffer.from('\r\n\r\n'),
      cp1251('Принтер пишет "нет бумаги", хотя бумага есть.'),
    ]);
    const request = await parseRequest(raw);
    expect(request.subject).toBe('Не работает печать');
    expect(request.text).toBe('Принтер пишет "нет бумаги", хотя бумага есть.');
    expect(request.problems).toEqual([
      'the Subject header had unencoded 8-bit text; read as windows-1251',
      'a text/plain part did not declare its charset; read as windows-1251',
    ]);
  });
});

describe('HTML-only mail', () => {
  it('has its text taken from the HTML: no styles or scripts, line breaks kept, entities decoded', async () => {
    const html =
      '<html><head><style>p { color: red }</style><script>alert("x")</script></head><body>' +
      '<p>Добрый день!</p><div>Не работает отчёт &laquo;Продажи&raquo; &amp; печать.<br>Ошибка 500.</div>' +
      '</body></html>';
    const request = await parseRequest(
      rawMessage(['Subject: html', 'Content-Type: text/html; charset=utf-8'], html),
    );
    expect(request.html).toBe(html);
    expect(request.text).not.toMatch(/color|alert|<|&amp;/);
    expect(request.text.split('\n').filter((line) => line.trim())).toEqual([
      'Добрый день!',
      'Не работает отчёт «Продажи» & печать.',
      'Ошибка 500.',
    ]);
    expect(request.summary).toBe(request.text.trim());
  });
});

describe('the summary is the client’s own words', () => {
  it('a quoted reply and the signature are left out of the summary but kept in the text', async () => {
    const body = [
      'Спасибо, но ошибка осталась.',
      'Скриншот прикладываю.',
      '',
      '-- ',
      'Иван Петров',
      'ООО «Ромашка»',
      '',
      '> Попробуйте переустановить драйвер.',
      '> ',
    ].join('\n');
    const request = await parseRequest(plainUtf8('Re: Не работает печать', body));
    expect(request.summary).toBe('Спасибо, но ошибка осталась.\nСкриншот прикладываю.');
    expect(request.text).toBe(body);
  });

  it('a Gmail-style "On … wrote:" block, wrapped over two lines, and everything below it is left out', async () => {
    const body = [
      'The report still fails.',
      '',
      'On Mon, 12 Jan 2026 at 10:15, Netix Support <support@netix.example>',
      'wrote:',
      '> Please try again.',
      'Not a quote, but below the attribution.',
    ].join('\n');
    expect((await parseRequest(plainUtf8('Re: report', body))).summary).toBe('The report still fails.');
  });

  it('a Russian "… написал(а):" attribution and the quote under it are left out', async () => {
    const body = [
      'Всё заработало, спасибо!',
      '',
      '12 января 2026 г., в 10:15, Служба поддержки <support@netix.example> написал(а):',
      '> Перезапустите службу.',
    ].join('\n');
    expect((await parseRequest(plainUtf8('Re: касса', body))).summary).toBe('Всё заработало, спасибо!');
  });

  it('an Outlook-style Russian quote header "От: … Отправлено: …" and everything below it are left out', async () => {
    const body = [
      'Коллеги, ошибка повторилась сегодня в 9:40.',
      '',
      'С уважением,',
      'Мария Сидорова',
      'главный бухгалтер',
      '',
      'От: Служба поддержки Netix [mailto:support@netix.example]',
      'Отправлено: 12 января 2026 г. 10:15',
      'Кому: Мария Сидорова',
      'Тема: RE: Ошибка при проведении',
      '',
      'Мария, добрый день! Пришлите, пожалуйста, журнал ошибок.',
    ].join('\n');
    expect((await parseRequest(plainUtf8('RE: Ошибка', body))).summary).toBe(
      'Коллеги, ошибка повторилась сегодня в 9:40.',
    );
  });

  it('an English "-----Original Message-----" block and a "Best regards," closing are left out', async () => {
    const body = [
      'The licence key was rejected again.',
      '',
      'Best regards,',
      'John Smith',
      '-----Original Message-----',
      'From: Netix Support',
      'Please enter the new key.',
    ].join('\n');
    expect((await parseRequest(plainUtf8('RE: licence', body))).summary).toBe(
      'The licence key was rejected again.',
    );
  });

  it('"С уважением," in the middle of a long text is not taken for a signature', async () => {
    const body = [
      'С уважением,',
      ...Array.from({ length: 12 }, (_, i) => `Пункт ${i + 1}: не работает.`),
    ].join('\n');
    expect((await parseRequest(plainUtf8('Список', body))).summary).toBe(body);
  });

  it('a mail that is nothing but a forwarded original keeps it as the summary', async () => {
    const body = ['-----Original Message-----', 'From: Ivan', 'Sent: Monday', '', 'The server is down.'].join(
      '\n',
    );
    expect((await parseRequest(plainUtf8('FW: down', body))).summary).toBe(body);
  });

  it('the summary is at most 4000 characters while the text is kept in full', async () => {
    const body = 'Очень длинное описание проблемы. '.repeat(300).trim();
    const request = await parseRequest(plainUtf8('long', body));
    expect(request.text).toBe(body);
    expect(request.summary).toHaveLength(4000);
    expect(await readRequestText(plainUtf8('long', body))).toBe(request.summary);
  });
});

describe('attachments', () => {
  const pdf = Buffer.from('%PDF-1.4 fake invoice');
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  const russianName = 'Счёт на оплату.pdf';

  it('are listed with filename, type and size, an RFC 2231 Russian filename and inline images included', async () => {
    const raw = rawMessage(
      ['Subject: invoice', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="outer"'],
      [
        '--outer',
        'Content-Type: multipart/related; boundary="inner"',
        '',
        '--inner',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Счёт во вложении.</p><img src="cid:logo@client">',
        '--inner',
        'Content-Type: image/png',
        'Content-ID: <logo@client>',
        'Content-Disposition: inline',
        'Content-Transfer-Encoding: base64',
        '',
        png.toString('base64'),
        '--inner--',
        '--outer',
        'Content-Type: application/pdf',
        `Content-Disposition: attachment; filename*=utf-8''${encodeURIComponent(russianName)}`,
        'Content-Transfer-Encoding: base64',
        '',
        pdf.toString('base64'),
        '--outer--',
        '',
      ].join('\r\n'),
    );
    const request = await parseRequest(raw);
    expect(request.text.trim()).toBe('Счёт во вложении.');
    expect(request.attachments.map(({ content: _, ...meta }) => meta)).toEqual([
      {
        filename: 'attachment-1.png',
        contentType: 'image/png',
        size: png.length,
        contentId: 'logo@client',
        inline: true,
      },
      {
        filename: russianName,
        contentType: 'application/pdf',
        size: pdf.length,
        contentId: undefined,
        inline: false,
      },
    ]);
    expect(request.attachments[1]!.content.equals(pdf)).toBe(true);
    expect(request.problems).toEqual([]);
  });

  it('of 1200 attachments the first 100 are kept, the text is still read, and the rest are noted as dropped', async () => {
    const parts = Array.from({ length: 1200 }, (_, i) =>
      [
        '--b',
        `Content-Type: text/csv; name="row${i}.csv"`,
        'Content-Disposition: attachment',
        '',
        `${i}`,
      ].join('\r\n'),
    );
    const raw = rawMessage(
      ['Subject: many', 'Content-Type: multipart/mixed; boundary=b'],
      ['--b', 'Content-Type: text/plain', '', 'See the files.', ...parts, '--b--', ''].join('\r\n'),
    );
    const request = await parseRequest(raw);
    expect(request.text.trim()).toBe('See the files.');
    expect(request.attachments).toHaveLength(100);
    expect(request.attachments[99]!.filename).toBe('row99.csv');
    expect(request.problems).toEqual(['the message has 1200 attachments; only the first 100 are kept']);
  });
});

describe('broken and empty messages never throw', () => {
  it('a multipart message without a boundary is read with the boundary found in its body', async () => {
    const raw = rawMessage(
      ['Subject: broken', 'MIME-Version: 1.0', 'Content-Type: multipart/mixed'],
      ['--abc', 'Content-Type: text/plain; charset=utf-8', '', 'Не открывается отчёт.', '--abc--', ''].join(
        '\r\n',
      ),
    );
    const request = await parseRequest(raw);
    expect(request.text.trim()).toBe('Не открывается отчёт.');
    expect(request.problems).toEqual([
      'the message is not valid MIME: its multipart/mixed header names no boundary; read with the boundary "abc" found in the body',
    ]);
  });

  it('a multipart message cut off in the middle keeps its text and notes that parts may be missing', async () => {
    const raw = rawMessage(
      ['Subject: truncated', 'Content-Type: multipart/mixed; boundary="b"'],
      [
        '--b',
        'Content-Type: text/plain',
        '',
        'Прилагаю журнал.',
        '--b',
        'Content-Type: application/pdf',
        '',
        '%PD',
      ].join('\r\n'),
    );
    const request = await parseRequest(raw);
    expect(request.text.trim()).toBe('Прилагаю журнал.');
    expect(request.problems).toEqual([
      'the message is not valid MIME: it ends before the closing boundary of its multipart/mixed body; parts may be missing',
    ]);
  });

  it('a multipart message with no delimiter at all falls back to its raw body', async () => {
    const raw = rawMessage(
      ['Subject: no parts', 'Content-Type: multipart/mixed'],
      'Просто текст без частей.\r\n',
    );
    const request = await parseRequest(raw);
    expect(request.text.trim()).toBe('Просто текст без частей.');
    expect(request.problems).toEqual([
      'the message is not valid MIME: its multipart/mixed header names no boundary',
      'no readable text part was found; the text is the raw body',
    ]);
  });

  it('bytes that are no mail at all give what could be read and no exception', async () => {
    const request = await parseRequest(Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10, 0x41]));
    expect(request.subject).toBe('');
    expect(typeof request.text).toBe('string');
  });

  it('a message with an empty body has empty text and summary and nothing to report', async () => {
    const request = await parseRequest(rawMessage(['From: client@example.ru', 'Subject: (no text)']));
    expect(request).toMatchObject({
      subject: '(no text)',
      text: '',
      summary: '',
      attachments: [],
      problems: [],
    });
  });

  it('zero bytes are an empty message', async () => {
    expect(await parseRequest(Buffer.alloc(0))).toMatchObject({
      text: '',
      problems: ['the message is empty'],
    });
  });
});

import iconv from 'iconv-lite';
import { attachmentText } from '../../mail/attachmentText';

test('a log in windows-1251 reads as the Russian it is', () => {
  const log = iconv.encode('Ошибка: нет доступа к папке обмена\n', 'windows-1251');
  expect(attachmentText('журнал.log', 'application/octet-stream', log)).toBe(
    'Ошибка: нет доступа к папке обмена\n',
  );
});

test('a .csv is text by its name, a text/plain part by its type, UTF-16 by its byte-order mark', () => {
  expect(attachmentText('остатки.csv', 'application/vnd.ms-excel', Buffer.from('код;остаток\n1;5\n'))).toBe(
    'код;остаток\n1;5\n',
  );
  expect(attachmentText('notes', 'text/plain', Buffer.from('deadlock detected'))).toBe('deadlock detected');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Event 1000', 'utf-16le')]);
  expect(attachmentText('events.txt', 'text/plain', utf16)).toBe('Event 1000');
});

test('images, archives, HTML and binary files named .log have no text', () => {
  expect(attachmentText('screen.png', 'image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeUndefined();
  expect(attachmentText('logs.zip', 'application/zip', Buffer.from('PK\u0003\u0004'))).toBeUndefined();
  expect(attachmentText('page.html', 'text/html', Buffer.from('<p>x</p>'))).toBeUndefined();
  expect(
    attachmentText('core.log', 'application/octet-stream', Buffer.from([1, 0, 2, 0, 3])),
  ).toBeUndefined();
});

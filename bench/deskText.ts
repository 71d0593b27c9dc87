// A support desk's words, shared by the benchmarks that need realistic mail: bench:search writes them into the
// database in bulk (its SQL picks from these lists), bench:scale sends them over SMTP (requestLetter).
import type { Random } from './random';

// Typical searches of a support desk: common and rare words, inflected forms, phrases, prefixes as typed,
// ticket numbers, addresses and error codes.
export const QUERIES = [
  'ошибка',
  'не работает',
  'отчёт',
  'принтер',
  'счета-фактуры',
  'счетов-фактур',
  'настроек',
  'обновлению',
  '"не запускается"',
  'не проводится документ',
  'синхрон',
  'лиценз',
  'TRC-012345',
  '045678',
  'TRC 777',
  'client1233@romashka.ru',
  'ORA-01555',
  '0x80070005',
  'E1234',
  'ошибка 0x80070005',
  'database connection timeout',
  'license expired',
  'deadlock',
  'кластеризация',
  'ксилофон',
];

// ---- The text: sentences from a desk's real vocabulary; the generators pick common ones far more often ------

export const GREETINGS = [
  'Добрый день!',
  'Здравствуйте.',
  'Коллеги, добрый день.',
  'Hello,',
  'Hi team,',
  'Добрый вечер.',
];
export const SIGNATURES = [
  'С уважением,\nИван Петров\nООО «Ромашка»',
  'С уважением, Мария Сидорова, главный бухгалтер',
  '--\nАлексей Смирнов\nсистемный администратор\nтел. +7 495 123-45-67',
  'Best regards,\nJohn Smith\nIT department',
  'Спасибо!',
  'Отправлено с iPhone',
];
export const OBJECTS = [
  'отчёт',
  'отчёта',
  'отчёты',
  'документ',
  'документа',
  'документы',
  'принтер',
  'принтера',
  'сервер',
  'сервера',
  'базу данных',
  'базы данных',
  'обмен',
  'обмена',
  'выгрузку',
  'выгрузки',
  'счёт-фактуру',
  'счета-фактуры',
  'счетов-фактур',
  'накладную',
  'накладные',
  'справочник',
  'справочника',
  'модуль склада',
  'модуля зарплаты',
  'кассу',
  'кассы',
  'лицензию',
  'лицензии',
  'настройки',
  'настроек',
  'пользователя',
  'пользователей',
  'журнал регистрации',
  'печатную форму',
  'кластеризация',
];
export const RUSSIAN = [
  'При формировании {obj} появляется ошибка.',
  'Не работает {obj}.',
  'Программа не запускается после обновления.',
  'После обновления не проводится {obj}.',
  'Ошибка при открытии {obj}: {code}.',
  'Не проводится документ, система пишет {code}.',
  'Пропала синхронизация {obj} с сервером.',
  'Очень медленно работает {obj}, особенно утром.',
  'Прошу проверить {obj} и перезапустить службу.',
  'Вчера всё работало, сегодня {obj} не открывается.',
  'Срочно! Не можем отгрузить товар, не печатается {obj}.',
  'Пользователи жалуются на зависание при сохранении {obj}.',
  'Перестала работать лицензия, пишет что ключ не найден.',
  'Не сходятся остатки в {obj} за прошлый месяц.',
  'Скриншот ошибки во вложении, журнал тоже прикладываю.',
  'Подскажите, как восстановить {obj} из резервной копии.',
  'Приходит пустой {obj} при обмене с банком.',
  'После переустановки драйвера принтер печатает пустые листы.',
  'Не могу войти под пользователем, пароль верный.',
  'Касса не пробивает чеки, ошибка фискального накопителя {code}.',
  'Повторяется та же проблема, что и в обращении {ticket}.',
  'Обновление до новой версии прошло с ошибкой {code}.',
  'Нужна помощь с настройкой прав доступа для {obj}.',
  'Сервер перегружен, запросы выполняются по несколько минут.',
  'Всё равно не работает, ошибка та же.',
  'Спасибо, после перезагрузки заработало.',
];
export const ENGLISH = [
  'The {eobj} fails with error {code} after the update.',
  'Database connection timeout when opening the {eobj}.',
  'Our license expired yesterday, please extend it.',
  'The export job hangs, deadlock detected in the log.',
  'Users cannot log in since this morning.',
  'Please find the log attached, the error is {code}.',
  'The {eobj} is extremely slow on the terminal server.',
  'Printing the {eobj} produces blank pages.',
  'Synchronization with the warehouse stopped working.',
  'Still not working, same error as before.',
];
export const ENGLISH_OBJECTS = [
  'report',
  'invoice',
  'database',
  'printer',
  'exchange',
  'license server',
  'cash register',
];
export const CODES = [
  '0x80070005',
  'ORA-01555',
  'E1234',
  '0x8007000E',
  'ORA-00060',
  'E0404',
  'HTTP 500',
  'SQLSTATE 40001',
  'КОД 17',
];
export const SUBJECTS = [
  'Ошибка при проведении документа',
  'Не формируется отчёт',
  'Не печатает принтер',
  'Не работает обмен с банком',
  'Проблема с лицензией',
  'Медленно работает база',
  'Не запускается программа',
  'Счёт-фактура не выгружается',
  'Вопрос по настройке',
  'Срочно: не работает касса',
  'Error after update',
  'License expired',
  'Report is slow',
  'Ошибка синхронизации',
];

/** One of the items, the first ones more often the larger `skew` is (1: uniform), as bench_pick in SQL. */
function pick<T>(random: Random, items: readonly T[], skew: number): T {
  return items[Math.floor(Math.pow(random(), skew) * items.length)]!;
}

function sentence(random: Random): string {
  const code = () =>
    random() < 0.7
      ? pick(random, CODES, 2.0)
      : `ORA-${String(Math.floor(random() * 99999)).padStart(5, '0')}`;
  const template = random() < 0.8 ? pick(random, RUSSIAN, 1.4) : pick(random, ENGLISH, 1.2);
  return template
    .replace('{obj}', () => pick(random, OBJECTS, 1.6))
    .replace('{eobj}', () => pick(random, ENGLISH_OBJECTS, 1.3))
    .replace('{code}', code)
    .replace('{ticket}', () => `TRC-${String(1 + Math.floor(random() * 100_000)).padStart(6, '0')}`);
}

/** A client's first letter: a subject of its own (numbered) and a body of two to six sentences, as bench_text. */
export function requestLetter(random: Random, i: number): { subject: string; text: string } {
  const sentences = Array.from({ length: 2 + Math.floor(random() * 5) }, () => sentence(random));
  const rare =
    random() < 0.3
      ? ` Сервер srv-app-${Math.floor(random() * 5000)}, файл otchet_${Math.floor(random() * 20000)}.xlsx.`
      : '';
  return {
    subject: `${pick(random, SUBJECTS, 1.3)} (№${i + 1})`,
    text: `${pick(random, GREETINGS, 1)}\n\n${sentences.join(' ')}${rare}\n\n${pick(random, SIGNATURES, 1)}`,
  };
}

// The automatic first guess of urgency, root cause and a phone request from the client's own words.

import { guessTriage } from '../../domain/triage';

describe('urgency: emergencies are the whole system down, data lost or security broken', () => {
  it.each([
    ['Авария', 'Ничего не работает с утра'],
    ['Не работает Triceps', 'Программа не работает у всех пользователей'],
    ['Проблема', 'Остановлена работа склада, простой всего офиса'],
    ['Упал сервер', 'Сервер Triceps недоступен'],
    ['База', 'Сегодня упала база, никто не может войти'],
    ['Данные', 'После сбоя потеряли все данные за неделю'],
    ['Безопасность', 'Похоже, наш сервер взломали'],
    ['Production down', 'Nobody can work since 9am'],
    ['Outage', 'Total outage in all branches'],
    ['Data', 'We lost all our data after the migration'],
    ['Login', 'This is critical: all users cannot log in'],
  ])('"%s: %s" is an emergency', (subject, text) => {
    expect(guessTriage(subject, text).urgency).toBe('emergency');
  });

  it('a lone "срочно" is high, not an emergency', () => {
    expect(guessTriage('СРОЧНО', 'Нужно поправить шаблон отчёта').urgency).toBe('high');
  });

  it('a lone "urgent" is high, not an emergency', () => {
    expect(guessTriage('URGENT!!!', 'Please change the report template').urgency).toBe('high');
  });

  it('a failure for one user is not an emergency', () => {
    expect(guessTriage('Отчёт', 'У меня не открывается отчёт по остаткам').urgency).toBe('normal');
  });

  it('"all users" without a failure is not an emergency', () => {
    expect(guessTriage('Settings', 'How do I change the date format for all users?').urgency).toBe('normal');
  });

  it('"упали продажи" is about sales, not a server going down', () => {
    expect(guessTriage('Отчёт', 'В отчёте видно, что упали продажи, как это проверить?').urgency).toBe(
      'normal',
    );
  });

  it('a greeting to everyone does not turn one failure into an emergency', () => {
    expect(guessTriage('Export', 'Hello everyone, the export does not work').urgency).toBe('normal');
  });
});

describe('urgency: high', () => {
  it.each([
    ['Срочно нужна помощь', ''],
    ['Отчёт', 'Прошу исправить как можно скорее'],
    ['Важно', 'Нужно до конца дня'],
    ['Report', 'Please fix ASAP'],
    ['Report', 'This is high priority for us'],
    ['Касса', 'Не запускается программа, не могу работать'],
    ['Client', "The app won't start and I cannot work"],
  ])('"%s: %s" is high', (subject, text) => {
    expect(guessTriage(subject, text).urgency).toBe('high');
  });

  it('"не срочно" is not urgent', () => {
    expect(guessTriage('Вопрос', 'Не срочно: подскажите, как выгрузить отчёт').urgency).toBe('normal');
  });

  it('"not urgent" is not urgent', () => {
    expect(guessTriage('Question', 'Not urgent, but how do I export a report?').urgency).toBe('normal');
  });

  it('an ordinary question is normal', () => {
    const guess = guessTriage('Вопрос по отчёту', 'Добрый день! Как настроить отчёт по остаткам?');
    expect(guess).toMatchObject({ urgency: 'normal', rootCause: 'misuse', phoneRequested: false });
    expect(guess.statedUrgency).toBeUndefined();
  });
});

describe('stated urgency', () => {
  it('"Срочность: высокая" is stated high', () => {
    expect(guessTriage('Отчёт', 'Срочность: высокая\nНе формируется отчёт')).toMatchObject({
      urgency: 'high',
      statedUrgency: 'high',
    });
  });

  it('"Priority: urgent" is stated high', () => {
    expect(guessTriage('Report', 'Priority: urgent')).toMatchObject({
      urgency: 'high',
      statedUrgency: 'high',
    });
  });

  it('"Urgency: critical" is a stated emergency', () => {
    expect(guessTriage('Report', 'Urgency: Critical\nThe invoice screen shows an error')).toMatchObject({
      urgency: 'emergency',
      statedUrgency: 'emergency',
    });
  });

  it('"авария" in the subject is a stated emergency, whatever the body says', () => {
    expect(guessTriage('АВАРИЯ!', 'Помогите')).toMatchObject({
      urgency: 'emergency',
      statedUrgency: 'emergency',
    });
  });

  it('a stated normal urgency wins over alarming words', () => {
    const guess = guessTriage('Отчёт', 'Приоритет: обычный. Ничего не работает в модуле отчётов');
    expect(guess).toMatchObject({ urgency: 'normal', statedUrgency: 'normal' });
    expect(guess.reasons.join('\n')).toContain('the stated urgency wins');
  });

  it('a stated high urgency wins over words that would make it an emergency', () => {
    expect(guessTriage('Сервер', 'Приоритет — высокий. Упал сервер')).toMatchObject({
      urgency: 'high',
      statedUrgency: 'high',
    });
  });

  it('a stated low urgency becomes normal: there is no low level', () => {
    const guess = guessTriage('Question', 'Priority: low\nURGENT: how do I add a user?');
    expect(guess).toMatchObject({ urgency: 'normal', statedUrgency: 'normal' });
    expect(guess.reasons[0]).toContain('no low urgency');
  });

  it('"низкая срочность" becomes normal', () => {
    expect(guessTriage('Вопрос', 'Низкая срочность, срочно не нужно')).toMatchObject({
      urgency: 'normal',
      statedUrgency: 'normal',
    });
  });

  it('"not an emergency" is not a stated emergency', () => {
    const guess = guessTriage('Report', "It's not an emergency, but the report is wrong");
    expect(guess.urgency).toBe('normal');
    expect(guess.statedUrgency).toBeUndefined();
  });
});

describe('Russian word forms', () => {
  it.each(['не запускается', 'не запустилась', 'не запустится', 'перестала запускаться'])(
    '"%s" for all users is an emergency',
    (failure) => {
      expect(guessTriage('Triceps', `Программа ${failure} у всех пользователей`).urgency).toBe('emergency');
    },
  );

  it.each(['Упал сервер', 'Упала база', 'База данных упала', 'Сервер лежит', 'Легла система'])(
    '"%s" is an emergency',
    (subject) => {
      expect(guessTriage(subject, '').urgency).toBe('emergency');
    },
  );

  it.each(['срочно', 'Срочная задача', 'очень срочный вопрос', 'СРОЧНО!'])('"%s" is high', (subject) => {
    expect(guessTriage(subject, '').urgency).toBe('high');
  });

  it('ё is read as е', () => {
    expect(guessTriage('Всё', 'Все пользователи: ничего не работает, всё встало').urgency).toBe('emergency');
  });

  it('"зависит" is not "завис"', () => {
    expect(guessTriage('Вопрос', 'Результат зависит от настроек?').rootCause).toBe('unknown');
  });
});

describe('root cause', () => {
  it.each([
    ['Ошибка', 'После обновления при проведении документа вылетает исключение'],
    ['Сбой', 'Программа падает при печати накладной'],
    ['Отчёт', 'Отчёт даёт неправильный результат по остаткам'],
    ['Crash', 'After the update the app crashes with an exception'],
    ['Totals', 'The invoice shows wrong totals, looks like a bug'],
  ])('"%s: %s" is a product defect', (subject, text) => {
    expect(guessTriage(subject, text).rootCause).toBe('product_defect');
  });

  it.each([
    ['Подключение', 'Нет доступа к серверу, антивирус блокирует соединение'],
    ['Ошибка сертификата', 'При входе ошибка сертификата'],
    ['Место', 'Не хватает памяти на диске сервера'],
    ['Proxy', 'Our network goes through a proxy and the firewall blocks Triceps'],
    ['Install', 'Installation fails on Windows Server 2012: permissions problem with the driver'],
  ])('"%s: %s" is the client environment', (subject, text) => {
    expect(guessTriage(subject, text).rootCause).toBe('client_environment');
  });

  it.each([
    ['Вопрос', 'Как сделать выгрузку в Excel?'],
    ['Вопрос', 'Не могу найти, где включить уведомления'],
    ['Инструкция', 'Пришлите, пожалуйста, инструкцию по закрытию месяца'],
    ['Question', 'How do I add a new warehouse?'],
    ['Question', 'Where can I find the user manual?'],
  ])('"%s: %s" is misuse', (subject, text) => {
    expect(guessTriage(subject, text).rootCause).toBe('misuse');
  });

  it('no telling words leave the root cause unknown', () => {
    expect(guessTriage('Вопрос', 'Добрый день, помогите, пожалуйста').rootCause).toBe('unknown');
  });

  it('equally weighted causes leave the root cause unknown and say why', () => {
    const guess = guessTriage('Прокси', 'Как настроить прокси в Triceps?');
    expect(guess.rootCause).toBe('unknown');
    expect(guess.reasons.join('\n')).toMatch(/client_environment.*misuse.*weigh the same/);
  });

  it('a specific cause outweighs a bare "error"', () => {
    expect(guessTriage('Error', 'SSL certificate error when connecting').rootCause).toBe(
      'client_environment',
    );
  });
});

describe('phone call requested', () => {
  it.each([
    'Позвоните мне, пожалуйста',
    'Перезвоните по номеру +7 495 000-00-00',
    'Удобнее обсудить по телефону',
    'Нужен звонок специалиста',
    'Можем созвониться завтра?',
    'Нужна голосовая поддержка',
    'Please call me back',
    'Can we discuss this by phone?',
    'We need voice support for this',
  ])('"%s" asks for a call', (text) => {
    expect(guessTriage('Запрос', text).phoneRequested).toBe(true);
  });

  it('a phone number in the signature is not a request for a call', () => {
    expect(guessTriage('Отчёт', 'Как настроить отчёт?\n--\nИван, тел. +7 495 000-00-00').phoneRequested).toBe(
      false,
    );
  });

  it('"не звоните" is not a request for a call', () => {
    expect(guessTriage('Отчёт', 'Не звоните, пожалуйста, ответьте письмом').phoneRequested).toBe(false);
  });
});

describe('reasons shown to the specialist', () => {
  it('quote the words the guess was based on', () => {
    const guess = guessTriage('Не работает', 'Не работает Triceps у всех пользователей. Позвоните!');
    expect(guess.reasons).toEqual([
      'emergency: mentions "не работает" and "у всех пользователей"',
      'root cause unknown: no words pointing to one',
      'phone call requested: mentions "позвоните"',
    ]);
  });

  it('ignore lines quoted from earlier letters', () => {
    const guess = guessTriage(
      'Re: [TRC-000123] Отчёт',
      'Спасибо, всё понятно.\n> Срочно! Ничего не работает',
    );
    expect(guess.urgency).toBe('normal');
    expect(guess.reasons).toContain('normal: no urgency stated or implied');
  });
});

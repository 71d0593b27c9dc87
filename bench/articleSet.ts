// A knowledge base of Triceps articles and requests labelled with the articles that answer them, written by hand:
// `npm run bench:articles` measures the receipt's suggestions on it, and a test guards a minimum.
//
// The requests are written as clients write (greetings, their own words, a code from the screen), not copied
// from the articles; a quarter of them have no article that answers them, so that a suggestion where none fits
// counts against us.
import type { Language, RootCause } from '../domain/ticket';

export interface SeedArticle {
  key: string;
  language: Language;
  title: string;
  tags: string[];
  rootCause: RootCause | null;
  productArea: string;
  body: string;
}

export interface LabelledRequest {
  subject: string;
  text: string;
  language: Language;
  relevant: string[]; // keys of the articles that answer it; empty: none does, nothing should be suggested
  heldOut?: boolean; // written after the rule was chosen, and never used to choose it
}

export const seedArticles: SeedArticle[] = [
  {
    key: 'license-ru',
    language: 'ru',
    title: 'Ключ лицензии не найден после обновления Triceps',
    tags: ['лицензия', 'ключ', 'активация', 'обновление'],
    rootCause: 'client_environment',
    productArea: 'Лицензирование',
    body: `После обновления Triceps или переноса на другой компьютер программа может сообщить
«Лицензия не найдена» или «Ключ защиты не обнаружен». Ключ привязан к оборудованию, и после замены
диска, сетевой карты или переустановки системы его нужно активировать заново.

1. Откройте **Администрирование → Лицензии**.
2. Нажмите «Повторная активация» и введите регистрационный номер из договора.
3. Если сервер лицензий стоит отдельно, проверьте, что служба *Triceps License Service* запущена и порт 4750
   открыт в брандмауэре.

Если активация не проходит, пришлите нам файл \`license.log\` из папки программы.`,
  },
  {
    key: 'ora-ru',
    language: 'ru',
    title: 'Ошибка ORA-01555 «snapshot too old» при формировании больших отчётов',
    tags: ['oracle', 'отчёты', 'ora-01555', 'undo'],
    rootCause: 'client_environment',
    productArea: 'Отчёты',
    body: `Отчёт за длинный период (оборотно-сальдовая ведомость за год, анализ продаж) прерывается с ошибкой
\`ORA-01555: snapshot too old\`. Oracle не успевает сохранить старые версии строк, пока отчёт читает их.

Что сделать администратору базы данных:

- увеличить параметр \`UNDO_RETENTION\` хотя бы до 3600 секунд;
- проверить, что табличное пространство UNDO может расти (AUTOEXTEND ON);
- формировать тяжёлые отчёты вне часов обмена и закрытия месяца.

Пока параметр не изменён, отчёт можно сформировать частями, например по кварталам.`,
  },
  {
    key: 'printing-ru',
    language: 'ru',
    title: 'Принтер печатает пустые листы или не печатает печатные формы',
    tags: ['печать', 'принтер', 'драйвер', 'печатная форма'],
    rootCause: 'client_environment',
    productArea: 'Печать',
    body: `Если накладная, счёт или другая печатная форма выходит из принтера пустой или не печатается вовсе:

1. Проверьте печать из другой программы: если пусто и там, дело в драйвере принтера.
2. Переустановите драйвер с сайта производителя (не универсальный драйвер Windows).
3. В Triceps откройте **Файл → Параметры печати** и сбросьте масштаб на «По ширине листа».
4. На терминальном сервере включите перенаправление принтеров и используйте драйвер Easy Print.

Предварительный просмотр показывает форму правильно, а лист пустой? Почти всегда это драйвер.`,
  },
  {
    key: 'bank-ru',
    language: 'ru',
    title: 'Обмен с банком: выписка загружается пустой',
    tags: ['банк', 'обмен', 'выписка', 'клиент-банк'],
    rootCause: 'misuse',
    productArea: 'Банк',
    body: `При загрузке выписки из банка документы не создаются, а журнал обмена показывает 0 строк.

Причины:

- файл выгружен из банка в кодировке UTF-8, а в настройках обмена указана Windows-1251 (или наоборот);
- в настройке обмена выбран не тот расчётный счёт;
- период выписки в файле не совпадает с периодом, выбранным при загрузке.

Откройте **Банк → Настройки обмена**, проверьте кодировку файла 1CClientBankExchange и номер счёта, затем
загрузите выписку заново. Повторная загрузка не задвоит документы.`,
  },
  {
    key: 'kkt-ru',
    language: 'ru',
    title: 'Касса не пробивает чеки: ошибка фискального накопителя',
    tags: ['касса', 'ккт', 'фискальный накопитель', 'фн', 'чек'],
    rootCause: 'client_environment',
    productArea: 'Касса',
    body: `Касса перестала пробивать чеки и пишет «Ошибка ФН» или «Исчерпан ресурс фискального накопителя».

- Если срок ФН истёк или он заполнен, его нужно заменить и перерегистрировать кассу в ФНС: обратитесь в
  центр обслуживания ККТ.
- Если ФН исправен, проверьте, что смена не длится больше 24 часов: закройте смену и откройте новую.
- Проверьте связь с ОФД: неотправленные документы старше 30 дней блокируют кассу.

Драйвер ККТ в Triceps должен быть версии 10.9 или новее.`,
  },
  {
    key: 'slow-ru',
    language: 'ru',
    title: 'База медленно работает по утрам: регламентные задания и индексы',
    tags: ['производительность', 'медленно', 'база данных', 'индексы'],
    rootCause: 'client_environment',
    productArea: 'Сервер',
    body: `Если Triceps заметно тормозит утром, а к обеду работает нормально, обычно виновато обслуживание базы,
которое не успевает закончиться ночью, или резервное копирование, запущенное в рабочее время.

1. Перенесите резервное копирование и перестроение индексов на ночь.
2. Включите регламентное задание «Обновление статистики» ежедневно.
3. Проверьте свободное место на диске сервера: меньше 10 % замедляет всё.
4. На терминальном сервере проверьте загрузку процессора и памяти другими программами.

Зависание при сохранении документов, которое длится минутами, — повод прислать нам журнал регистрации.`,
  },
  {
    key: 'posting-ru',
    language: 'ru',
    title: 'Документ не проводится после обновления: закрытый период',
    tags: ['документы', 'проведение', 'закрытие периода', 'дата запрета'],
    rootCause: 'misuse',
    productArea: 'Учёт',
    body: `После обновления некоторые документы перестают проводиться с сообщением «Дата документа попадает в
закрытый период» или «Недостаточно прав для изменения данных прошлого периода».

В новой версии дата запрета изменения данных проверяется для всех документов. Главный бухгалтер может
открыть период: **Администрирование → Даты запрета изменения**. После правки закройте период снова.

Если документ не проводится и без даты запрета, перепроведите его с флажком «Пересчитать движения».`,
  },
  {
    key: 'backup-ru',
    language: 'ru',
    title: 'Как восстановить базу из резервной копии',
    tags: ['резервная копия', 'восстановление', 'backup'],
    rootCause: null,
    productArea: 'Сервер',
    body: `Резервные копии Triceps лежат в папке, указанной в **Администрирование → Резервное копирование**
(по умолчанию \`D:\\TricepsBackup\`), по одному файлу \`.tbk\` на день.

Чтобы восстановить базу:

1. Попросите всех пользователей выйти из программы.
2. Запустите **Администрирование → Восстановление из копии** и выберите файл нужной даты.
3. После восстановления проверьте последние документы: всё, что введено после копии, нужно ввести заново.

Восстановление заменяет текущие данные. Если не уверены, сначала сделайте копию текущей базы.`,
  },
  {
    key: 'login-ru',
    language: 'ru',
    title: 'Пользователь не может войти: неверный пароль или учётная запись заблокирована',
    tags: ['вход', 'пароль', 'пользователи', 'права доступа', 'блокировка'],
    rootCause: 'misuse',
    productArea: 'Администрирование',
    body: `Сообщение «Неверное имя пользователя или пароль» при верном пароле чаще всего значит, что учётная
запись заблокирована после пяти неудачных попыток входа.

- Администратор разблокирует её в **Администрирование → Пользователи**: снимите флажок «Заблокирован».
- Там же можно сбросить пароль: пользователь задаст новый при следующем входе.
- Если включён вход через домен Windows, проверьте, что имя пользователя домена указано в его карточке.

Сообщение «Недостаточно прав» после входа означает, что пользователю не назначен профиль доступа.`,
  },
  {
    key: 'edo-ru',
    language: 'ru',
    title: 'Счёт-фактура не выгружается в ЭДО',
    tags: ['эдо', 'счёт-фактура', 'упд', 'выгрузка', 'электронный документооборот'],
    rootCause: 'product_defect',
    productArea: 'ЭДО',
    body: `Счёт-фактура или УПД остаётся в статусе «Не отправлен», а в журнале ЭДО ошибка «Не заполнен
идентификатор участника».

1. Проверьте, что у контрагента в карточке заполнен идентификатор ЭДО (его даёт оператор).
2. Обновите сертификат подписи: просроченный сертификат тоже блокирует отправку.
3. В версии 5.2.1 счета-фактуры на аванс не выгружались из-за ошибки программы; она исправлена в 5.2.3.

После исправления нажмите «Отправить повторно» в журнале ЭДО.`,
  },
  {
    key: 'license-en',
    language: 'en',
    title: 'License key not found after updating Triceps',
    tags: ['license', 'activation', 'key', 'update'],
    rootCause: 'client_environment',
    productArea: 'Licensing',
    body: `After an update, or after moving Triceps to another computer, the program may say "License not found"
or "Protection key not detected". The key is bound to the hardware: after replacing a disk or a network card,
or reinstalling the system, activate it again.

1. Open **Administration → Licenses**.
2. Click "Reactivate" and enter the registration number from your contract.
3. If a separate license server is used, check that the *Triceps License Service* is running and port 4750 is
   open in the firewall.

If activation fails, send us \`license.log\` from the program folder.`,
  },
  {
    key: 'ora-en',
    language: 'en',
    title: 'ORA-01555 "snapshot too old" on large reports',
    tags: ['oracle', 'reports', 'ora-01555', 'undo'],
    rootCause: 'client_environment',
    productArea: 'Reports',
    body: `A report over a long period (a yearly trial balance, a sales analysis) stops with
\`ORA-01555: snapshot too old\`: Oracle could not keep old row versions while the report read them.

Ask your database administrator to:

- raise \`UNDO_RETENTION\` to at least 3600 seconds;
- let the UNDO tablespace grow (AUTOEXTEND ON);
- run heavy reports outside exchange hours and month-end closing.

Until then, build the report in parts, for example by quarter.`,
  },
  {
    key: 'printing-en',
    language: 'en',
    title: 'Printing produces blank pages',
    tags: ['printing', 'printer', 'driver'],
    rootCause: 'client_environment',
    productArea: 'Printing',
    body: `If an invoice, a delivery note or another print form comes out of the printer blank:

1. Print from another program. Blank there too? The printer driver is at fault.
2. Reinstall the driver from the manufacturer's site (not the generic Windows driver).
3. In Triceps open **File → Print settings** and reset the scale to "Fit to page width".
4. On a terminal server enable printer redirection and use the Easy Print driver.

The preview looks right but the page is blank? It is almost always the driver.`,
  },
  {
    key: 'timeout-en',
    language: 'en',
    title: 'Database connection timeout and slow work on a terminal server',
    tags: ['performance', 'timeout', 'database', 'terminal server'],
    rootCause: 'client_environment',
    productArea: 'Server',
    body: `"Database connection timeout" or long freezes usually come from the database server being overloaded,
or from maintenance and backups running during working hours.

1. Move backups and index rebuilds to the night.
2. Enable the daily "Update statistics" scheduled job.
3. Keep at least 10 % free disk space on the database server.
4. On a terminal server check CPU and memory used by other programs.

If a timeout happens on every connection, check the network between the terminal server and the database server.`,
  },
  {
    key: 'login-en',
    language: 'en',
    title: 'A user cannot log in: wrong password or locked account',
    tags: ['login', 'password', 'users', 'access rights', 'locked'],
    rootCause: 'misuse',
    productArea: 'Administration',
    body: `"Invalid user name or password" with the right password usually means the account was locked after five
failed attempts.

- An administrator unlocks it in **Administration → Users** by clearing "Locked".
- The password can be reset there too: the user sets a new one at the next login.
- With Windows domain sign-in, check that the user's domain name is filled in on their card.

"Insufficient rights" after logging in means no access profile is assigned to the user.`,
  },
  {
    key: 'sync-en',
    language: 'en',
    title: 'Warehouse synchronization stopped',
    tags: ['synchronization', 'warehouse', 'exchange', 'sync service'],
    rootCause: 'product_defect',
    productArea: 'Warehouse',
    body: `Stock levels in the warehouse module stop updating from the shops, and the exchange monitor shows the last
successful exchange hours ago.

1. Restart the *Triceps Sync* service on the server.
2. Check the exchange folder: a file left from an interrupted exchange blocks the next one; delete \`sync.lock\`.
3. Version 5.2.0 could stop synchronizing after a message with an empty barcode; update to 5.2.2 or later.`,
  },
];

export const labelledRequests: LabelledRequest[] = [
  // ---- Russian, answered by an article ----
  {
    subject: 'Не запускается программа',
    text: 'Добрый день! После вчерашнего обновления Triceps пишет, что лицензия не найдена. Что делать?',
    language: 'ru',
    relevant: ['license-ru'],
  },
  {
    subject: 'Слетела активация',
    text: 'Поменяли жёсткий диск на сервере, теперь программа требует ключ. Регистрационный номер есть.',
    language: 'ru',
    relevant: ['license-ru'],
  },
  {
    subject: 'Ошибка при формировании отчёта',
    text: 'Здравствуйте. Оборотно-сальдовая ведомость за год падает с ошибкой ORA-01555. За месяц формируется.',
    language: 'ru',
    relevant: ['ora-ru'],
  },
  {
    subject: 'Отчёт по продажам прерывается',
    text: 'Анализ продаж за 2025 год не досчитывается, пишет snapshot too old. Oracle 19c.',
    language: 'ru',
    relevant: ['ora-ru'],
  },
  {
    subject: 'Не печатает принтер',
    text: 'Накладные выходят пустыми листами, хотя в предварительном просмотре всё видно.',
    language: 'ru',
    relevant: ['printing-ru'],
  },
  {
    subject: 'Печать на терминальном сервере',
    text: 'Коллеги, с терминального сервера не печатаются счета на локальный принтер пользователя.',
    language: 'ru',
    relevant: ['printing-ru'],
  },
  {
    subject: 'Выписка из банка',
    text: 'Загружаем выписку, а документы не создаются, в журнале обмена 0 строк. Банк Точка.',
    language: 'ru',
    relevant: ['bank-ru'],
  },
  {
    subject: 'Срочно: не работает касса',
    text: 'Касса не пробивает чеки, на экране «Ошибка ФН». Магазин стоит!',
    language: 'ru',
    relevant: ['kkt-ru'],
  },
  {
    subject: 'Фискальный накопитель',
    text: 'Пишет что исчерпан ресурс фискального накопителя, что делать с кассой?',
    language: 'ru',
    relevant: ['kkt-ru'],
  },
  {
    subject: 'Медленно работает база',
    text: 'Каждое утро с 9 до 11 всё жутко тормозит, документы сохраняются по минуте. После обеда нормально.',
    language: 'ru',
    relevant: ['slow-ru'],
  },
  {
    subject: 'Не проводится документ',
    text: 'После обновления реализации за март не проводятся: дата документа попадает в закрытый период.',
    language: 'ru',
    relevant: ['posting-ru'],
  },
  {
    subject: 'Восстановить базу',
    text: 'Подскажите, как восстановить базу из резервной копии за прошлую пятницу? Бухгалтер удалила документы.',
    language: 'ru',
    relevant: ['backup-ru'],
  },
  {
    subject: 'Не могу войти',
    text: 'Не могу войти под своим пользователем, пишет неверный пароль, хотя пароль точно верный.',
    language: 'ru',
    relevant: ['login-ru'],
  },
  {
    subject: 'Учётная запись заблокирована',
    text: 'У кладовщика заблокирована учётная запись, как разблокировать? Администратор в отпуске.',
    language: 'ru',
    relevant: ['login-ru'],
  },
  {
    subject: 'Счёт-фактура не уходит в ЭДО',
    text: 'Счета-фактуры на аванс висят в статусе «Не отправлен», в журнале ЭДО ошибка про идентификатор участника.',
    language: 'ru',
    relevant: ['edo-ru'],
  },
  {
    subject: 'УПД не отправляется',
    text: 'УПД контрагенту не отправляется через электронный документооборот. Сертификат вроде действует.',
    language: 'ru',
    relevant: ['edo-ru'],
  },
  {
    subject: 'Касса и принтер',
    text: 'Утром касса не пробивает чеки (ошибка ФН), а принтер в бухгалтерии печатает пустые листы.',
    language: 'ru',
    relevant: ['kkt-ru', 'printing-ru'],
  },
  // ---- Russian, no article answers it ----
  {
    subject: 'Счёт на продление поддержки',
    text: 'Добрый день! Пришлите, пожалуйста, счёт на оплату продления поддержки на следующий год.',
    language: 'ru',
    relevant: [],
  },
  {
    subject: 'Смена реквизитов',
    text: 'У нас сменился юридический адрес и директор, внесите изменения в договор.',
    language: 'ru',
    relevant: [],
  },
  {
    subject: 'Обучение сотрудников',
    text: 'Можно ли организовать обучение для трёх новых бухгалтеров? Сколько это стоит?',
    language: 'ru',
    relevant: [],
  },
  {
    subject: 'Новая печатная форма',
    text: 'Хотим доработку: добавить в печатную форму договора логотип и QR-код для оплаты.',
    language: 'ru',
    relevant: [],
  },
  {
    subject: 'Зарплата',
    text: 'Неправильно считается НДФЛ в модуле зарплаты для сотрудника-нерезидента.',
    language: 'ru',
    relevant: [],
  },
  // ---- English, answered by an article ----
  {
    subject: 'License expired?',
    text: 'Hello, after the update Triceps says the license key was not found. We did not change anything.',
    language: 'en',
    relevant: ['license-en'],
  },
  {
    subject: 'Activation after server move',
    text: 'We moved Triceps to a new server and now it asks for activation. Where do we enter the registration number?',
    language: 'en',
    relevant: ['license-en'],
  },
  {
    subject: 'Report fails',
    text: 'Hi team, the yearly trial balance fails with ORA-01555 snapshot too old. Monthly works.',
    language: 'en',
    relevant: ['ora-en'],
  },
  {
    subject: 'Blank pages',
    text: 'Printing invoices produces blank pages, the preview is fine. HP LaserJet.',
    language: 'en',
    relevant: ['printing-en'],
  },
  {
    subject: 'Database connection timeout',
    text: 'Since this morning users get database connection timeout when opening documents on the terminal server.',
    language: 'en',
    relevant: ['timeout-en'],
  },
  {
    subject: 'Very slow',
    text: 'Triceps is extremely slow every morning, saving a document takes a minute. Is it the backup?',
    language: 'en',
    relevant: ['timeout-en'],
  },
  {
    subject: 'Cannot log in',
    text: 'One of our users cannot log in, it says invalid user name or password. Is the account locked?',
    language: 'en',
    relevant: ['login-en'],
  },
  {
    subject: 'Sync with shops',
    text: 'Warehouse stock does not update from the shops since yesterday, the exchange monitor shows no exchange.',
    language: 'en',
    relevant: ['sync-en'],
  },
  {
    subject: 'Synchronization stopped',
    text: 'Synchronization with the warehouse stopped working after a power cut. There is a sync.lock file.',
    language: 'en',
    relevant: ['sync-en'],
  },
  {
    subject: 'Two problems',
    text: 'Our accountant cannot log in (locked account?), and the others get database connection timeout.',
    language: 'en',
    relevant: ['login-en', 'timeout-en'],
  },
  // ---- English, no article answers it ----
  {
    subject: 'Invoice for the subscription',
    text: "Could you send us the invoice for next year's support subscription? Our accounts team needs it.",
    language: 'en',
    relevant: [],
  },
  {
    subject: 'Training',
    text: 'We hired two new accountants. Do you offer training sessions, and at what price?',
    language: 'en',
    relevant: [],
  },
  {
    subject: 'Feature request',
    text: 'It would be great to export the sales dashboard to PowerPoint. Is that on your roadmap?',
    language: 'en',
    relevant: [],
  },
  {
    subject: 'Contract change',
    text: 'Our company changed its name and legal address. Please update the contract details.',
    language: 'en',
    relevant: [],
  },
  // ---- Held out: written after suggestionRule was chosen on the requests above ----
  {
    subject: 'Ошибка лицензии на новом компьютере',
    text: 'Перенесли Triceps на новый ноутбук главного бухгалтера, при запуске пишет: ключ защиты не обнаружен.',
    language: 'ru',
    relevant: ['license-ru'],
    heldOut: true,
  },
  {
    subject: 'Не закрывается смена',
    text: 'Кассир не может работать: касса требует закрыть смену, она открыта больше 24 часов.',
    language: 'ru',
    relevant: ['kkt-ru'],
    heldOut: true,
  },
  {
    subject: 'Новая версия',
    text: 'Когда выйдет версия с поддержкой маркировки пива? Нам нужно к марту.',
    language: 'ru',
    relevant: [],
    heldOut: true,
  },
  {
    subject: 'Резервное копирование',
    text: 'Где лежат резервные копии базы и можно ли восстановить данные на вчерашний день?',
    language: 'ru',
    relevant: ['backup-ru'],
    heldOut: true,
  },
  {
    subject: 'Print issue',
    text: 'When we print delivery notes from the terminal server nothing comes out, only empty sheets.',
    language: 'en',
    relevant: ['printing-en'],
    heldOut: true,
  },
  {
    subject: 'Holiday schedule',
    text: 'Are you working during the New Year holidays? Who do we call if something breaks?',
    language: 'en',
    relevant: [],
    heldOut: true,
  },
  {
    subject: 'Stock not syncing',
    text: "The shops' sales are not reaching the warehouse module, the last exchange was 6 hours ago.",
    language: 'en',
    relevant: ['sync-en'],
    heldOut: true,
  },
  {
    subject: 'ORA error',
    text: 'We get ORA-01555 in the sales analysis report for last year.',
    language: 'en',
    relevant: ['ora-en'],
    heldOut: true,
  },
];

// The automatic first guess of a request's assessment from the client's own words, in Russian and English.
// It only proposes: a specialist confirms or corrects it, and the reasons tell them what it was based on.
import type { RootCause, Urgency } from './ticket';

export interface AutoTriage {
  urgency: Urgency;
  rootCause: RootCause;
  phoneRequested: boolean; // the client asks for a phone/voice call (a paid extra)
  statedUrgency?: Urgency; // what the client stated explicitly, if anything ("Срочность: высокая", "Urgency: critical", "авария")
  reasons: string[]; // short human-readable reasons, shown to the specialist
}

/** A phrase to look for: a word stem or a phrase of stems, matched from the start of a word. */
interface Cue {
  pattern: RegExp;
  weight: number;
}

// JavaScript's \b only knows ASCII letters, so word edges are spelled out for Cyrillic.
const wordStart = '(?<![\\p{L}\\p{N}])';
const wordEnd = '(?![\\p{L}\\p{N}])';
// "не срочно", "not urgent", "non-urgent": the client says the opposite.
const notNegated = "(?<!(?:^|[^\\p{L}])(?:не|not|non-?|isn't|is\\s+not)\\s*(?:an?\\s+)?)";
const anyWord = '\\p{L}+\\s+';

/** A stem or phrase: spaces match any whitespace; the last word may go on ("срочн" → "срочно", "срочная"). */
function stem(source: string, options: { negatable?: boolean } = {}): RegExp {
  const negation = options.negatable ? notNegated : '';
  return new RegExp(`${wordStart}${negation}(?:${source.replace(/ /g, '\\s+')})`, 'iu');
}

/** A whole word or phrase: "port" must not match "portal". */
function word(source: string, options: { negatable?: boolean } = {}): RegExp {
  const negation = options.negatable ? notNegated : '';
  return new RegExp(`${wordStart}${negation}(?:${source.replace(/ /g, '\\s+')})${wordEnd}`, 'iu');
}

const cues = (weight: number, ...patterns: RegExp[]): Cue[] =>
  patterns.map((pattern) => ({ pattern, weight }));

// --- urgency --------------------------------------------------------------------------------------------

/** What "упал сервер" can be about: the system, not sales ("упали продажи"). */
const downSystem =
  'сервер\\p{L}*|баз[аыуе]|систем[аыу]|прод(?:а|е|у)?(?![\\p{L}])|продакшн\\p{L}*|сайт|сервис|кластер|все';

/** On their own these mean the whole system is down, data is lost or security is broken. */
const emergencyCues: RegExp[] = [
  stem('авари', { negatable: true }),
  stem('ничего не (?:работа|запуска|открыва|грузит|загружа)'),
  stem('(?:все|вся система) (?:перестал[аои]? работать|встал[аои]?|легл[аои]?|упал[аои]?|сломал)'),
  stem('никто (?:не|ничего не) (?:может|могут|работа)'),
  stem('ни (?:у кого|один (?:пользователь|сотрудник)) не'),
  stem(`остановлен[аоы]? (?:вся |все |наша )?(?:работ|производств|деятельност)`),
  stem(`(?:работа|производство|деятельность) (?:${anyWord})?(?:остановлен|остановил|парализ)`),
  stem('парализ'),
  stem('простаива'),
  word('(?:идет|длится|вынужденн\\p{L}*|полный|к|в) (?:простой|простою|простое)'),
  word('простой (?:работы|производства|системы|сервиса|предприятия|компании|всего|всех|офиса)'),
  stem(`(?:упал[аои]?|легл?[аои]?|лежит|рухнул[аои]?) (?:${anyWord}){0,2}(?:${downSystem})`),
  stem(`(?:${downSystem}) (?:${anyWord})?(?:упал|легл?[аои]?${wordEnd}|лежит|рухнул)`),
  stem(`(?:потер|утрат|утер)\\p{L}* (?:${anyWord}){0,2}данн`),
  stem(
    `данн\\p{L}* (?:${anyWord}){0,2}(?:потерян[аоы]?|утрачен[аоы]?|утерян[аоы]?|пропали|исчезли|удален[аоы]?|удалились|стерты|стерлись|уничтожены)${wordEnd}`,
  ),
  stem(`(?:пропал|исчезл|стерл|уничтож)\\p{L}* (?:${anyWord}){0,2}данн`),
  stem('взлом'),
  stem(`утечк\\p{L}* (?:${anyWord})?данн`),
  stem('несанкционированн\\p{L}* доступ'),
  stem('шифровальщик'),
  word(
    '(?:production|prod|system|systems|server|servers|site|service|database|db|everything|triceps) (?:is |are |went |has gone |have gone |goes )?down',
  ),
  word('outages?'),
  word("(?:nobody|no one|none of us|no user|no users) (?:can|could|is able|are able|can't|cannot)"),
  word('nothing (?:works|is working|starts|opens|loads)'),
  word('(?:everything|the whole system|all systems) (?:has |have |is |are )?(?:stopped|broken|crashed)'),
  word('data loss'),
  word('(?:lost|losing|lose) (?:all |our |the |some |my |of |client |customer )*data'),
  word(
    `data (?:${anyWord})?(?:was|were|has been|have been|is|are|got) (?:lost|gone|deleted|wiped|corrupted)`,
  ),
  word('(?:hacked|breach|breached|compromised|ransomware)'),
  word('unauthori[sz]ed access'),
  word('(?:work|production|operations) (?:has |have |is |are )?(?:stopped|halted)'),
];

/** Everyone is affected: with a failure it is an emergency. */
const everyoneCues: RegExp[] = [
  stem(
    '(?:у )?(?:все|всех|всем|всеми) (?:наши\\p{L}* |сво\\p{L}* )?(?:пользовател|сотрудник|работник|клиент|филиал|рабоч\\p{L}* мест|компьютер)',
  ),
  word('у всех'),
  stem('(?:весь офис|вся компания|всей компании|все предприятие|всем офисом|во всех филиалах)'),
  word(
    '(?:all|all of) (?:our |the |my )?(?:users|employees|staff|workstations|computers|branches|clients|customers)',
  ),
  word(
    '(?:every user|(?:everyone|everybody) (?:in|at) (?:the |our )?(?:company|office|team)|for (?:everyone|everybody)|the (?:whole|entire) (?:company|office|team))',
  ),
];

/** Something does not work. Alone it is an ordinary request; for everyone it is an emergency. */
const failureCues: RegExp[] = [
  stem('не (?:работа|запуска|запуст|открыва|откр[оы]|загружа|загруз|грузит|отвеча|могут работ|может работ)'),
  stem('перестал\\p{L}* (?:работ|запуска|открыва|отвеча)'),
  stem('недоступ'),
  stem('(?:сломал|слом[ао]н)'),
  stem(`(?:пада|паден|упал|вылета|вылетел|завис(?:а|ла|ло|ли|${wordEnd}))`),
  word(
    "(?:doesn't|does not|don't|do not|won't|will not|can't|cannot|can not|couldn't|could not|isn't|is not|aren't|are not) (?:work|working|start|starting|open|load|respond|responding|log in|login|connect)",
  ),
  word(
    '(?:not working|stopped working|fails? to start|failed to start|crash(?:es|ed|ing)?|unavailable|not responding)',
  ),
  word('(?:is|are) down'),
];

/** "Critical" and "критично" raise the urgency; they mean an emergency only when everyone is affected. */
const severityCues: RegExp[] = [stem('критич', { negatable: true }), word('critical', { negatable: true })];

const highCues: RegExp[] = [
  stem('срочн', { negatable: true }),
  word('(?:urgent|urgently|asap|a\\.s\\.a\\.p\\.?)', { negatable: true }),
  word('as soon as possible'),
  stem('как можно (?:скорее|быстрее|раньше)'),
  stem('(?:побыстрее|поскорее)'),
  stem('важн', { negatable: true }),
  word('горит'),
  // A blocking failure for one user.
  stem('не (?:могу|можем) (?:\\p{L}+ )?работать'),
  stem('(?:блокир\\p{L}* работ|работа (?:\\p{L}+ )?(?:стоит|заблокирован))'),
  word("(?:can't|cannot|can not|unable to|am unable to|are unable to) (?:do (?:my|our|any) )?work"),
  word('(?:blocking|blocker|blocks (?:my|our) work)'),
];

const urgencyRank: Record<Urgency, number> = { normal: 0, high: 1, emergency: 2 };

// --- stated urgency ---------------------------------------------------------------------------------------

const statedLabel =
  '(?:срочност\\p{L}*|приоритет\\p{L}*|важност\\p{L}*|критичност\\p{L}*|уровень (?:срочности|критичности|важности)|urgency|priority|severity|importance)';
const statedValues: { pattern: RegExp; urgency: Urgency; low: boolean }[] = [
  {
    pattern: /^(?:авари|критич|чрезвычайн|блокир|emergency|critical|blocker)/iu,
    urgency: 'emergency',
    low: false,
  },
  { pattern: /^(?:высок|срочн|повышен|important|urgent|high|top)/iu, urgency: 'high', low: false },
  { pattern: /^(?:низк|минимальн|low|lowest|minor)/iu, urgency: 'normal', low: true },
  {
    pattern:
      /^(?:средн|обычн|нормальн|стандартн|несрочн|не\s+срочн|medium|normal|standard|moderate|not\s+urgent)/iu,
    urgency: 'normal',
    low: false,
  },
];
/** "Срочность: высокая", "Priority = urgent", "Urgency - critical". */
const statedFieldPattern = new RegExp(
  `${wordStart}${statedLabel}[ \\t]*(?:[:=—–-][ \\t]*)?["«“']?((?:не\\s+|not\\s+)?\\p{L}+)`,
  'giu',
);
/** "высокий приоритет", "critical priority", "низкая срочность". */
const statedBeforeLabelPattern = new RegExp(
  `${wordStart}(высок\\p{L}*|низк\\p{L}*|средн\\p{L}*|обычн\\p{L}*|критическ\\p{L}*|high|low|medium|normal|critical|top|highest) ${statedLabel}`.replace(
    / /g,
    '\\s+',
  ),
  'giu',
);
/** Words by which the client declares an emergency wherever they stand: "Авария!", "This is an emergency". */
const declaredEmergencyPatterns: RegExp[] = [
  stem('авари', { negatable: true }),
  word('emergency', { negatable: true }),
];

interface Stated {
  urgency: Urgency;
  phrase: string;
  low: boolean;
}

/** The most urgent statement, and the words without the statements for the keyword rules to read. */
function findStatedUrgency(words: string): { stated?: Stated; rest: string } {
  const statements: Stated[] = [];
  let rest = words;
  const blank = (index: number, length: number) => {
    rest = rest.slice(0, index) + ' '.repeat(length) + rest.slice(index + length);
  };
  for (const pattern of [statedFieldPattern, statedBeforeLabelPattern]) {
    for (const match of words.matchAll(pattern)) {
      const value = statedValues.find((candidate) => candidate.pattern.test(match[1] ?? ''));
      if (!value) continue;
      statements.push({ urgency: value.urgency, phrase: match[0].trim(), low: value.low });
      blank(match.index, match[0].length);
    }
  }
  for (const pattern of declaredEmergencyPatterns) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const phrase = wholeWordAt(rest, match.index);
    statements.push({ urgency: 'emergency', phrase, low: false });
    blank(match.index, phrase.length);
  }
  // Several statements: the most urgent one is what the client needs us to see.
  const stated = statements.sort((a, b) => urgencyRank[b.urgency] - urgencyRank[a.urgency])[0];
  return { stated, rest };
}

// --- root cause -------------------------------------------------------------------------------------------

// "Ошибка" and "error" also come with environment problems ("ошибка сертификата"), so they weigh less
// than words that point to one cause.
const rootCauseCues: Record<Exclude<RootCause, 'unknown'>, Cue[]> = {
  product_defect: [
    ...cues(1, stem('ошиб'), word('errors?'), stem('сбо[ийе]')),
    ...cues(
      2,
      stem('(?:исключени|exception)'),
      stem('(?:баг|bug)'),
      stem(`(?:crash|пада|паден|упал|вылета|вылетел|завис(?:а|ла|ло|ли|${wordEnd}))`),
      stem('после (?:\\p{L}+ )?(?:обновлен|установки (?:новой )?верси|перехода на (?:новую )?верси)'),
      word('after (?:the |an |last |latest |our )?(?:update|upgrade|updating|upgrading)'),
      stem(
        `(?:неправильн|неверн|некорректн|ошибочн)\\p{L}* (?:${anyWord})?(?:результат|расчет|считает|значени|сумм|данн|отчет|итог)`,
      ),
      stem('(?:неправильно|неверно|некорректно) (?:счита|рассчитыва|работа|формиру|отобража|показыва)'),
      word(
        `(?:wrong|incorrect|invalid) (?:${anyWord})?(?:results?|values?|totals?|calculations?|numbers?|output|report)`,
      ),
      word('(?:calculates|computes|shows|displays) (?:\\p{L}+ )?(?:wrong|incorrectly)'),
      word('(?:stack\\s*trace|traceback|regression|freezes|hangs)'),
    ),
  ],
  client_environment: cues(
    2,
    stem('(?:сет(?:ь|и|евой|евая|евые)|network)'),
    stem('(?:прокси|proxy)'),
    stem('(?:firewall|брандмауэр|файрвол|межсетев)'),
    stem('(?:антивирус|antivirus|anti-virus)'),
    word('(?:dns|vpn|ssl|tls)'),
    stem('(?:сертификат|certificate)'),
    stem('(?:драйвер|driver)'),
    stem(
      `(?:нет доступа|не удается подключиться|не подключается|не могу подключиться) (?:${anyWord})?к серв`,
    ),
    word("(?:no access|cannot connect|can't connect|unable to connect) to (?:the |our )?server"),
    word('(?:диск(?:а|е|ом|и|ов|ах|у)?|дисков\\p{L}*|disks?)'),
    word('(?:памят(?:ь|и|ью)|memory)'),
    word('(?:windows|linux|macos|ubuntu|debian|centos)'),
    stem('операционн\\p{L}* систем'),
    stem('(?:права доступа|прав доступа|правами доступа|прав администратора|права администратора)'),
    word('(?:permissions?|access rights|administrator rights|admin rights)'),
  ),
  misuse: cues(
    2,
    stem(
      'как (?:\\p{L}+ )?(?:сделать|настроить|настраивать|включить|отключить|выключить|добавить|изменить|поменять|создать|удалить|подключить|выгрузить|загрузить|использовать|правильно)',
    ),
    stem('где (?:\\p{L}+ )?(?:найти|находится|посмотреть|взять|настраивается)'),
    stem('не (?:могу|можем) (?:\\p{L}+ )?(?:найти|разобраться|понять)'),
    stem('(?:подскажите|объясните),? (?:пожалуйста,? )?как'),
    stem('(?:инструкци|руководств\\p{L}* (?:пользовател|администратор)|документаци)'),
    word('how (?:do|can|should|could) (?:i|we|one|you)'),
    word('how to'),
    word('where (?:can|do|could|should) (?:i|we) (?:find|see|get|set)'),
    word("(?:can't|cannot|can not|unable to) (?:find|figure out)"),
    word('(?:manual|user guide|documentation|instructions)'),
  ),
};

// --- phone call -------------------------------------------------------------------------------------------

const phoneCues: RegExp[] = [
  stem('(?:позвон|перезвон)', { negatable: true }),
  stem('по телефону'),
  stem('(?:звонок|звонк)', { negatable: true }),
  stem('созвон', { negatable: true }),
  stem('голосов(?!ани)'),
  word(
    '(?:call me|call us|call back|callback|give (?:me|us) a call|phone call|by phone|by telephone|over the phone|on the phone|voice support|voice call)',
  ),
];

// --- the guess --------------------------------------------------------------------------------------------

export function guessTriage(subject: string, text: string): AutoTriage {
  const words = clientWords(subject, text);
  const reasons: string[] = [];

  const { stated, rest } = findStatedUrgency(words);
  const implied = impliedUrgency(rest);
  if (stated) {
    reasons.push(
      stated.low
        ? `stated "${stated.phrase}": we have no low urgency, so normal`
        : `stated "${stated.phrase}" → ${stated.urgency}`,
    );
  }
  if (implied.found.length > 0) {
    const overruled = stated && stated.urgency !== implied.urgency ? ' (the stated urgency wins)' : '';
    reasons.push(`${implied.urgency}: ${mentions(implied.found)}${overruled}`);
  } else if (!stated) {
    reasons.push('normal: no urgency stated or implied');
  }
  const urgency = stated?.urgency ?? implied.urgency;

  const cause = guessRootCause(words);
  reasons.push(cause.reason);

  const phone = phoneCues.map((cue) => found(words, cue)).filter((phrase) => phrase !== undefined);
  if (phone.length > 0) reasons.push(`phone call requested: ${mentions(phone)}`);

  return {
    urgency,
    rootCause: cause.rootCause,
    phoneRequested: phone.length > 0,
    ...(stated ? { statedUrgency: stated.urgency } : {}),
    reasons,
  };
}

/** Subject and body, lower-cased with ё as е, without the lines quoted from earlier letters. */
function clientWords(subject: string, text: string): string {
  const ownLines = text
    .split(/\r?\n/)
    .filter((line) => !line.trimStart().startsWith('>'))
    .join('\n');
  return `${subject}\n${ownLines}`
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[’‘`]/g, "'")
    .replace(/[\u00a0\u2007\u202f]/g, ' ');
}

function impliedUrgency(words: string): { urgency: Urgency; found: string[] } {
  const all = (patterns: RegExp[]) =>
    unique(patterns.map((pattern) => found(words, pattern)).filter((phrase) => phrase !== undefined));
  const emergency = all(emergencyCues);
  if (emergency.length > 0) return { urgency: 'emergency', found: emergency };

  const everyone = all(everyoneCues);
  const failure = all(failureCues);
  const severity = all(severityCues);
  if (everyone.length > 0 && (failure.length > 0 || severity.length > 0)) {
    return { urgency: 'emergency', found: [...failure, ...severity, ...everyone] };
  }

  const high = all([...highCues, ...severityCues]);
  return { urgency: high.length > 0 ? 'high' : 'normal', found: high };
}

function guessRootCause(words: string): { rootCause: RootCause; reason: string } {
  const scored = (Object.entries(rootCauseCues) as [Exclude<RootCause, 'unknown'>, Cue[]][])
    .map(([rootCause, causeCues]) => {
      let score = 0;
      const phrases: string[] = [];
      for (const cue of causeCues) {
        const phrase = found(words, cue.pattern);
        if (phrase === undefined) continue;
        score += cue.weight;
        phrases.push(phrase);
      }
      return { rootCause, score, phrases: unique(phrases) };
    })
    .filter((cause) => cause.score > 0)
    .sort((a, b) => b.score - a.score);

  const [best, second] = scored;
  if (!best) return { rootCause: 'unknown', reason: 'root cause unknown: no words pointing to one' };
  if (second && second.score === best.score) {
    const tied = scored.filter((cause) => cause.score === best.score);
    return {
      rootCause: 'unknown',
      reason: `root cause unknown: ${tied.map((cause) => `${cause.rootCause} (${cause.phrases.map(quote).join(', ')})`).join(' and ')} weigh the same`,
    };
  }
  return { rootCause: best.rootCause, reason: `${best.rootCause}: ${mentions(best.phrases)}` };
}

/** The matched phrase, widened to whole words so the reason quotes the client ("не запустилась", not "не запуст"). */
function found(words: string, pattern: RegExp): string | undefined {
  const match = pattern.exec(words);
  if (!match) return undefined;
  const end = match.index + match[0].length;
  const rest = /^[\p{L}\p{N}]*/u.exec(words.slice(end))?.[0] ?? '';
  return (match[0] + rest).replace(/\s+/g, ' ').trim();
}

function wholeWordAt(words: string, index: number): string {
  return /^[\p{L}\p{N}]+/u.exec(words.slice(index))?.[0] ?? '';
}

function mentions(phrases: string[]): string {
  const quoted = unique(phrases).map(quote);
  if (quoted.length <= 1) return `mentions ${quoted.join('')}`;
  return `mentions ${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

const quote = (phrase: string) => `"${phrase}"`;
/** Distinct phrases, without those inside a longer one ("у всех" in "у всех пользователей"). */
const unique = (phrases: string[]) =>
  [...new Set(phrases)].filter(
    (phrase, _, all) => !all.some((other) => other !== phrase && other.includes(phrase)),
  );

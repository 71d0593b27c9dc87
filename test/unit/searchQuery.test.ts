import { decodeCursor, encodeCursor, parseSearchQuery } from '../../db/searchQuery';

describe('what staff type becomes a text-search query', () => {
  test('every word must occur; the last one as a prefix of what is being typed', () => {
    expect(parseSearchQuery('отчёт не формир')).toEqual({
      words: "( 'отчёт' ) & ( 'не' ) & ( 'формир':* )",
      exact: null,
      highlight: '',
    });
  });

  test('a trailing space ends the last word: no prefix', () => {
    expect(parseSearchQuery('отчёт ').words).toBe("( 'отчёт' )");
  });

  test('a hyphenated compound is the phrase of its parts, so each inflected form finds the others', () => {
    expect(parseSearchQuery('счетов-фактур ').words).toBe("( 'счетов' <-> 'фактур' )");
  });

  test('a quoted phrase keeps its order', () => {
    expect(parseSearchQuery('"не проводится документ" ошибка').words).toBe(
      "( 'не' <-> 'проводится' <-> 'документ' ) & ( 'ошибка':* )",
    );
  });

  test('ticket numbers are exact however they are typed', () => {
    expect(parseSearchQuery('TRC-000123').exact).toBe("'trc-000123'");
    expect(parseSearchQuery('trc 123').exact).toBe("'trc-000123'");
    expect(parseSearchQuery('TRC123').exact).toBe("'trc-000123'");
    // Six digits alone: the ticket, or that number written anywhere.
    expect(parseSearchQuery('000123')).toEqual({
      words: null,
      exact: "( 'trc-000123' | '000123' )",
      highlight: '000123',
    });
  });

  test('addresses and error codes are exact lexemes, lower-cased, and the rest are words', () => {
    expect(parseSearchQuery('Ivan.Petrov@Client.example ORA-01555 0x80070005 E1234 ошибка')).toEqual({
      words: "( 'ошибка':* )",
      exact: "'ivan.petrov@client.example' & '0x80070005' & 'ora-01555' & 'e1234'",
      highlight: 'Ivan.Petrov@Client.example 0x80070005 ORA-01555 E1234',
    });
  });

  test('punctuation and tsquery operators typed by staff are never syntax', () => {
    expect(parseSearchQuery("a' | !b & (c):* \\")).toEqual({
      words: "( 'a' ) & ( 'b' ) & ( 'c':* )",
      exact: null,
      highlight: '',
    });
    expect(parseSearchQuery('!!! ---')).toEqual({ words: null, exact: null, highlight: '' });
  });
});

describe('the search cursor', () => {
  test('reads back what it was made of', () => {
    const cursor = encodeCursor({ rank: '0.0607927', ticketId: 42 });
    expect(decodeCursor(cursor)).toEqual({ rank: '0.0607927', ticketId: 42 });
  });

  test('anything else is not a cursor', () => {
    expect(decodeCursor('garbage')).toBeUndefined();
    expect(decodeCursor(Buffer.from('["1; DROP TABLE x", 1]').toString('base64url'))).toBeUndefined();
    expect(decodeCursor(Buffer.from('["0.5", -1]').toString('base64url'))).toBeUndefined();
  });
});

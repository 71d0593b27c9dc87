// The letter that carries a one-time console sign-in link: Russian first, then English, as staff read both.
import { SIGN_IN_CODE_MINUTES } from './access';

export const SIGN_IN_LETTER_KIND = 'sign_in_link';

/** The console's page for a code: the console reads it from the fragment, which no server or proxy log keeps. */
export function signInLink(consoleUrl: string, code: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/#/sign-in/${encodeURIComponent(code)}`;
}

export function renderSignInLetter(link: string, name: string): { subject: string; text: string } {
  const minutes = SIGN_IN_CODE_MINUTES;
  return {
    subject: 'Вход в консоль Triceps Support / Sign-in link',
    text: [
      `Здравствуйте, ${name}!`,
      '',
      'Чтобы войти в консоль Triceps Support, откройте ссылку:',
      link,
      '',
      `Ссылка действует ${minutes} минут и только один раз. Если вы не запрашивали вход, ничего не делайте: ` +
        'без ссылки войти нельзя.',
      '',
      '---',
      '',
      `Hello ${name},`,
      '',
      'To sign in to the Triceps Support console, open this link:',
      link,
      '',
      `The link works once, within ${minutes} minutes. If you did not ask to sign in, do nothing: ` +
        'nobody can sign in without the link.',
      '',
    ].join('\n'),
  };
}

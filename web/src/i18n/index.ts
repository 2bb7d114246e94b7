import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { de, en } from './resources';

/** The console's languages; English is the source and the fallback for any key German lacks. */
export const languages = [
  { code: 'en', label: 'English' },
  { code: 'de', label: 'Deutsch' },
] as const;
export type Language = (typeof languages)[number]['code'];

/** Where the chosen language is kept (the switcher in the user menu writes it). */
export const languageStorageKey = 'ordo.language';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, de: { translation: de } },
    fallbackLng: 'en',
    supportedLngs: languages.map((l) => l.code),
    nonExplicitSupportedLngs: true,
    load: 'languageOnly',
    interpolation: { escapeValue: false }, // React escapes
    detection: { order: ['localStorage', 'navigator'], lookupLocalStorage: languageStorageKey, caches: ['localStorage'] },
    returnNull: false,
  });

/** The current language as one of ours. */
export const currentLanguage = (): Language => (i18n.resolvedLanguage === 'de' ? 'de' : 'en');

/** The locale numbers and dates are formatted in: German → de-DE; English → the browser's English variant, else en-GB. */
export function formattingLocale(): string {
  if (currentLanguage() === 'de') return 'de-DE';
  const nav = typeof navigator !== 'undefined' ? navigator.language : '';
  return nav?.toLowerCase().startsWith('en') ? nav : 'en-GB';
}

export default i18n;

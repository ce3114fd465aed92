import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import { LANGUAGES, type Language } from "../../api/roles";
import en from "./locales/en.json";
import esMX from "./locales/es-MX.json";

export const DEFAULT_LANGUAGE: Language = "es-MX";
const STORAGE_KEY = "soporte.language";

export const isLanguage = (value: unknown): value is Language =>
  typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);

const readStoredLanguage = (): Language | null => {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null;
  }
};

/** Whether the viewer has ever chosen a language on this browser. */
export const hasStoredLanguage = (): boolean => readStoredLanguage() !== null;

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { "es-MX": { translation: esMX }, en: { translation: en } },
  lng: readStoredLanguage() ?? DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
});

const syncDocumentLanguage = (language: string) => {
  document.documentElement.lang = language;
};
syncDocumentLanguage(i18n.language);
i18n.on("languageChanged", syncDocumentLanguage);

export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : DEFAULT_LANGUAGE);

/** Switches the UI language and remembers the choice on this browser. */
export const changeLanguage = async (language: Language, options: { remember?: boolean } = {}) => {
  if (options.remember !== false) {
    try {
      window.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // storage may be disabled; the choice then lasts for this page only
    }
  }
  await i18n.changeLanguage(language);
};

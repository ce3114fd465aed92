import "i18next";
import type esMX from "./locales/es-MX.json";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: typeof esMX };
  }
}

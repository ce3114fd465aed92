import { describe, expect, it } from "vitest";
import { ERROR_CODES } from "../../src/api/errors";
import { ROLES } from "../../src/api/roles";
import en from "../../src/web/i18n/locales/en.json";
import esMX from "../../src/web/i18n/locales/es-MX.json";

/** Every leaf of a catalog as "dotted.key" → text. */
const flatten = (tree: unknown, prefix = ""): Map<string, unknown> => {
  const leaves = new Map<string, unknown>();
  if (tree !== null && typeof tree === "object" && !Array.isArray(tree)) {
    for (const [key, value] of Object.entries(tree)) {
      for (const [leaf, text] of flatten(value, prefix ? `${prefix}.${key}` : key)) leaves.set(leaf, text);
    }
  } else {
    leaves.set(prefix, tree);
  }
  return leaves;
};

const catalogs = { "es-MX": flatten(esMX), en: flatten(en) };

describe("web UI catalogs", () => {
  it("es-MX and en have exactly the same keys", () => {
    expect([...catalogs.en.keys()].sort()).toEqual([...catalogs["es-MX"].keys()].sort());
  });

  it("names every API error code and every role", () => {
    const needed = [...ERROR_CODES.map((code) => `errors.${code}`), ...ROLES.map((role) => `roles.${role}`)];
    expect(needed.filter((key) => !catalogs["es-MX"].has(key))).toEqual([]);
  });

  for (const [language, leaves] of Object.entries(catalogs)) {
    it(`${language} has a non-empty text for every key`, () => {
      const bad = [...leaves].filter(([, text]) => typeof text !== "string" || text.trim() === "");
      expect(bad.map(([key]) => key)).toEqual([]);
    });

    it(`${language} uses the same interpolation variables as es-MX`, () => {
      const variables = (text: unknown) =>
        [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const [key, text] of catalogs["es-MX"]) {
        expect(variables(leaves.get(key)), key).toEqual(variables(text));
      }
    });
  }
});

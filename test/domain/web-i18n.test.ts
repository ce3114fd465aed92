import { describe, expect, it } from "vitest";
import { INBOUND_REASONS } from "../../src/api/email";
import { ENTITIES, ERROR_CODES, FIELD_ERRORS, PROBLEM_REASONS } from "../../src/api/errors";
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

  it("words every problem reason, field error, entity and incoming-mail reason the API can send", () => {
    const needed = [
      ...Object.keys(PROBLEM_REASONS).map((reason) => `problems.${reason}`),
      ...Object.keys(FIELD_ERRORS).map((code) => `fieldErrors.${code}`),
      ...ENTITIES.map((entity) => `entities.${entity}`),
      ...Object.keys(INBOUND_REASONS).map((reason) => `inboundMail.reasons.${reason}`),
    ];
    const has = (key: string) => catalogs["es-MX"].has(key) || catalogs["es-MX"].has(`${key}_other`);
    expect(needed.filter((key) => !has(key))).toEqual([]);
  });

  it("uses in those texts only the parameters the API declares for them (a limit also counts)", () => {
    const tables: [string, Record<string, readonly string[]>][] = [
      ["problems", PROBLEM_REASONS],
      ["fieldErrors", FIELD_ERRORS],
      ["inboundMail.reasons", INBOUND_REASONS],
    ];
    for (const [language, leaves] of Object.entries(catalogs)) {
      for (const [prefix, table] of tables) {
        for (const [code, declared] of Object.entries(table)) {
          const names: readonly string[] = declared.includes("limit") ? [...declared, "count"] : declared;
          const forms = ["", "_one", "_other"].map((form) => leaves.get(`${prefix}.${code}${form}`));
          expect(
            forms.some((text) => text !== undefined),
            `${language} ${prefix}.${code}`,
          ).toBe(true);
          const used = forms.flatMap((text) =>
            [...String(text ?? "").matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!),
          );
          expect(
            used.filter((name) => !names.includes(name)),
            `${language} ${prefix}.${code}`,
          ).toEqual([]);
        }
      }
    }
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

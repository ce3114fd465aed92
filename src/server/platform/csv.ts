import { Readable } from "node:stream";

/**
 * CSV for spreadsheets (RFC 4180 quoting), as Excel in Mexico opens it: UTF-8 with a BOM so accents read
 * right, and `;` between cells when asked (Excel in es-MX uses the decimal comma). A text cell that a
 * spreadsheet would run as a formula — starting with =, +, -, @, tab or carriage return — is neutralised
 * with a leading apostrophe (OWASP CSV injection).
 */
export type CsvSeparator = "comma" | "semicolon";
export type CsvValue = string | number | boolean | Date | null | undefined;

const BOM = "\uFEFF";
const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralise = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

export const csvCell = (value: CsvValue, separator: CsvSeparator): string => {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number")
    return separator === "semicolon" ? String(value).replace(".", ",") : String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  const text = neutralise(value);
  const delimiter = separator === "semicolon" ? ";" : ",";
  return text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim()
    ? `"${text.replaceAll('"', '""')}"`
    : text;
};

export const csvLine = (values: readonly CsvValue[], separator: CsvSeparator): string =>
  `${values.map((v) => csvCell(v, separator)).join(separator === "semicolon" ? ";" : ",")}\r\n`;

/** A CSV document streamed a batch of rows at a time: the rows never sit in memory together. */
export const csvStream = (
  header: readonly string[],
  batches: AsyncIterable<readonly (readonly CsvValue[])[]>,
  separator: CsvSeparator,
): Readable =>
  Readable.from(
    (async function* () {
      yield BOM + csvLine(header, separator);
      for await (const rows of batches) {
        let chunk = "";
        for (const row of rows) chunk += csvLine(row, separator);
        if (chunk) yield chunk;
      }
    })(),
    { objectMode: false },
  );

/** A small CSV (a report's table) at once. */
export const csvDocument = (
  header: readonly string[],
  rows: readonly (readonly CsvValue[])[],
  separator: CsvSeparator,
): string => BOM + csvLine(header, separator) + rows.map((r) => csvLine(r, separator)).join("");

/**
 * Amounts typed with up to two decimals (dollars, percentages) as exact integer hundredths
 * (cents, basis points), parsed from the text so that no binary fraction creeps in:
 * "12,345.67" → 1234567, "18" → 1800, "0.5" → 50. Returns null for anything else.
 */
export const parseHundredths = (text: string): number | null => {
  const cleaned = text
    .trim()
    .replace(/^(USD|US\$|\$)\s*/i, "")
    .replace(/\s*%$/, "");
  // thousands separators are commas (es-MX and en write 12,345.67); a bare number may skip them
  const match = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!match || cleaned === "" || cleaned === ".") return null;
  const whole = (match[1] ?? "0").replaceAll(",", "");
  const fraction = (match[2] ?? "").padEnd(2, "0");
  const value = BigInt(whole) * 100n + BigInt(fraction || "0");
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return Number(value);
};

/** Integer hundredths back to the text a person would type: 1234567 → "12345.67", 1800 → "18". */
export const formatHundredths = (value: number): string => {
  const whole = Math.trunc(value / 100);
  const fraction = Math.abs(value % 100);
  return fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(2, "0")}`;
};

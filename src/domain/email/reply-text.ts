/** Lines that introduce quoted history in common clients, in Spanish and English. */
const ATTRIBUTION = [
  /^(El|On)\s.+(escribió|wrote)\s*:\s*$/i,
  /^-{2,}\s*(Mensaje original|Original Message)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^(De|From)\s*:\s.+$/,
];

/**
 * The new part of a reply: quoted history (attribution line, "> " lines, forwarded originals) and the
 * signature ("-- ") cut off. The full original is kept elsewhere; this is what the timeline shows.
 */
export const trimReplyText = (text: string): string => {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line === "-- " || line === "--") break;
    // an attribution may wrap over two lines: "El lun, 30 nov 2026 a las 10:00, Soporte\n<…> escribió:"
    const joined = i + 1 < lines.length ? `${line} ${lines[i + 1]}` : line;
    if (ATTRIBUTION.some((re) => re.test(line.trim()))) break;
    if (ATTRIBUTION[0]!.test(joined.trim()) && /^(El|On)\s/i.test(line.trim())) break;
    if (/^\s*>/.test(line)) {
      // a quote block ends the new text only when nothing new follows it
      const rest = lines.slice(i).filter((l) => l.trim() && !/^\s*>/.test(l));
      if (rest.length === 0) break;
      continue;
    }
    kept.push(line);
  }
  const result = kept.join("\n").trim();
  return result || text.trim();
};

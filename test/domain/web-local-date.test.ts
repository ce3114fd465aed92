import { describe, expect, it } from "vitest";
import { earliestEndOfSupport } from "../../src/domain/catalog/release-lifecycle";
import { EOL_NOTICE_MONTHS } from "../../src/domain/catalog/support-status";
import { addDays as domainAddDays, termEnd } from "../../src/domain/contracts/local-date";
import { addDays, addMonths, oneYearTermEnd } from "../../src/web/components/local-date";

// the browser reckons dates without Temporal; it must land on the server's days
const everyDay = (from: string, to: string) => {
  const days: string[] = [];
  for (let d = from; d <= to; d = domainAddDays(d, 1)) days.push(d);
  return days;
};

describe("browser calendar arithmetic agrees with the domain's", () => {
  const days = everyDay("2027-01-01", "2028-12-31");

  it("the earliest end of support the dialog offers is the one the server accepts, every day of two years", () => {
    for (const day of days)
      expect([day, addMonths(day, EOL_NOTICE_MONTHS)]).toEqual([day, earliestEndOfSupport(day)]);
  });

  it("adding days and one-year terms cross months and leap days as the domain does", () => {
    for (const day of days) {
      expect([day, addDays(day, 59)]).toEqual([day, domainAddDays(day, 59)]);
      expect([day, oneYearTermEnd(day)]).toEqual([day, termEnd(day)]);
    }
  });
});

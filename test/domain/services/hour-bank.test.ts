import { describe, expect, it } from "vitest";
import {
  allocateEntry,
  checkPackage,
  dueAlerts,
  type HourPackage,
  packageExpiry,
  packageStatus,
  DEFAULT_HOUR_BANK_SETTINGS as SETTINGS,
} from "../../../src/domain/services/hour-bank";

const hours = (h: number) => h * 4;
const pkg = (id: string, purchasedOn: string, soldHours: number, usedHours = 0): HourPackage => ({
  id,
  quarters: hours(soldHours),
  purchasedOn,
  expiresOn: packageExpiry(purchasedOn),
  usedQuarters: hours(usedHours),
});

describe("selling a package", () => {
  it("is valid one year from its purchase: bought 2026-03-02, last usable 2027-03-01", () => {
    expect(packageExpiry("2026-03-02")).toBe("2027-03-01");
  });

  it("a 40-hour package is refused: packages start at 80 hours", () => {
    expect(checkPackage(40, SETTINGS)).toEqual({
      ok: false,
      field: "hours",
      code: "min_package_hours",
      params: { min: 80 },
    });
    expect(checkPackage(80, SETTINGS)).toEqual({ ok: true });
    expect(checkPackage(120.25, SETTINGS)).toEqual({ ok: true });
    expect(checkPackage(100.1, SETTINGS)).toMatchObject({ code: "quarter_hours" });
  });
});

describe("a package's status on a day", () => {
  it("is upcoming before its purchase, active while valid with hours left, used up, then expired", () => {
    const a = pkg("a", "2026-03-02", 80, 10); // last day 2027-03-01
    expect(packageStatus(a, "2026-03-01")).toBe("upcoming");
    expect(packageStatus(a, "2026-03-02")).toBe("active");
    expect(packageStatus(a, "2027-03-01")).toBe("active");
    expect(packageStatus(a, "2027-03-02")).toBe("expired");
    expect(packageStatus(pkg("b", "2026-03-02", 80, 80), "2026-06-01")).toBe("used_up");
    // an override may take a package past its hours: still used up
    expect(packageStatus(pkg("c", "2026-03-02", 80, 82), "2026-06-01")).toBe("used_up");
    expect(packageStatus(pkg("d", "2026-03-02", 80, 80), "2027-03-02")).toBe("expired");
  });
});

describe("logging time", () => {
  it("takes the hours from the package that expires first, and splits an entry across two", () => {
    const older = pkg("older", "2026-01-05", 80, 78);
    const newer = pkg("newer", "2026-06-01", 80);
    expect(
      allocateEntry({
        packages: [newer, older],
        workedOn: "2026-07-10",
        quarters: hours(5),
        override: false,
      }),
    ).toEqual({
      ok: true,
      allocations: [
        { packageId: "older", quarters: hours(2) },
        { packageId: "newer", quarters: hours(3) },
      ],
      overridden: false,
    });
  });

  it("an entry of 0 or 25 hours, or not in quarter hours, is refused", () => {
    const packages = [pkg("a", "2026-01-05", 80)];
    for (const quarters of [0, hours(25), 1.5]) {
      expect(allocateEntry({ packages, workedOn: "2026-02-01", quarters, override: false })).toMatchObject({
        ok: false,
        field: "hours",
        code: "entry_quarters",
      });
    }
    expect(allocateEntry({ packages, workedOn: "2026-02-01", quarters: hours(24), override: false }).ok).toBe(
      true,
    );
  });

  it("an entry beyond the balance is refused, naming what is left; a manager's override takes it", () => {
    const packages = [pkg("a", "2026-01-05", 80, 79)];
    expect(allocateEntry({ packages, workedOn: "2026-02-01", quarters: hours(3), override: false })).toEqual({
      ok: false,
      field: "hours",
      code: "beyond_balance",
      params: { availableQuarters: hours(1) },
    });
    expect(allocateEntry({ packages, workedOn: "2026-02-01", quarters: hours(3), override: true })).toEqual({
      ok: true,
      allocations: [{ packageId: "a", quarters: hours(3) }],
      overridden: true,
    });
  });

  it("an entry after expiry is refused; overridden, it goes to the package that expired last", () => {
    const packages = [pkg("first", "2025-01-06", 80), pkg("second", "2025-03-03", 80)];
    expect(
      allocateEntry({ packages, workedOn: "2026-03-03", quarters: hours(2), override: false }),
    ).toMatchObject({
      ok: false,
      field: "workedOn",
      code: "no_valid_package",
    });
    expect(allocateEntry({ packages, workedOn: "2026-03-03", quarters: hours(2), override: true })).toEqual({
      ok: true,
      allocations: [{ packageId: "second", quarters: hours(2) }],
      overridden: true,
    });
  });

  it("a day before the first purchase has no package, even overridden", () => {
    const packages = [pkg("a", "2026-05-04", 80)];
    expect(
      allocateEntry({ packages, workedOn: "2026-05-01", quarters: hours(1), override: true }),
    ).toMatchObject({
      ok: false,
      code: "no_valid_package",
    });
  });
});

describe("alerts", () => {
  it("tells when less than 20 % is left: 15.75 of 80 hours is low, 16 is not", () => {
    expect(dueAlerts(pkg("a", "2026-01-05", 80, 64.25), "2026-06-01", SETTINGS)).toEqual(["low_balance"]);
    expect(dueAlerts(pkg("a", "2026-01-05", 80, 64), "2026-06-01", SETTINGS)).toEqual([]);
  });

  it("tells 30 days before expiry while hours are left, and after expiry when hours were left unused", () => {
    const a = pkg("a", "2026-01-05", 80, 10); // last day 2027-01-04
    expect(dueAlerts(a, "2026-12-04", SETTINGS)).toEqual([]);
    expect(dueAlerts(a, "2026-12-05", SETTINGS)).toEqual(["expiring"]);
    expect(dueAlerts(a, "2027-01-05", SETTINGS)).toEqual(["expired_unused"]);
    const used = pkg("b", "2026-01-05", 80, 80);
    expect(dueAlerts(used, "2026-12-05", SETTINGS)).toEqual(["low_balance"]);
    expect(dueAlerts(used, "2027-01-05", SETTINGS)).toEqual([]);
  });
});

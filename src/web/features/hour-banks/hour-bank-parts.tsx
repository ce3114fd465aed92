import { Badge, Group, type MantineColor, Progress, Stack, Text } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { HourPackage, HourPackageStatus } from "./hour-banks-api";

const COLORS: Record<HourPackageStatus, MantineColor> = {
  active: "teal",
  used_up: "red",
  expired: "gray",
  upcoming: "brand",
};

/** Vigente / agotada / vencida / por iniciar. */
export const HourPackageStatusBadge = ({ status }: { status: HourPackageStatus }) => {
  const { t } = useTranslation();
  return (
    <Badge miw="max-content" variant="light" color={COLORS[status]} radius="sm" tt="none" fw={600}>
      {t(`hourBanks.status.${status}`)}
    </Badge>
  );
};

/** Hours as the viewer writes numbers: "15.75", "80". */
export const useHoursFormat = () => {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const number = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
    return (hours: number) => number.format(hours);
  }, [i18n.language]);
};

/** A package's price in its own currency: "USD 96,000.00" written the viewer's way. */
export const useMoney = () => {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const formats = new Map<string, Intl.NumberFormat>();
    return (cents: number, currency: string) => {
      let formatter = formats.get(currency);
      if (!formatter) {
        formatter = new Intl.NumberFormat(i18n.language, { style: "currency", currency });
        formats.set(currency, formatter);
      }
      return formatter.format(cents / 100);
    };
  }, [i18n.language]);
};

const barColor = (pkg: HourPackage): MantineColor =>
  pkg.status === "expired" ? "gray" : pkg.remainingHours <= 0 ? "red" : pkg.lowBalance ? "orange" : "teal";

/**
 * A package's balance: the hours left as the coloured part of the bar (orange under the low-balance share,
 * red when none is left, gray once expired) and the hours used beside it.
 */
export const BalanceBar = ({ pkg, size = "xl" }: { pkg: HourPackage; size?: "md" | "xl" }) => {
  const { t } = useTranslation();
  const hours = useHoursFormat();
  const total = Math.max(pkg.hours, pkg.usedHours, 1);
  const left = (pkg.remainingHours / total) * 100;
  const used = Math.min(100 - left, (pkg.usedHours / total) * 100);
  const label = t("hourBanks.balance.label", {
    remaining: hours(pkg.remainingHours),
    total: hours(pkg.hours),
  });
  return (
    <Stack gap={4}>
      <Progress.Root size={size} radius="md" aria-label={label}>
        <Progress.Section value={left} color={barColor(pkg)} aria-label={label}>
          {size === "xl" && left >= 18 && <Progress.Label>{hours(pkg.remainingHours)} h</Progress.Label>}
        </Progress.Section>
        <Progress.Section value={used} color="gray.3" />
      </Progress.Root>
      <Group justify="space-between" gap="xs">
        <Text size="sm" fw={600} c={pkg.lowBalance && pkg.status !== "expired" ? "orange.8" : undefined}>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {t("hourBanks.balance.used", { used: hours(pkg.usedHours) })}
        </Text>
      </Group>
    </Stack>
  );
};

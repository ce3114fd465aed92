import { useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";

/** Calendars counted in business hours (the rest count every hour of the day). */
export const isBusinessCalendar = (calendarId: string) => calendarId !== "24x7";

export const viewerTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const MINUTE = 60_000;

/** "3 h 20 min", "45 min", "2 d 4 h": a length of time, rounded to the minute. */
export const useDurationFormat = () => {
  const { t } = useTranslation();
  return (milliseconds: number) => {
    const minutes = Math.max(0, Math.round(milliseconds / MINUTE));
    const days = Math.floor(minutes / 1440);
    const hours = Math.floor((minutes % 1440) / 60);
    const rest = minutes % 60;
    if (days > 0) return t("cases.duration.daysHours", { days, hours });
    if (hours > 0 && rest > 0) return t("cases.duration.hoursMinutes", { hours, minutes: rest });
    if (hours > 0) return t("cases.duration.hours", { hours });
    return t("cases.duration.minutes", { minutes: rest });
  };
};

/** The current time, refreshed every `intervalMs` (for countdowns). */
export const useNow = (intervalMs = 30_000) => {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
};

/** Instants of the SLA: in the viewer's zone, or in the calendar's zone for the counted intervals. */
export const useSlaFormat = () => {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const viewerZone = viewerTimeZone();
    const instant = new Intl.DateTimeFormat(language, {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "numeric",
      minute: "2-digit",
    });
    const instantWithZone = new Intl.DateTimeFormat(language, {
      weekday: "short",
      day: "numeric",
      month: "short",
      hour: "numeric",
      minute: "2-digit",
      timeZoneName: "short",
    });
    const inZone = (timeZone: string) => ({
      day: new Intl.DateTimeFormat(language, { weekday: "short", day: "numeric", month: "short", timeZone }),
      time: new Intl.DateTimeFormat(language, {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone,
      }),
      zoneName: new Intl.DateTimeFormat(language, { timeZoneName: "long", timeZone })
        .formatToParts(new Date())
        .find((part) => part.type === "timeZoneName")?.value,
    });
    const zones = new Map<string, ReturnType<typeof inZone>>();
    const zone = (timeZone: string) => {
      let formats = zones.get(timeZone);
      if (!formats) {
        formats = inZone(timeZone);
        zones.set(timeZone, formats);
      }
      return formats;
    };
    return {
      viewerZone,
      /** "vie 27 de nov, 1:00 p.m." in the viewer's zone; with the zone's name when it is not `calendarZone`. */
      instant: (iso: string, calendarZone?: string) =>
        (calendarZone && calendarZone !== viewerZone ? instantWithZone : instant).format(new Date(iso)),
      /** "vie 27 de nov 17:00–18:00" in the calendar's zone (a day apart: both days). */
      interval: (from: string, to: string, timeZone: string) => {
        const f = zone(timeZone);
        const start = new Date(from);
        // an interval that ends at midnight belongs to the day it started
        const end = new Date(to);
        const endDay = f.day.format(new Date(end.getTime() - 1));
        const startDay = f.day.format(start);
        const endTime = f.time.format(end).replace(/^00:00$/, "24:00");
        return startDay === endDay
          ? `${startDay} ${f.time.format(start)}–${endTime}`
          : `${startDay} ${f.time.format(start)} – ${endDay} ${endTime}`;
      },
      zoneName: (timeZone: string) => zone(timeZone).zoneName ?? timeZone,
    };
  }, [language]);
};

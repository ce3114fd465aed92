import { ActionIcon, Alert, Badge, Button, Group, Loader, Stack, Table, Text, Tooltip } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { IconCalendarTime, IconDownload, IconInfoCircle, IconPlus, IconUpload } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useAuth } from "../../app/auth-context";
import { ActionsHeader, DataTable } from "../../components/data-table";
import { ListPage } from "../../components/list-page";
import { ListState } from "../../components/list-state";
import { useRowLink } from "../../components/row-link";
import { CalendarCreateModal, CalendarImportModal } from "./calendar-create-modal";
import {
  type HolidayPreset,
  isBuiltinCalendar,
  weekdayNames,
  weeklyMinutes,
  weekSummary,
} from "./calendar-draft";
import { type Calendar, calendarExportUrl, useCalendars, usePlanNames } from "./calendars-api";

const RuleBadges = ({ calendar }: { calendar: Calendar }) => {
  const { t } = useTranslation();
  const presets = calendar.holidayRules.filter((rule): rule is HolidayPreset => typeof rule === "string");
  const custom = calendar.holidayRules.length - presets.length;
  const added = calendar.holidays.length;
  if (presets.length === 0 && custom === 0 && added === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t("calendars.noHolidays")}
      </Text>
    );
  }
  return (
    <Group gap={4}>
      {presets.map((preset) => (
        <Tooltip key={preset} label={t(`calendars.presets.${preset}.label`)} multiline w={260} withArrow>
          <Badge
            variant="light"
            radius="sm"
            tt="none"
            fw={600}
            color={preset === "mx-lft" ? "brand" : "grape"}
          >
            {t(`calendars.presets.${preset}.short`)}
          </Badge>
        </Tooltip>
      ))}
      {custom > 0 && (
        <Badge variant="light" color="gray" radius="sm" tt="none" fw={500}>
          {t("calendars.customRules", { count: custom })}
        </Badge>
      )}
      {added > 0 && (
        <Badge variant="light" color="teal" radius="sm" tt="none" fw={500}>
          {t("calendars.addedDates", { count: added })}
        </Badge>
      )}
    </Group>
  );
};

/** The business calendars: hours, zone, holiday rules, the plans that count on each. */
export const CalendarsPage = () => {
  const { t, i18n } = useTranslation();
  const { can } = useAuth();
  const navigate = useNavigate();
  const rowLink = useRowLink();
  const planNames = usePlanNames();
  const calendars = useCalendars();
  const [creating, create] = useDisclosure(false);
  const [importing, importFile] = useDisclosure(false);
  const canWrite = can("calendars:write");
  const items = calendars.data?.items ?? [];
  const days = weekdayNames(i18n.language, "short");
  const hours = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 });
  const open = (calendar: Calendar) => navigate(`/calendars/${encodeURIComponent(calendar.id)}`);

  const actions = canWrite ? (
    <>
      <Button variant="default" leftSection={<IconUpload size={16} />} onClick={importFile.open}>
        {t("calendars.import.button")}
      </Button>
      <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
        {t("calendars.create.button")}
      </Button>
    </>
  ) : null;

  return (
    <>
      <ListPage title={t("calendars.title")} description={t("calendars.description")} actions={actions}>
        <Stack gap="md">
          {!canWrite && (
            <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} />}>
              {t("calendars.readOnly")}
            </Alert>
          )}
          <ListState
            query={calendars}
            isEmpty={items.length === 0}
            rows={3}
            empty={{
              title: t("calendars.empty"),
              icon: <IconCalendarTime size={28} stroke={1.5} />,
              action: actions,
            }}
          >
            <DataTable
              label={t("calendars.title")}
              minWidth={340}
              head={
                <>
                  <Table.Th>{t("calendars.fields.name")}</Table.Th>
                  <Table.Th visibleFrom="md">{t("calendars.fields.timeZone")}</Table.Th>
                  <Table.Th>{t("calendars.fields.week")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("calendars.fields.holidays")}</Table.Th>
                  <Table.Th visibleFrom="sm">{t("calendars.fields.plans")}</Table.Th>
                  <ActionsHeader />
                </>
              }
            >
              {items.map((calendar) => {
                const to = `/calendars/${encodeURIComponent(calendar.id)}`;
                const summary = weekSummary(calendar.week, days);
                const plans = planNames(calendar.usedByPlans);
                return (
                  <Table.Tr
                    key={calendar.id}
                    {...rowLink(to)}
                    style={{ cursor: "pointer", verticalAlign: "top" }}
                  >
                    <Table.Td maw={280}>
                      <Link className="soporte-row-link" to={to}>
                        {calendar.name}
                      </Link>
                      <Group gap={6} mt={2}>
                        <Text size="xs" c="dimmed" ff="monospace">
                          {calendar.id}
                        </Text>
                        {isBuiltinCalendar(calendar.id) && (
                          <Badge size="xs" variant="outline" color="gray" radius="sm" tt="none">
                            {t("calendars.builtinBadge")}
                          </Badge>
                        )}
                        {calendar.recomputation?.status === "running" && (
                          <Badge
                            size="xs"
                            variant="light"
                            color="blue"
                            radius="sm"
                            tt="none"
                            leftSection={<Loader size={8} color="blue" />}
                          >
                            {t("calendars.recomputation.badge")}
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed" hiddenFrom="md">
                        {calendar.timeZone}
                      </Text>
                    </Table.Td>
                    <Table.Td visibleFrom="md">
                      <Text size="sm">{calendar.timeZone}</Text>
                    </Table.Td>
                    <Table.Td maw={320}>
                      <Text size="sm">{summary ?? t("calendars.noHours")}</Text>
                      {summary && (
                        <Text size="xs" c="dimmed">
                          {t("calendars.weeklyHours", {
                            hours: hours.format(weeklyMinutes(calendar.week) / 60),
                          })}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      <RuleBadges calendar={calendar} />
                    </Table.Td>
                    <Table.Td visibleFrom="sm">
                      {plans.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t("calendars.noPlans")}
                        </Text>
                      ) : (
                        <Group gap={4}>
                          {plans.map((name) => (
                            <Badge key={name} variant="light" color="gray" radius="sm" tt="none" fw={500}>
                              {name}
                            </Badge>
                          ))}
                        </Group>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={t("calendars.export")} withArrow openDelay={300}>
                        <ActionIcon
                          component="a"
                          href={calendarExportUrl(calendar.id)}
                          download={`${calendar.id}.json`}
                          variant="subtle"
                          color="gray"
                          aria-label={t("calendars.exportNamed", { name: calendar.name })}
                        >
                          <IconDownload size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </DataTable>
          </ListState>
        </Stack>
      </ListPage>
      <CalendarCreateModal opened={creating} onClose={create.close} onCreated={open} />
      <CalendarImportModal opened={importing} onClose={importFile.close} onCreated={open} />
    </>
  );
};

import { Button, Select, SimpleGrid, TextInput } from "@mantine/core";
import { IconFilterOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useAssignableStaff } from "../cases/cases-api";
import { useProductOptions } from "../catalog/catalog-api";
import { OrganizationPicker } from "../organizations/organization-picker";
import { usePlans } from "../plans/plans-api";
import { CHANNEL_VALUES, PERIOD_PRESETS, PRIORITY_VALUES, type ReportFilters } from "./report-filters";

/**
 * The filters every report shares: the period (a preset or two dates) and, for staff, the organization,
 * product, plan, priority, channel and specialist; a customer contact's reports are always their own
 * organization's, so they get no organization, plan or specialist to choose.
 */
export const ReportFilterBar = ({
  filters,
  customer,
  periodApplies = true,
}: {
  filters: ReportFilters;
  customer: boolean;
  /** The backlog is now: its period is not asked. */
  periodApplies?: boolean;
}) => {
  const { t } = useTranslation();
  const products = useProductOptions();
  const plans = usePlans(!customer);
  const staff = useAssignableStaff(!customer);
  const { values, period } = filters;
  const dateError =
    filters.problem === "reversed"
      ? t("reports.filters.reversed")
      : filters.problem
        ? t("reports.filters.invalidDate")
        : null;

  return (
    <SimpleGrid
      cols={{ base: 2, sm: 3, lg: 4 }}
      spacing="sm"
      verticalSpacing="xs"
      mb="md"
      component="section"
      aria-label={t("reports.filters.label")}
    >
      <Select
        label={t("reports.filters.period")}
        value={period}
        allowDeselect={false}
        disabled={!periodApplies}
        onChange={filters.setPeriod}
        data={PERIOD_PRESETS.map((preset) => ({ value: preset, label: t(`reports.periods.${preset}`) }))}
      />
      {period === "custom" && periodApplies && (
        <>
          <TextInput
            type="date"
            label={t("reports.filters.from")}
            value={filters.rawFrom}
            onChange={(event) => filters.setDate("from", event.currentTarget.value)}
            error={filters.problem === "fromInvalid" ? dateError : undefined}
          />
          <TextInput
            type="date"
            label={t("reports.filters.to")}
            value={filters.rawTo}
            onChange={(event) => filters.setDate("to", event.currentTarget.value)}
            error={filters.problem === "toInvalid" || filters.problem === "reversed" ? dateError : undefined}
          />
        </>
      )}
      {!customer && (
        <OrganizationPicker
          label={t("reports.filters.organization")}
          placeholder={t("reports.filters.allOrganizations")}
          value={values.organizationId || null}
          onChange={(value) => filters.setFilter("organizationId", value)}
        />
      )}
      <Select
        label={t("reports.filters.product")}
        placeholder={t("reports.filters.allProducts")}
        clearable
        value={values.productId || null}
        onChange={(value) => filters.setFilter("productId", value)}
        data={(products.data?.items ?? []).map((product) => ({ value: product.id, label: product.name }))}
      />
      {!customer && (
        <Select
          label={t("reports.filters.plan")}
          placeholder={t("reports.filters.allPlans")}
          clearable
          value={values.planId || null}
          onChange={(value) => filters.setFilter("planId", value)}
          data={(plans.data?.items ?? []).map((plan) => ({ value: plan.id, label: plan.name }))}
        />
      )}
      <Select
        label={t("reports.filters.priority")}
        placeholder={t("reports.filters.allPriorities")}
        clearable
        value={values.priority}
        onChange={(value) => filters.setFilter("priority", value)}
        data={PRIORITY_VALUES.map((priority) => ({
          value: priority,
          label: `${priority} · ${t(`cases.prioritiesShort.${priority}`)}`,
        }))}
      />
      <Select
        label={t("reports.filters.channel")}
        placeholder={t("reports.filters.allChannels")}
        clearable
        value={values.channel}
        onChange={(value) => filters.setFilter("channel", value)}
        data={CHANNEL_VALUES.map((channel) => ({ value: channel, label: t(`cases.channels.${channel}`) }))}
      />
      {!customer && (
        <Select
          label={t("reports.filters.specialist")}
          placeholder={t("reports.filters.allSpecialists")}
          clearable
          searchable
          value={values.specialistId || null}
          onChange={(value) => filters.setFilter("specialistId", value)}
          data={(staff.data ?? []).map((user) => ({ value: user.id, label: user.name }))}
        />
      )}
      {filters.anyFilter && (
        <Button
          variant="subtle"
          leftSection={<IconFilterOff size={16} />}
          onClick={filters.clear}
          style={{ alignSelf: "end", justifySelf: "start" }}
        >
          {t("reports.filters.clear")}
        </Button>
      )}
    </SimpleGrid>
  );
};

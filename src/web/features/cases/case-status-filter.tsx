import { Select } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { CASE_STATUS_VALUES, type CaseStatus } from "./cases-api";

/** A cases list's filter by status; cleared, it lists every status. */
export const CaseStatusFilter = ({
  value,
  onChange,
}: {
  value: CaseStatus | null;
  onChange: (value: string | null) => void;
}) => {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t("cases.fields.status")}
      placeholder={t("cases.console.allStatuses")}
      clearable
      value={value}
      onChange={onChange}
      data={CASE_STATUS_VALUES.map((status) => ({ value: status, label: t(`cases.status.${status}`) }))}
      style={{ flex: "1 1 180px", maxWidth: 220 }}
    />
  );
};

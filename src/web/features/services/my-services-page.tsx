import { Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PageHeader } from "../../components/page-header";
import { HourBankSection } from "./hour-bank-section";
import { OutOfHoursSection } from "./out-of-hours-section";
import { StsSection } from "./sts-section";

/**
 * Customer portal, "Mis servicios": the organization's optional services (SPEC §8), one section each —
 * the consulting-hour bank, the on-site engineer, the out-of-hours days.
 */
export const MyServicesPage = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t("myServices.title")} description={t("myServices.description")} />
      <Stack gap="lg">
        <HourBankSection />
        <StsSection />
        <OutOfHoursSection />
      </Stack>
    </>
  );
};

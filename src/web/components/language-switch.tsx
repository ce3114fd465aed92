import { SegmentedControl, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useTranslation } from "react-i18next";
import type { Language } from "../../api/roles";
import { changeLanguage, currentLanguage } from "../i18n/i18n";

/** ES / EN switch; the choice is remembered on this browser. */
export const LanguageSwitch = ({ size = "xs" }: { size?: "xs" | "sm" }) => {
  const { t } = useTranslation();
  return (
    <Tooltip label={t("language.label")} openDelay={400} withArrow>
      <SegmentedControl
        size={size}
        radius="md"
        aria-label={t("language.label")}
        value={currentLanguage()}
        onChange={(value) => {
          // messages already on screen are in the old language
          notifications.clean();
          void changeLanguage(value as Language);
        }}
        data={[
          { value: "es-MX", label: <span title={t("language.es-MX")}>ES</span> },
          { value: "en", label: <span title={t("language.en")}>EN</span> },
        ]}
      />
    </Tooltip>
  );
};

import { Button, EmptyState } from "@mantine/core";
import { IconMapOff } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

/** "Page not found", for unknown addresses and for records that do not exist (or are not yours). */
export const NotFound = () => {
  const { t } = useTranslation();
  return (
    <EmptyState
      py={80}
      icon={<IconMapOff size={28} stroke={1.5} />}
      withIndicatorBackground
      title={t("notFound.title")}
      description={t("notFound.description")}
    >
      <EmptyState.Actions>
        <Button component={Link} to="/">
          {t("notFound.home")}
        </Button>
      </EmptyState.Actions>
    </EmptyState>
  );
};

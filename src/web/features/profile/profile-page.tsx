import { Stack } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useAuth, useCurrentUser } from "../../app/auth-context";
import { DetailList } from "../../components/detail-list";
import { PageHeader } from "../../components/page-header";
import { RoleBadge } from "../../components/role-badge";
import { Section } from "../../components/section";
import { WarningDeliverySetting } from "../notifications/warning-delivery-setting";
import { ApiTokensSection } from "./api-tokens-section";
import { ChangePasswordForm } from "./change-password-form";

export const ProfilePage = () => {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const { can } = useAuth();
  return (
    <>
      <PageHeader title={t("profile.title")} description={t("profile.description")} />
      <Stack gap="lg">
        <Section title={t("profile.account")}>
          <DetailList
            cols={3}
            items={[
              { label: t("users.fields.name"), value: user.name },
              { label: t("users.fields.email"), value: user.email },
              { label: t("users.fields.role"), value: <RoleBadge role={user.role} /> },
            ]}
          />
        </Section>
        {can("notifications:preferences") && (
          <Section
            title={t("notifications.preferences.title")}
            description={t("notifications.preferences.description")}
          >
            <WarningDeliverySetting />
          </Section>
        )}
        <Section title={t("profile.changePassword")} description={t("profile.changePasswordDescription")}>
          <ChangePasswordForm />
        </Section>
        <Section title={t("profile.tokens.title")} description={t("profile.tokens.description")}>
          <ApiTokensSection />
        </Section>
      </Stack>
    </>
  );
};

import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { PageLoader, QueryError } from "../../components/list-state";
import { notifySuccess } from "../../components/notify";
import { PageHeader } from "../../components/page-header";
import { OrganizationForm } from "./organization-form";
import { useOrganization, useSaveOrganization } from "./organizations-api";

export const OrganizationCreatePage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveOrganization();
  return (
    <>
      <PageHeader
        title={t("organizations.createTitle")}
        description={t("organizations.createDescription")}
        back={{ to: "/organizations", label: t("nav.organizations") }}
      />
      <OrganizationForm
        submitLabel={t("organizations.create")}
        onCancel={() => navigate("/organizations")}
        onSubmit={async (body) => {
          const created = await save.mutateAsync(body);
          notifySuccess(t("organizations.created", { name: created.name }));
          navigate(`/organizations/${created.id}`);
        }}
      />
    </>
  );
};

export const OrganizationEditPage = () => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { organizationId = "" } = useParams();
  const organization = useOrganization(organizationId);
  const save = useSaveOrganization(organizationId);
  const back = `/organizations/${organizationId}`;

  if (organization.isPending) return <PageLoader />;
  if (organization.isError) return <QueryError error={organization.error} onRetry={organization.refetch} />;

  return (
    <>
      <PageHeader
        title={t("organizations.editTitle")}
        description={organization.data.name}
        back={{ to: back, label: organization.data.name }}
      />
      <OrganizationForm
        organization={organization.data}
        submitLabel={t("common.saveChanges")}
        onCancel={() => navigate(back)}
        onSubmit={async (body) => {
          await save.mutateAsync(body);
          notifySuccess(t("common.saved"));
          navigate(back);
        }}
      />
    </>
  );
};

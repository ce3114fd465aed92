import { type ComponentType, lazy } from "react";
import { Navigate, Route, Routes } from "react-router";
import { AppLayout } from "./app-layout";
import { RequireAuth, RequireCustomer, RequirePermission, RequireStaff } from "./require-auth";

/** Route-level code splitting: each screen is its own chunk. */
const page = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  lazy(async () => ({ default: (await load())[name] }));

const SignInPage = page(() => import("../features/auth/sign-in-page"), "SignInPage");
const HomePage = page(() => import("../features/home/home-page"), "HomePage");
const ProfilePage = page(() => import("../features/profile/profile-page"), "ProfilePage");
const OrganizationsPage = page(
  () => import("../features/organizations/organizations-page"),
  "OrganizationsPage",
);
const OrganizationCreatePage = page(
  () => import("../features/organizations/organization-edit-page"),
  "OrganizationCreatePage",
);
const OrganizationEditPage = page(
  () => import("../features/organizations/organization-edit-page"),
  "OrganizationEditPage",
);
const OrganizationDetailPage = page(
  () => import("../features/organizations/organization-detail-page"),
  "OrganizationDetailPage",
);
const MyOrganizationPage = page(
  () => import("../features/organizations/organization-detail-page"),
  "MyOrganizationPage",
);
const ContactsPage = page(() => import("../features/contacts/contacts-page"), "ContactsPage");
const ContactDetailPage = page(() => import("../features/contacts/contact-detail-page"), "ContactDetailPage");
const ProductsPage = page(() => import("../features/catalog/products-page"), "ProductsPage");
const ProductDetailPage = page(() => import("../features/catalog/product-detail-page"), "ProductDetailPage");
const ContractsPage = page(() => import("../features/contracts/contracts-page"), "ContractsPage");
const ContractCreatePage = page(
  () => import("../features/contracts/contract-create-page"),
  "ContractCreatePage",
);
const ContractDetailPage = page(
  () => import("../features/contracts/contract-detail-page"),
  "ContractDetailPage",
);
const MyContractsPage = page(() => import("../features/contracts/my-contracts-page"), "MyContractsPage");
const PlansPage = page(() => import("../features/plans/plans-page"), "PlansPage");
const HeldRequestsPage = page(
  () => import("../features/held-requests/held-requests-page"),
  "HeldRequestsPage",
);
const CasesConsolePage = page(() => import("../features/cases/cases-console-page"), "CasesConsolePage");
const CaseDetailPage = page(() => import("../features/cases/case-detail-page"), "CaseDetailPage");
const MyCasesPage = page(() => import("../features/cases/my-cases-page"), "MyCasesPage");
const OpenCasePage = page(() => import("../features/cases/open-case-page"), "OpenCasePage");
const PhoneLogPage = page(() => import("../features/cases/phone-log-page"), "PhoneLogPage");
const NotificationsPage = page(
  () => import("../features/notifications/notifications-page"),
  "NotificationsPage",
);
const EscalationPage = page(() => import("../features/escalation/escalation-page"), "EscalationPage");
const CalendarsPage = page(() => import("../features/calendars/calendars-page"), "CalendarsPage");
const CalendarDetailPage = page(
  () => import("../features/calendars/calendar-detail-page"),
  "CalendarDetailPage",
);
const OutboxPage = page(() => import("../features/notifications/outbox-page"), "OutboxPage");
const DevMailPage = page(() => import("../features/notifications/dev-mail-page"), "DevMailPage");
const DevMailDetailPage = page(
  () => import("../features/notifications/dev-mail-detail-page"),
  "DevMailDetailPage",
);
const InboundMailPage = page(() => import("../features/email-intake/inbound-mail-page"), "InboundMailPage");
const InboundMailDetailPage = page(
  () => import("../features/email-intake/inbound-mail-detail-page"),
  "InboundMailDetailPage",
);
const MailSettingsPage = page(
  () => import("../features/email-intake/mail-settings-page"),
  "MailSettingsPage",
);
const WebhooksPage = page(() => import("../features/webhooks/webhooks-page"), "WebhooksPage");
const WebhookDetailPage = page(() => import("../features/webhooks/webhook-detail-page"), "WebhookDetailPage");
const SupportCenterPage = page(
  () => import("../features/support-center/support-center-page"),
  "SupportCenterPage",
);
const ArticlePage = page(() => import("../features/support-center/article-page"), "ArticlePage");
const ArticleCreatePage = page(
  () => import("../features/support-center/article-editor-page"),
  "ArticleCreatePage",
);
const ArticleEditPage = page(
  () => import("../features/support-center/article-editor-page"),
  "ArticleEditPage",
);
const FeatureRequestPage = page(
  () => import("../features/support-center/feature-request-page"),
  "FeatureRequestPage",
);
const VersionsPage = page(() => import("../features/versions/versions-page"), "VersionsPage");
const UsersPage = page(() => import("../features/users/users-page"), "UsersPage");
const StsAgendaPage = page(() => import("../features/sts/sts-agenda-page"), "StsAgendaPage");
const StsServicesPage = page(() => import("../features/sts/sts-services-page"), "StsServicesPage");
const StsServiceCreatePage = page(
  () => import("../features/sts/sts-service-create-page"),
  "StsServiceCreatePage",
);
const StsServicePage = page(() => import("../features/sts/sts-service-page"), "StsServicePage");
const HourBanksPage = page(() => import("../features/hour-banks/hour-banks-page"), "HourBanksPage");
const HourPackagePage = page(() => import("../features/hour-banks/hour-package-page"), "HourPackagePage");
const MyServicesPage = page(() => import("../features/services/my-services-page"), "MyServicesPage");
const OutOfHoursPage = page(() => import("../features/out-of-hours/out-of-hours-page"), "OutOfHoursPage");
const ReportsPage = page(() => import("../features/reports/reports-page"), "ReportsPage");
const ServiceLevelPage = page(() => import("../features/reports/reports-page"), "ServiceLevelPage");
const AuditPage = page(() => import("../features/audit/audit-page"), "AuditPage");
const NotFoundPage = page(() => import("../features/home/not-found-page"), "NotFoundPage");

export const AppRoutes = () => (
  <Routes>
    <Route path="/sign-in" element={<SignInPage />} />
    <Route
      element={
        <RequireAuth>
          <AppLayout />
        </RequireAuth>
      }
    >
      <Route index element={<HomePage />} />
      <Route path="profile" element={<ProfilePage />} />
      <Route
        path="notifications"
        element={
          <RequirePermission permission="notifications:read">
            <NotificationsPage />
          </RequirePermission>
        }
      />
      <Route path="my-organization" element={<MyOrganizationPage />} />
      <Route path="organizations">
        <Route
          index
          element={
            <RequireStaff>
              <OrganizationsPage />
            </RequireStaff>
          }
        />
        <Route
          path="new"
          element={
            <RequirePermission permission="organizations:write">
              <OrganizationCreatePage />
            </RequirePermission>
          }
        />
        <Route path=":organizationId" element={<OrganizationDetailPage />} />
        <Route
          path=":organizationId/edit"
          element={
            <RequirePermission permission="organizations:write">
              <OrganizationEditPage />
            </RequirePermission>
          }
        />
      </Route>
      <Route path="contacts">
        <Route
          index
          element={
            <RequireStaff>
              <ContactsPage />
            </RequireStaff>
          }
        />
        <Route path=":contactId" element={<ContactDetailPage />} />
      </Route>
      <Route path="catalog">
        <Route index element={<ProductsPage />} />
        <Route path=":productId" element={<ProductDetailPage />} />
      </Route>
      <Route path="support-center">
        <Route
          index
          element={
            <RequirePermission permission="support-center:read">
              <SupportCenterPage />
            </RequirePermission>
          }
        />
        {/* mail footers link here: the support center with the subscriptions dialog open */}
        <Route
          path="subscriptions"
          element={
            <RequirePermission permission="support-center:subscribe">
              <SupportCenterPage />
            </RequirePermission>
          }
        />
        <Route
          path="articles/new"
          element={
            <RequirePermission permission="support-center:write">
              <ArticleCreatePage />
            </RequirePermission>
          }
        />
        <Route path="articles/:articleId" element={<ArticlePage />} />
        <Route
          path="articles/:articleId/edit"
          element={
            <RequirePermission permission="support-center:write">
              <ArticleEditPage />
            </RequirePermission>
          }
        />
        <Route path="feature-requests/:requestId" element={<FeatureRequestPage />} />
      </Route>
      <Route
        path="versions"
        element={
          <RequireCustomer staff="/catalog">
            <VersionsPage />
          </RequireCustomer>
        }
      />
      <Route path="contracts">
        <Route
          index
          element={
            <RequireStaff mine="/my-contracts">
              <ContractsPage />
            </RequireStaff>
          }
        />
        <Route
          path="new"
          element={
            <RequirePermission permission="contracts:write">
              <ContractCreatePage />
            </RequirePermission>
          }
        />
        <Route
          path=":contractId"
          element={
            <RequireStaff mine="/my-contracts">
              <ContractDetailPage />
            </RequireStaff>
          }
        />
      </Route>
      <Route
        path="my-contracts"
        element={
          <RequirePermission permission="contracts:read">
            <MyContractsPage />
          </RequirePermission>
        }
      />
      <Route
        path="plans"
        element={
          <RequirePermission permission="plans:read">
            <PlansPage />
          </RequirePermission>
        }
      />
      <Route
        path="escalation"
        element={
          <RequirePermission permission="escalation:read">
            <EscalationPage />
          </RequirePermission>
        }
      />
      <Route path="calendars">
        <Route
          index
          element={
            <RequirePermission permission="calendars:read">
              <CalendarsPage />
            </RequirePermission>
          }
        />
        <Route
          path=":calendarId"
          element={
            <RequirePermission permission="calendars:read">
              <CalendarDetailPage />
            </RequirePermission>
          }
        />
      </Route>
      <Route
        path="outbox"
        element={
          <RequirePermission permission="outbox:read">
            <OutboxPage />
          </RequirePermission>
        }
      />
      <Route path="dev-mail">
        <Route
          index
          element={
            <RequirePermission permission="dev-mail:read">
              <DevMailPage />
            </RequirePermission>
          }
        />
        <Route
          path=":mailId"
          element={
            <RequirePermission permission="dev-mail:read">
              <DevMailDetailPage />
            </RequirePermission>
          }
        />
      </Route>
      <Route path="inbound-mail">
        <Route
          index
          element={
            <RequirePermission permission="inbound-mail:read">
              <InboundMailPage />
            </RequirePermission>
          }
        />
        <Route
          path=":mailId"
          element={
            <RequirePermission permission="inbound-mail:read">
              <InboundMailDetailPage />
            </RequirePermission>
          }
        />
      </Route>
      <Route
        path="settings/mail"
        element={
          <RequirePermission permission="settings:read">
            <MailSettingsPage />
          </RequirePermission>
        }
      />
      <Route path="settings/webhooks">
        <Route
          index
          element={
            <RequirePermission permission="webhooks:manage">
              <WebhooksPage />
            </RequirePermission>
          }
        />
        <Route
          path=":webhookId"
          element={
            <RequirePermission permission="webhooks:manage">
              <WebhookDetailPage />
            </RequirePermission>
          }
        />
      </Route>
      {/* the server's start-up message names this address */}
      <Route path="admin/dev-mail" element={<Navigate to="/dev-mail" replace />} />
      <Route
        path="held-requests"
        element={
          <RequirePermission permission="held-requests:read">
            <HeldRequestsPage />
          </RequirePermission>
        }
      />
      <Route path="cases">
        <Route
          index
          element={
            <RequireStaff mine="/my-cases">
              <CasesConsolePage />
            </RequireStaff>
          }
        />
        <Route path=":caseId" element={<CaseDetailPage />} />
      </Route>
      <Route
        path="my-cases"
        element={
          <RequirePermission permission="cases:read">
            <MyCasesPage />
          </RequirePermission>
        }
      />
      <Route
        path="open-case"
        element={
          <RequirePermission permission="cases:open">
            <OpenCasePage />
          </RequirePermission>
        }
      />
      <Route
        path="phone-log"
        element={
          <RequirePermission permission="cases:open">
            <RequireStaff mine="/open-case">
              <PhoneLogPage />
            </RequireStaff>
          </RequirePermission>
        }
      />
      <Route
        path="users"
        element={
          <RequirePermission permission="users:write">
            <UsersPage />
          </RequirePermission>
        }
      />
      <Route path="hour-banks">
        <Route
          index
          element={
            <RequireStaff mine="/my-services">
              <HourBanksPage />
            </RequireStaff>
          }
        />
        <Route
          path=":packageId"
          element={
            <RequireStaff mine="/my-services">
              <HourPackagePage />
            </RequireStaff>
          }
        />
      </Route>
      <Route
        path="my-services"
        element={
          <RequireCustomer staff="/hour-banks">
            <MyServicesPage />
          </RequireCustomer>
        }
      />
      <Route path="sts">
        <Route
          index
          element={
            <RequireStaff mine="/my-services">
              <StsAgendaPage />
            </RequireStaff>
          }
        />
        <Route
          path="services"
          element={
            <RequireStaff mine="/my-services">
              <StsServicesPage />
            </RequireStaff>
          }
        />
        <Route
          path="services/new"
          element={
            <RequirePermission permission="services:sell">
              <StsServiceCreatePage />
            </RequirePermission>
          }
        />
        {/* the reminders link here */}
        <Route
          path="services/:serviceId"
          element={
            <RequireStaff mine="/my-services">
              <StsServicePage />
            </RequireStaff>
          }
        />
      </Route>
      <Route
        path="out-of-hours"
        element={
          <RequireStaff mine="/my-services">
            <OutOfHoursPage />
          </RequireStaff>
        }
      />
      <Route
        path="reports"
        element={
          <RequirePermission permission="reports:read">
            <RequireStaff mine="/service-level">
              <ReportsPage />
            </RequireStaff>
          </RequirePermission>
        }
      />
      <Route
        path="service-level"
        element={
          <RequirePermission permission="reports:read">
            <RequireCustomer staff="/reports">
              <ServiceLevelPage />
            </RequireCustomer>
          </RequirePermission>
        }
      />
      <Route
        path="audit"
        element={
          <RequirePermission permission="audit:read">
            <AuditPage />
          </RequirePermission>
        }
      />
      <Route path="organization" element={<Navigate to="/my-organization" replace />} />
      <Route path="*" element={<NotFoundPage />} />
    </Route>
  </Routes>
);

import {
  IconBook2,
  IconBriefcase,
  IconBuilding,
  IconBuildingCommunity,
  IconCalendarTime,
  IconChartBar,
  IconClockPause,
  IconDownload,
  IconFileCertificate,
  IconGauge,
  IconHistory,
  IconHome,
  IconHourglass,
  IconInbox,
  IconLifebuoy,
  IconListDetails,
  IconMailbox,
  IconMailCog,
  IconMailForward,
  IconMessagePlus,
  IconMoonStars,
  IconPackages,
  IconPhoneCall,
  IconSpeakerphone,
  IconStairsUp,
  IconUserCog,
  IconUsers,
  IconUsersGroup,
  IconWebhook,
} from "@tabler/icons-react";
import type { ComponentType } from "react";
import type { CurrentUser } from "../../api/auth";
import { can } from "../../api/permissions";

export interface NavItem {
  /** Catalog key of the label. */
  labelKey:
    | "nav.home"
    | "nav.cases"
    | "nav.phoneLog"
    | "nav.myCases"
    | "nav.openCase"
    | "nav.myOrganization"
    | "nav.organizations"
    | "nav.contacts"
    | "nav.contracts"
    | "nav.myContracts"
    | "nav.outOfHours"
    | "nav.sts"
    | "nav.myServices"
    | "nav.hourBanks"
    | "nav.reports"
    | "nav.serviceLevel"
    | "nav.supportCenter"
    | "nav.versions"
    | "nav.heldRequests"
    | "nav.inboundMail"
    | "nav.plans"
    | "nav.calendars"
    | "nav.catalog"
    | "nav.users"
    | "nav.escalation"
    | "nav.mailSettings"
    | "nav.webhooks"
    | "nav.outbox"
    | "nav.devMail"
    | "nav.audit"
    | "nav.apiReference";
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** A page outside the SPA (opened in a new tab). */
  external?: boolean;
  section: "main" | "admin";
  /** Other paths under which the item shows as the current one (a customer's case page). */
  alsoActiveUnder?: string;
}

/** The side navigation for a user, by role (SPEC §1). */
export const navigationFor = (user: CurrentUser): NavItem[] => {
  const items: NavItem[] = [{ labelKey: "nav.home", to: "/", icon: IconHome, section: "main" }];
  const customer = user.role === "customer_contact";
  if (!customer && can(user.role, "cases:read")) {
    items.push({ labelKey: "nav.cases", to: "/cases", icon: IconLifebuoy, section: "main" });
  }
  if (!customer && can(user.role, "cases:open")) {
    items.push({ labelKey: "nav.phoneLog", to: "/phone-log", icon: IconPhoneCall, section: "main" });
  }
  if (customer && user.organizationId && can(user.role, "cases:read")) {
    items.push({
      labelKey: "nav.myCases",
      to: "/my-cases",
      icon: IconLifebuoy,
      section: "main",
      alsoActiveUnder: "/cases",
    });
  }
  if (customer && user.organizationId && can(user.role, "cases:open")) {
    items.push({ labelKey: "nav.openCase", to: "/open-case", icon: IconMessagePlus, section: "main" });
  }
  if (customer && user.organizationId) {
    items.push({
      labelKey: "nav.myOrganization",
      to: "/my-organization",
      icon: IconBuilding,
      section: "main",
    });
  }
  if (!customer && can(user.role, "organizations:read")) {
    items.push({
      labelKey: "nav.organizations",
      to: "/organizations",
      icon: IconBuildingCommunity,
      section: "main",
    });
  }
  if (!customer && can(user.role, "contacts:read")) {
    items.push({ labelKey: "nav.contacts", to: "/contacts", icon: IconUsersGroup, section: "main" });
  }
  if (customer && user.organizationId && can(user.role, "contracts:read")) {
    items.push({
      labelKey: "nav.myContracts",
      to: "/my-contracts",
      icon: IconFileCertificate,
      section: "main",
    });
  }
  if (customer && user.organizationId && can(user.role, "services:read")) {
    items.push({ labelKey: "nav.myServices", to: "/my-services", icon: IconBriefcase, section: "main" });
  }
  if (customer && user.organizationId && can(user.role, "systems:read")) {
    items.push({ labelKey: "nav.versions", to: "/versions", icon: IconDownload, section: "main" });
  }
  if (customer && user.organizationId && can(user.role, "reports:read")) {
    items.push({ labelKey: "nav.serviceLevel", to: "/service-level", icon: IconGauge, section: "main" });
  }
  if (can(user.role, "support-center:read")) {
    items.push({
      labelKey: "nav.supportCenter",
      to: "/support-center",
      icon: IconSpeakerphone,
      section: "main",
    });
  }
  if (!customer && can(user.role, "contracts:read")) {
    items.push({ labelKey: "nav.contracts", to: "/contracts", icon: IconFileCertificate, section: "main" });
  }
  if (!customer && can(user.role, "services:read")) {
    items.push({ labelKey: "nav.outOfHours", to: "/out-of-hours", icon: IconMoonStars, section: "main" });
  }
  if (!customer && can(user.role, "services:read")) {
    items.push({ labelKey: "nav.sts", to: "/sts", icon: IconUserCog, section: "main" });
  }
  if (!customer && can(user.role, "services:read")) {
    items.push({ labelKey: "nav.hourBanks", to: "/hour-banks", icon: IconHourglass, section: "main" });
  }
  if (!customer && can(user.role, "reports:read")) {
    items.push({ labelKey: "nav.reports", to: "/reports", icon: IconChartBar, section: "main" });
  }
  if (can(user.role, "held-requests:read")) {
    items.push({ labelKey: "nav.heldRequests", to: "/held-requests", icon: IconClockPause, section: "main" });
  }
  if (can(user.role, "inbound-mail:read")) {
    items.push({ labelKey: "nav.inboundMail", to: "/inbound-mail", icon: IconInbox, section: "main" });
  }
  if (can(user.role, "plans:read")) {
    items.push({ labelKey: "nav.plans", to: "/plans", icon: IconListDetails, section: "main" });
  }
  if (can(user.role, "calendars:read")) {
    items.push({ labelKey: "nav.calendars", to: "/calendars", icon: IconCalendarTime, section: "main" });
  }
  if (can(user.role, "catalog:read")) {
    items.push({ labelKey: "nav.catalog", to: "/catalog", icon: IconPackages, section: "main" });
  }
  if (can(user.role, "users:write")) {
    items.push({ labelKey: "nav.users", to: "/users", icon: IconUsers, section: "admin" });
  }
  // other staff read the escalation plan from the plans page; admins change it here
  if (can(user.role, "escalation:write")) {
    items.push({ labelKey: "nav.escalation", to: "/escalation", icon: IconStairsUp, section: "admin" });
  }
  // other staff read the mail settings from the incoming mail page; admins change them here
  if (can(user.role, "settings:write")) {
    items.push({ labelKey: "nav.mailSettings", to: "/settings/mail", icon: IconMailCog, section: "admin" });
  }
  if (can(user.role, "webhooks:manage")) {
    items.push({ labelKey: "nav.webhooks", to: "/settings/webhooks", icon: IconWebhook, section: "admin" });
  }
  if (can(user.role, "outbox:read")) {
    items.push({ labelKey: "nav.outbox", to: "/outbox", icon: IconMailForward, section: "admin" });
  }
  if (can(user.role, "dev-mail:read")) {
    items.push({ labelKey: "nav.devMail", to: "/dev-mail", icon: IconMailbox, section: "admin" });
  }
  if (can(user.role, "audit:read")) {
    items.push({ labelKey: "nav.audit", to: "/audit", icon: IconHistory, section: "admin" });
  }
  if (can(user.role, "users:write")) {
    items.push({
      labelKey: "nav.apiReference",
      to: "/api/v1/docs",
      icon: IconBook2,
      external: true,
      section: "admin",
    });
  }
  return items;
};

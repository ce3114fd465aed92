import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { createUsersService, usersRoutes } from "./modules/admin";
import { auditRoutes, createAuditService } from "./modules/audit";
import { authRoutes, createAuthService } from "./modules/auth";
import { calendarsRoutes, createCalendarsService } from "./modules/calendars";
import { casesRoutes, createCasesService } from "./modules/cases";
import { catalogRoutes, createCatalogService } from "./modules/catalog";
import {
  contractsRoutes,
  createAuthorizedContactsService,
  createContractsService,
  createHeldRequestsService,
  createPlansService,
} from "./modules/contracts";
import { createEmailIntakeService, emailIntakeRoutes } from "./modules/email-intake";
import { createEscalationService, escalationRoutes } from "./modules/escalation";
import { createHealthService, healthRoutes } from "./modules/health";
import {
  createDevMailService,
  createNotificationsService,
  createOutboxService,
  notificationsRoutes,
} from "./modules/notifications";
import { createOrganizationsService, organizationsRoutes } from "./modules/organizations";
import { createReportsService, reportsRoutes } from "./modules/reports";
import {
  createHourBanksService,
  createOutOfHoursService,
  createStsService,
  findConfirmedWindowAt,
  hourBanksRoutes,
  outOfHoursRoutes,
  stsRoutes,
} from "./modules/services";
import {
  createArticlesService,
  createFeatureRequestsService,
  createSearchService,
  supportCenterRoutes,
} from "./modules/support-center";
import {
  createWebhookDelivery,
  createWebhookEmitter,
  createWebhooksService,
  webhooksRoutes,
} from "./modules/webhooks";
import type { ServiceDeps } from "./platform/deps";
import { createJobQueue } from "./platform/jobs";
import { lazySecretBox } from "./platform/secret-store";

/** Composition root: every feature's service, and the HTTP routes mounted under /api/v1. */
export const createServices = (deps: ServiceDeps & { version?: string; imapCa?: string | undefined }) => {
  const auth = createAuthService(deps);
  const secrets = lazySecretBox(deps.config);
  const emitWebhook = createWebhookEmitter(deps.clock);
  const health = createHealthService(deps);
  const organizations = createOrganizationsService(deps, { forgetSignIns: auth.forgetSignIns });
  const users = createUsersService(deps, { forgetSignIns: auth.forgetSignIns });

  const calendars = createCalendarsService(deps);
  const plans = createPlansService(deps, { calendars });
  const contracts = createContractsService(deps);
  const authorizedContacts = createAuthorizedContactsService(deps);
  const heldRequests = createHeldRequestsService(deps);
  const notifications = createNotificationsService(deps);
  const catalog = createCatalogService(deps, { notifications });
  const outbox = createOutboxService(deps);
  const devMail = createDevMailService(deps);
  const jobs = createJobQueue();
  const escalation = createEscalationService(deps, { notifications, jobs, calendars, emitWebhook });
  const cases = createCasesService(deps, {
    heldRequests,
    escalation,
    notifications,
    catalog,
    calendars,
    outOfHoursWindowAt: async (executor, organizationId, at) => {
      const window = await findConfirmedWindowAt(executor, organizationId, at);
      return window
        ? { id: window.id, startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString() }
        : null;
    },
    emitWebhook,
  });
  // the edit is committed with its recomputation row: a failure here is resumed by the periodic run
  calendars.onEdited(() => void cases.recomputeCalendars().catch(() => undefined));
  const emailIntake = createEmailIntakeService(deps, {
    cases,
    notifications,
    secrets,
    imapCa: deps.imapCa,
  });
  const articles = createArticlesService(deps, { notifications, emitWebhook });
  const featureRequests = createFeatureRequestsService(deps, { notifications, emitWebhook });
  const search = createSearchService(deps);
  const hourBanks = createHourBanksService(deps, { notifications });
  const outOfHours = createOutOfHoursService(deps, { calendars, notifications });
  const sts = createStsService(deps, { calendars, notifications });
  const audit = createAuditService(deps);
  const reports = createReportsService(deps, { calendars });
  const webhooks = createWebhooksService(deps, secrets);
  const webhookDelivery = createWebhookDelivery(deps, { secrets, notifications, emit: emitWebhook });
  const routes: FastifyPluginAsyncZod[] = [
    healthRoutes(health),
    authRoutes(auth, { secureCookies: deps.config.secureCookies }),
    organizationsRoutes(organizations),
    usersRoutes(users),
    calendarsRoutes(calendars),
    catalogRoutes(catalog, { maxFileBytes: deps.config.releaseFileMaxBytes }),
    contractsRoutes({
      plans,
      contracts,
      authorizedContacts,
      heldRequests,
      releaseHeldRequest: cases.releaseHeldRequest,
    }),
    casesRoutes(cases),
    escalationRoutes(escalation),
    notificationsRoutes({ notifications, outbox, devMail }),
    emailIntakeRoutes(emailIntake),
    supportCenterRoutes({ articles, featureRequests, search }),
    hourBanksRoutes(hourBanks),
    stsRoutes(sts),
    outOfHoursRoutes(outOfHours),
    reportsRoutes(reports),
    auditRoutes(audit),
    webhooksRoutes(webhooks),
  ];
  return {
    auth,
    health,
    organizations,
    users,
    catalog,
    calendars,
    plans,
    contracts,
    authorizedContacts,
    heldRequests,
    cases,
    notifications,
    outbox,
    escalation,
    emailIntake,
    articles,
    featureRequests,
    search,
    hourBanks,
    sts,
    outOfHours,
    audit,
    reports,
    webhooks,
    webhookDelivery,
    emitWebhook,
    routes,
  };
};

export type Services = ReturnType<typeof createServices>;

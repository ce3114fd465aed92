import type {
  BacklogReport,
  ComplianceCounts,
  ComplianceReport,
  ContractsReport,
  EscalationsReport,
  HourBanksReport,
  ReportName,
  ResponseTimesReport,
} from "../../../api/reports";
import type { Language } from "../../../api/roles";
import type { CsvValue } from "../../platform/csv";

type Table = { header: string[]; rows: CsvValue[][] };

/** Column titles in the reader's language (es-MX first), like the screens. */
const TITLES = {
  "es-MX": {
    group: "Agrupación",
    key: "Valor",
    priority: "Prioridad",
    month: "Mes",
    organization: "Organización",
    met: "Cumplidos",
    breached: "Incumplidos",
    openOnTime: "Abiertos a tiempo",
    openBreached: "Abiertos vencidos",
    total: "Total",
    rate: "Cumplimiento (%)",
    count: "Casos",
    median: "Mediana (horas hábiles)",
    p90: "Percentil 90 (horas hábiles)",
    max: "Máximo (horas hábiles)",
    bucket: "Rango",
    status: "Estado",
    number: "Caso",
    subject: "Asunto",
    registeredAt: "Registrado",
    ageBusinessDays: "Antigüedad (días hábiles)",
    level: "Nivel",
    highestLevel: "Nivel más alto",
    lastFiredAt: "Último escalamiento",
    soldHours: "Horas vendidas",
    usedHours: "Horas usadas",
    expiredUnusedHours: "Horas vencidas sin usar",
    contract: "Póliza",
    system: "Sistema",
    plan: "Plan",
    endDate: "Vence",
    renewed: "Renovada",
    won: "Renovadas",
    lost: "No renovadas",
    groups: { priority: "prioridad", organization: "organización", month: "mes", level: "nivel" },
  },
  en: {
    group: "Group",
    key: "Value",
    priority: "Priority",
    month: "Month",
    organization: "Organization",
    met: "Met",
    breached: "Breached",
    openOnTime: "Open on time",
    openBreached: "Open breached",
    total: "Total",
    rate: "Compliance (%)",
    count: "Cases",
    median: "Median (business hours)",
    p90: "90th percentile (business hours)",
    max: "Maximum (business hours)",
    bucket: "Range",
    status: "Status",
    number: "Case",
    subject: "Subject",
    registeredAt: "Registered",
    ageBusinessDays: "Age (business days)",
    level: "Level",
    highestLevel: "Highest level",
    lastFiredAt: "Last escalation",
    soldHours: "Hours sold",
    usedHours: "Hours used",
    expiredUnusedHours: "Hours expired unused",
    contract: "Contract",
    system: "System",
    plan: "Plan",
    endDate: "Ends",
    renewed: "Renewed",
    won: "Renewed",
    lost: "Not renewed",
    groups: { priority: "priority", organization: "organization", month: "month", level: "level" },
  },
} as const;

const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
const hours = (seconds: number | null) => (seconds === null ? null : Math.round(seconds / 36) / 100);
const tallyCells = (c: ComplianceCounts): CsvValue[] => [
  c.met,
  c.breached,
  c.openOnTime,
  c.openBreached,
  c.total,
  percent(c.rate),
];

export const reportTable = (name: ReportName, report: unknown, language: Language): Table => {
  const t = TITLES[language];
  switch (name) {
    case "compliance": {
      const r = report as ComplianceReport;
      const counts = [t.met, t.breached, t.openOnTime, t.openBreached, t.total, t.rate];
      return {
        header: [t.group, t.key, t.priority, ...counts],
        rows: [
          ...r.byPriority.map((p) => [t.groups.priority, p.priority, p.priority, ...tallyCells(p)]),
          ...r.byOrganization.map((o) => [t.groups.organization, o.organizationName, null, ...tallyCells(o)]),
          ...r.byMonth.map((m) => [t.groups.month, m.month, m.priority, ...tallyCells(m)]),
        ],
      };
    }
    case "response-times": {
      const r = report as ResponseTimesReport;
      const stats = (s: ResponseTimesReport["total"]): CsvValue[] => [
        s.count,
        hours(s.medianSeconds),
        hours(s.p90Seconds),
        hours(s.maxSeconds),
      ];
      return {
        header: [t.group, t.key, t.count, t.median, t.p90, t.max],
        rows: [
          ...r.byPriority.map((p) => [t.groups.priority, p.priority, ...stats(p)]),
          ...r.byMonth.map((m) => [t.groups.month, m.month, ...stats(m)]),
        ],
      };
    }
    case "backlog": {
      const r = report as BacklogReport;
      return {
        header: [
          t.number,
          t.subject,
          t.organization,
          t.status,
          t.priority,
          t.registeredAt,
          t.ageBusinessDays,
        ],
        rows: r.oldest.map((c) => [
          c.number,
          c.subject,
          c.organizationName,
          c.status,
          c.priority,
          c.registeredAt,
          c.ageBusinessDays,
        ]),
      };
    }
    case "escalations": {
      const r = report as EscalationsReport;
      return {
        header: [t.number, t.subject, t.organization, t.priority, t.highestLevel, t.lastFiredAt],
        rows: r.cases.map((c) => [
          c.number,
          c.subject,
          c.organizationName,
          c.priority,
          c.highestLevel,
          c.lastFiredAt,
        ]),
      };
    }
    case "hour-banks": {
      const r = report as HourBanksReport;
      return {
        header: [t.month, t.soldHours, t.usedHours, t.expiredUnusedHours],
        rows: r.byMonth.map((m) => [m.month, m.soldHours, m.usedHours, m.expiredUnusedHours]),
      };
    }
    case "contracts": {
      const r = report as ContractsReport;
      return {
        header: [t.contract, t.organization, t.system, t.plan, t.endDate, t.renewed],
        rows: r.endingContracts.map((k) => [
          k.number,
          k.organizationName,
          k.systemName,
          k.planName,
          k.endDate,
          k.renewed,
        ]),
      };
    }
  }
};

/**
 * `npm run bench:search`: the support center's Spanish full-text search (`GET
 * /api/v1/support-center/search`) over 100,000 articles and feature requests, through HTTP, beside the naive
 * peer measured in the same run: an `ILIKE '%…%'` scan of the same rows.
 *
 * Set-up: a fresh database on the local PostgreSQL (dropped at the end), the migrations, and through the
 * services two products (SIGAP, ECM Framework), three customer organizations with a contact, a system and a
 * current contract each, a staff specialist, one article (written, then published) and one feature request,
 * as the product writes them. Then ITEMS rows are bulk-inserted with SQL (multi-row `INSERT … SELECT FROM
 * unnest(…)`, 1,000 rows a statement), 60 % articles and 40 % feature requests, generated from Spanish word
 * lists with a fixed seed (the same rows every run). The bulk rows write the same columns the services write:
 *  - articles (`articles.repository.ts` insertArticle + setArticleStatus): kind, status, product_id, title,
 *    body (Markdown, a few hundred words), body_html (rendered by the product's own `renderMarkdown`),
 *    severity / affected_from / affected_to / workaround / workaround_html (alerts only, as the service
 *    normalizes), created_by = updated_by, created_at, updated_at, and for published ones published_at =
 *    first_published_at and version 2 (created, then published; archived: version 3). fixed_in_release_id
 *    stays null. There is no stored excerpt: lists compute it from body (`plainExcerpt`). About 92 % are
 *    published, 6 % drafts, 2 % archived. The `search` tsvector is the generated column.
 *  - feature requests (insertRequest): product_id, organization_id, submitted_by, title, description,
 *    created_at = updated_at (status 'submitted', version 1 by default), with the request's "submitted"
 *    change row and its submitter as follower, as createRequest writes them.
 *  Not written: the audit entries of each creation (search does not read them).
 * Planted for the queries (each an independent draw per row): "migración" (accented) in ~1 % of the rows,
 * "firma" (mostly singular, a third "firmas") in ~1 %, "certificado … vencido" together in ~1 % and each word
 * alone in another ~2 %, "Kerberos" in ~0.05 %. None of their stems occurs in the word lists. Then VACUUM
 * (ANALYZE) of both tables: the statistics, and the GIN indexes' pending lists merged as autovacuum would.
 *
 * Measured, for the queries "migracion" (no accent), "firmas" (plural), "certificado vencido" (two words)
 * and "kerberos" (rare):
 *  - HTTP: a real `soporte serve` process (its own event loop and pool, LOG_LEVEL=warn); a customer contact
 *    signed in by cookie (sees published articles) and a specialist with a personal API token (sees drafts);
 *    (a) one request at a time, SEQUENTIAL per query and role, p50/p99 (the honest latency: autocannon's
 *    histogram has whole-millisecond buckets and, under load, measures queueing); (b) autocannon with
 *    CONNECTIONS connections for SECONDS s per query as the customer, and one run cycling the four queries
 *    as the staff user: req/s, p50, p99, errors and non-2xx.
 *  - the same full-text statement (`search.repository.ts`) run directly through the same Kysely pool type,
 *    no HTTP, one at a time: what HTTP, JSON, auth and zod add;
 *  - the peer: `ILIKE '%word%'` over title/body/workaround of the published articles and title/description
 *    of the feature requests (every word, any column), ordered newest first with the same LIMIT 21 (20 and
 *    one to tell whether a next page exists), by `pg` directly, one at a time, SCANS times per query. Plain
 *    ILIKE (the fastest naive form; it does not find "migración" for "migracion" nor "firma" for "firmas")
 *    is the peer of the ratios; `unaccent(col) ILIKE unaccent(pattern)`, which finds the accent-less form,
 *    is timed beside it with fewer runs. The peer builds no snippets and no rank: it is favoured.
 *  - informative, not a target: one very common word ("sistema", in about half the rows), every hit ranked.
 * Ratios: scan p50 / HTTP p50 per query (both one request at a time), and the scan's queries/s (one
 * connection) beside the HTTP queries/s (one at a time, and under load). Targets: the HTTP search is at least
 * 20× the scan at p50 for every query, and its p99 one request at a time is under 50 ms.
 * Uses the PostgreSQL at BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres, else an
 * embedded one. Scale down with SEARCH_BENCH_ITEMS=5000 SEARCH_BENCH_SECONDS=3 (also SEARCH_BENCH_CONNECTIONS,
 * SEARCH_BENCH_SEQUENTIAL, SEARCH_BENCH_SCANS; SEARCH_BENCH_KEEP=1 keeps the database to EXPLAIN in).
 * Last line: `search-bench: p50 X ms, p99 Y ms, Z q/s through HTTP at 100,000 items; N× the ILIKE scan` (p50/p99
 * one request at a time, both roles; Z the customer's mean under load; N the smallest per-query ratio).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { renderMarkdown } from "../src/server/modules/support-center/markdown";
import { search as searchStatement } from "../src/server/modules/support-center/search.repository";
import { SYSTEM_ACTOR } from "../src/server/platform/actor";
import { loadConfig } from "../src/server/platform/config";
import { openDatabase } from "../src/server/platform/db";
import { migrate } from "../src/server/platform/migrate";
import { createServices } from "../src/server/services";
import {
  benchDatabase,
  capitalize,
  cpuSeconds,
  createRandom,
  log,
  ms,
  percentile,
  startMailSink,
  startServer,
  table,
} from "./support";

const ITEMS = Number(process.env.SEARCH_BENCH_ITEMS ?? 100_000);
const SECONDS = Number(process.env.SEARCH_BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.SEARCH_BENCH_CONNECTIONS ?? 10);
const SEQUENTIAL = Number(process.env.SEARCH_BENCH_SEQUENTIAL ?? 200);
const SCANS = Number(process.env.SEARCH_BENCH_SCANS ?? 10);
const UNACCENT_SCANS = Math.max(3, Math.round(SCANS / 3));
const COMMON_RUNS = 10;
const SEED = 20_261_127;
const ARTICLE_SHARE = 0.6;
const BATCH = 1_000;
const PAGE = 20;
const PASSWORD = "correct horse battery staple";
const TARGET_RATIO = 20;
const TARGET_P99_MS = 50;

const QUERIES = [
  { label: "accent-less", q: "migracion" },
  { label: "plural", q: "firmas" },
  { label: "two words", q: "certificado vencido" },
  { label: "rare", q: "kerberos" },
] as const;
const COMMON_QUERY = "sistema";

/* ---------- deterministic Spanish text ---------- */

const { random, chance, int, pick } = createRandom(SEED);

// none of these stems to migr-, firm-, certific-, venc- or kerber- (the planted terms), nor contains them
const MODULES: Record<string, readonly string[]> = {
  SIGAP: ["Nómina", "Contabilidad", "Presupuesto", "Recursos Humanos", "Tesorería", "Adquisiciones"],
  "ECM Framework": [
    "Gestión documental",
    "Flujos de trabajo",
    "Expediente electrónico",
    "Digitalización",
    "Archivo",
  ],
};
const PROBLEMS = [
  "error de tiempo de espera",
  "pantalla en blanco",
  "bloqueo de la sesión",
  "cálculo incorrecto",
  "lentitud extrema",
  "pérdida de conexión",
  "registros duplicados",
  "mensaje de acceso denegado",
  "fallo en la exportación",
  "consumo excesivo de memoria",
  "caracteres ilegibles",
  "cola de trabajos detenida",
  "diferencias de redondeo",
  "totales descuadrados",
] as const;
const ACTIONS = [
  "configurar",
  "exportar",
  "importar",
  "respaldar",
  "restaurar",
  "depurar",
  "conciliar",
  "auditar",
  "programar",
  "reindexar",
  "optimizar",
  "publicar",
  "consultar",
  "cerrar",
  "timbrar",
  "archivar",
] as const;
const OBJECTS = [
  "el padrón de proveedores",
  "la póliza contable",
  "el expediente del empleado",
  "la bitácora de auditoría",
  "el catálogo de cuentas",
  "la nómina quincenal",
  "los reportes trimestrales",
  "el flujo de aprobación",
  "el índice de búsqueda",
  "la cola de digitalización",
  "los permisos por rol",
  "el calendario fiscal",
  "el tablero de indicadores",
  "las plantillas de oficio",
  "el servidor de aplicaciones",
  "la base de datos",
  "los recibos de pago",
  "el presupuesto de egresos",
  "las órdenes de compra",
  "los volúmenes de archivo",
] as const;
const CONTEXTS = [
  "tras actualizar",
  "en ambientes con Oracle",
  "con más de 500 usuarios",
  "en el cierre de mes",
  "desde el navegador Edge",
  "al reiniciar el servicio",
  "en servidores Windows",
  "con PostgreSQL 15",
  "en la zona horaria de Tijuana",
  "durante la carga masiva",
  "en equipos con poca memoria",
  "con la configuración regional en inglés",
] as const;
const SUBJECTS = [
  "el sistema",
  "el proceso nocturno",
  "el administrador",
  "el usuario de captura",
  "el servicio de integración",
  "la pantalla de consulta",
  "el reporte",
  "el asistente de configuración",
  "el equipo de soporte",
  "la bitácora",
  "el planificador de tareas",
  "el portal de proveedores",
  "la interfaz de timbrado",
  "el motor de reglas",
] as const;
const VERBS = [
  "muestra",
  "genera",
  "rechaza",
  "procesa",
  "registra",
  "omite",
  "duplica",
  "valida",
  "envía",
  "actualiza",
  "bloquea",
  "recalcula",
  "consulta",
  "exporta",
  "conserva",
  "descarta",
] as const;
const COMPLEMENTS = [
  "cuando la sesión lleva más de treinta minutos abierta",
  "después de aplicar el parche acumulado",
  "si el usuario no tiene permisos de escritura",
  "en horarios de alta concurrencia",
  "sin mostrar ningún mensaje de error",
  "con un retraso de varios minutos",
  "para todos los ejercicios fiscales abiertos",
  "aunque la configuración regional sea correcta",
  "mientras corre el respaldo automático",
  "cuando el archivo supera los diez megabytes",
  "al cambiar de ejercicio",
  "en la primera ejecución del día",
  "solo para las unidades responsables foráneas",
  "con los parámetros que trae la instalación",
  "antes de cerrar el periodo contable",
  "en la réplica de consulta",
] as const;
const PARAMS = [
  "max_sesiones",
  "tiempo_espera_ms",
  "ruta_temporal",
  "nivel_bitacora",
  "lote_exportacion",
  "hilos_trabajo",
  "zona_horaria",
  "codificacion",
] as const;
const SERVICES_ = [
  "sigap-app",
  "sigap-batch",
  "ecm-indexador",
  "ecm-visor",
  "ecm-flujos",
  "sigap-timbrado",
] as const;
const FEATURES = [
  "un filtro por unidad responsable",
  "la descarga en Excel",
  "un aviso por correo",
  "el historial de cambios",
  "la edición en lote",
  "una vista de calendario",
  "la búsqueda por folio",
  "un tablero por dependencia",
  "la impresión en formato horizontal",
  "un campo de observaciones",
] as const;
const FORMATS = ["CSV", "Excel", "PDF/A", "XML", "JSON"] as const;

// the planted sentences
const MIGRACION = [
  "Antes de la migración de la base de datos, respalde el esquema completo y detenga los procesos nocturnos.",
  "La migración a la versión nueva requiere detener el planificador de tareas durante la ventana acordada.",
  "Después de la migración, los índices deben reconstruirse para recuperar el tiempo de respuesta.",
] as const;
const FIRMA = [
  "La firma electrónica del oficio aparece como no válida en el visor de documentos.",
  "El sello de la firma se coloca fuera del margen cuando la plantilla usa tamaño oficio.",
] as const;
const FIRMAS = ["Las firmas digitales de los anexos se pierden al exportar el expediente."] as const;
const CERTIFICADO_VENCIDO = [
  "El certificado SSL vencido del servidor impide la conexión segura con el portal.",
  "Un certificado vencido en el almacén de claves detiene el servicio de integración.",
] as const;
const CERTIFICADO = ["Instale el certificado raíz de la dependencia en el almacén del servidor."] as const;
const VENCIDO = ["El plazo de entrega ya está vencido según el calendario de la dependencia."] as const;
const KERBEROS = [
  "La autenticación Kerberos falla contra el controlador de dominio de la dependencia.",
] as const;

const version = () => `${int(3, 6)}.${int(0, 9)}.${int(0, 20)}`;
const sentence = () =>
  `${capitalize(pick(SUBJECTS))} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(COMPLEMENTS)}${
    chance(0.3) ? ` (código ERR-${int(1000, 9999)})` : ""
  }.`;
const paragraph = (min: number, max: number) => Array.from({ length: int(min, max) }, sentence).join(" ");
const step = (module: string) =>
  pick([
    () => `Abra la consola de administración y seleccione **${module}**.`,
    () => `Ejecute \`soporte-cli ${pick(ACTIONS)} --todo\` en el servidor de aplicaciones.`,
    () => `Reinicie el servicio \`${pick(SERVICES_)}\` y revise la bitácora.`,
    () => `Compruebe que el parámetro \`${pick(PARAMS)}\` tenga el valor \`${int(2, 600)}\`.`,
    () => `${capitalize(pick(ACTIONS))} ${pick(OBJECTS)} ${pick(COMPLEMENTS)}.`,
  ])();

/** The planted sentences of one row, by independent draws; `inTitle` when one goes into the title. */
const plants = () => {
  const out: string[] = [];
  if (chance(0.01)) out.push(pick(MIGRACION));
  if (chance(0.01)) out.push(chance(2 / 3) ? pick(FIRMA) : pick(FIRMAS));
  if (chance(0.01)) out.push(pick(CERTIFICADO_VENCIDO));
  if (chance(0.02)) out.push(pick(CERTIFICADO));
  if (chance(0.02)) out.push(pick(VENCIDO));
  if (chance(0.0005)) out.push(pick(KERBEROS));
  return out;
};
/** Puts each planted sentence at a random place of the paragraphs. */
const plantInto = (paragraphs: string[], planted: string[]) => {
  for (const p of planted) {
    const at = int(0, paragraphs.length - 1);
    paragraphs[at] = `${paragraphs[at]} ${p}`;
  }
};

type ProductRef = { id: string; name: string };
type ArticleRow = {
  kind: "alert" | "tip" | "resolution";
  status: "published" | "draft" | "archived";
  productId: string | null;
  title: string;
  body: string;
  bodyHtml: string;
  severity: string | null;
  affectedFrom: string | null;
  affectedTo: string | null;
  workaround: string;
  workaroundHtml: string;
  createdAt: Date;
  publishedAt: Date | null;
  updatedAt: Date;
  version: number;
};

const YEAR_MS = 365 * 24 * 3600 * 1000;
const loadStarted = Date.now();
const someTimeAgo = () => new Date(loadStarted - Math.floor(random() * 3 * YEAR_MS));

const makeArticle = (products: ProductRef[]): ArticleRow => {
  const kind = pick(["alert", "tip", "tip", "resolution", "resolution"] as const);
  const product = kind === "alert" || chance(0.9) ? pick(products) : null;
  const module = product ? pick(MODULES[product.name]!) : "Administración";
  const planted = plants();
  let title =
    kind === "alert"
      ? `${product!.name} ${version()}: ${pick(PROBLEMS)} en ${module} ${pick(CONTEXTS)}`
      : kind === "tip"
        ? `Cómo ${pick(ACTIONS)} ${pick(OBJECTS)} en ${module}`
        : `${capitalize(pick(PROBLEMS))} al ${pick(ACTIONS)} ${pick(OBJECTS)} ${pick(CONTEXTS)}`;
  // a fifth of the planted sentences name the subject in the title instead
  if (planted.length && chance(0.2))
    title = `${title} — ${planted.shift()!.split(" ").slice(0, 6).join(" ")}`;
  const paragraphs = [paragraph(3, 5), paragraph(3, 5), paragraph(4, 7)];
  plantInto(paragraphs, planted);
  const steps = Array.from({ length: int(4, 7) }, (_, i) => `${i + 1}. ${step(module)}`).join("\n");
  const body = [
    `## ${kind === "tip" ? "Contexto" : "Síntomas"}`,
    paragraphs[0],
    `## ${kind === "tip" ? "Antes de empezar" : "Causa"}`,
    paragraphs[1],
    `- ${capitalize(pick(OBJECTS))}\n- ${capitalize(pick(OBJECTS))}\n- ${capitalize(pick(OBJECTS))}`,
    `## ${kind === "tip" ? "Pasos" : "Solución"}`,
    steps,
    `> **Nota:** ${sentence()}`,
    paragraphs[2],
    `Consulte la [guía de ${module.toLowerCase()}](https://soporte.example.com/guias/${int(100, 999)}) o abra un caso.`,
  ].join("\n\n");
  const workaround = kind === "alert" ? `${paragraph(1, 2)}\n\n1. ${step(module)}\n2. ${step(module)}` : "";
  const status = chance(0.92) ? "published" : chance(0.75) ? "draft" : "archived";
  const createdAt = someTimeAgo();
  const publishedAt = status === "draft" ? null : new Date(createdAt.getTime() + int(1, 72) * 3600_000);
  const from = kind === "alert" ? `${int(3, 5)}.${int(0, 9)}.0` : null;
  return {
    kind,
    status,
    productId: product?.id ?? null,
    title: title.slice(0, 200),
    body,
    bodyHtml: renderMarkdown(body),
    severity: kind === "alert" ? pick(["critical", "high", "medium", "low"]) : null,
    affectedFrom: from,
    affectedTo: from ? `${Number(from.split(".")[0]) + 1}.${int(0, 9)}.${int(0, 9)}` : null,
    workaround,
    workaroundHtml: renderMarkdown(workaround),
    createdAt,
    publishedAt,
    // publishing sets updated_at; archiving later sets it again
    updatedAt:
      status === "archived"
        ? new Date(publishedAt!.getTime() + int(1, 90) * 24 * 3600_000)
        : (publishedAt ?? createdAt),
    version: status === "published" ? 2 : status === "archived" ? 3 : 1,
  };
};

type RequestRow = {
  productId: string;
  organizationId: string;
  submittedBy: string;
  title: string;
  description: string;
  createdAt: Date;
};

const makeRequest = (
  products: ProductRef[],
  organizations: { id: string; contactId: string }[],
): RequestRow => {
  const product = pick(products);
  const module = pick(MODULES[product.name]!);
  const organization = pick(organizations);
  const planted = plants();
  let title = pick([
    () => `Permitir ${pick(ACTIONS)} ${pick(OBJECTS)} desde ${module}`,
    () => `Agregar ${pick(FEATURES)} a ${module}`,
    () => `Exportar ${pick(OBJECTS)} en formato ${pick(FORMATS)}`,
  ])();
  if (planted.length && chance(0.2))
    title = `${title} — ${planted.shift()!.split(" ").slice(0, 6).join(" ")}`;
  const paragraphs = [
    `Actualmente ${pick(SUBJECTS)} ${pick(VERBS)} ${pick(OBJECTS)} ${pick(COMPLEMENTS)}. ${paragraph(1, 3)}`,
    `Nos gustaría ${pick(ACTIONS)} ${pick(OBJECTS)} con ${pick(FEATURES)}. ${paragraph(1, 2)}`,
    `Esto ayudaría a las áreas de ${module.toLowerCase()} a ${pick(ACTIONS)} ${pick(OBJECTS)} ${pick(CONTEXTS)}.`,
  ];
  plantInto(paragraphs, planted);
  return {
    productId: product.id,
    organizationId: organization.id,
    submittedBy: organization.contactId,
    title: title.slice(0, 200),
    description: paragraphs.join("\n\n"),
    createdAt: someTimeAgo(),
  };
};

/* ---------- loading ---------- */

const insertArticles = (client: pg.Client, rows: ArticleRow[], staffId: string) =>
  client.query(
    `INSERT INTO articles (kind, status, product_id, title, body, body_html, severity, affected_from, affected_to,
       workaround, workaround_html, first_published_at, published_at, created_by, updated_by, created_at,
       updated_at, version)
     SELECT k, s, p, t, b, bh, sev, af, at, w, wh, pub, pub, $12::uuid, $12::uuid, c, u, v
     FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::text[], $13::timestamptz[], $14::timestamptz[], $15::timestamptz[],
       $16::int[]) AS x(k, s, p, t, b, bh, sev, af, at, w, wh, pub, c, u, v)`,
    [
      rows.map((r) => r.kind),
      rows.map((r) => r.status),
      rows.map((r) => r.productId),
      rows.map((r) => r.title),
      rows.map((r) => r.body),
      rows.map((r) => r.bodyHtml),
      rows.map((r) => r.severity),
      rows.map((r) => r.affectedFrom),
      rows.map((r) => r.affectedTo),
      rows.map((r) => r.workaround),
      rows.map((r) => r.workaroundHtml),
      staffId,
      rows.map((r) => r.publishedAt),
      rows.map((r) => r.createdAt),
      rows.map((r) => r.updatedAt),
      rows.map((r) => r.version),
    ],
  );

const insertRequests = (client: pg.Client, rows: RequestRow[]) =>
  client.query(
    `WITH r AS (
       INSERT INTO feature_requests (product_id, organization_id, submitted_by, title, description, created_at,
         updated_at)
       SELECT p, o, s, t, d, c, c
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[]) AS x(p, o, s, t, d, c)
       RETURNING id, submitted_by, created_at
     ), changes AS (
       INSERT INTO feature_request_changes (request_id, from_status, to_status, reason, release_id, changed_by,
         changed_at)
       SELECT id, NULL, 'submitted', '', NULL, submitted_by, created_at FROM r
     )
     INSERT INTO feature_request_followers (request_id, user_id, created_at)
     SELECT id, submitted_by, created_at FROM r`,
    [
      rows.map((r) => r.productId),
      rows.map((r) => r.organizationId),
      rows.map((r) => r.submittedBy),
      rows.map((r) => r.title),
      rows.map((r) => r.description),
      rows.map((r) => r.createdAt),
    ],
  );

/** Batches generated while the previous one is being inserted. */
const load = async <Row>(total: number, make: () => Row, insert: (rows: Row[]) => Promise<unknown>) => {
  let pending: Promise<unknown> = Promise.resolve();
  for (let done = 0; done < total; done += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, total - done) }, make);
    await pending;
    pending = insert(rows);
  }
  await pending;
};

/* ---------- measuring ---------- */

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const stats = (values: number[]) => {
  const s = sorted(values);
  const total = values.reduce((a, b) => a + b, 0);
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99), perSecond: (values.length / total) * 1000 };
};
const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};
/** The peer: every word somewhere in the row, newest first, one page. */
const scanStatement = (words: number, unaccented: boolean) => {
  const like = (column: string, n: number) =>
    unaccented ? `unaccent(${column}) ILIKE unaccent($${n})` : `${column} ILIKE $${n}`;
  const every = (columns: string[]) =>
    Array.from({ length: words }, (_, i) => `(${columns.map((c) => like(c, i + 1)).join(" OR ")})`).join(
      " AND ",
    );
  return `
    SELECT h.type, h.id, h.title, h.at FROM (
      SELECT 'article' AS type, a.id, a.title, coalesce(a.published_at, a.updated_at) AS at
      FROM articles a
      WHERE a.status = 'published' AND ${every(["a.title", "a.body", "a.workaround"])}
      UNION ALL
      SELECT 'feature_request', f.id, f.title, f.created_at
      FROM feature_requests f
      WHERE f.merged_into_id IS NULL AND ${every(["f.title", "f.description"])}
    ) h
    ORDER BY h.at DESC, h.id DESC LIMIT ${PAGE + 1}`;
};
const patterns = (q: string) => q.split(/\s+/).map((w) => `%${w.replace(/[\\%_]/g, "\\$&")}%`);

type Hit = { type: string; id: string; status: string; kind: string | null };

const main = async () => {
  const database = await benchDatabase("soporte_search_bench");
  const databaseUrl = database.url;
  const dataDir = await mkdtemp(path.join(tmpdir(), "soporte-search-bench-"));
  const receiver = await startMailSink();
  const handle = openDatabase(databaseUrl, { max: 4 });
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "search-bench peer" });
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    await migrate(databaseUrl);
    await client.connect();
    const db = handle.db;
    const services = createServices({
      config: loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl }),
      db,
      clock: { now: () => new Date() },
    });

    /* set-up through the services */
    const products: ProductRef[] = [];
    for (const [productName, modules] of Object.entries(MODULES)) {
      const product = await services.catalog.createProduct(SYSTEM_ACTOR, {
        name: productName,
        description: "",
        modules: [...modules],
      });
      products.push({ id: product.id, name: productName });
    }
    const staff = await services.users.createStaffUser(SYSTEM_ACTOR, {
      name: "Especialista de guardia",
      email: "especialista@search-bench.example",
      role: "specialist",
      preferredLanguage: "es-MX",
      password: PASSWORD,
    });
    const organizations: { id: string; contactId: string; email: string }[] = [];
    const startDate = new Date(Date.now() - 30 * 24 * 3600_000).toISOString().slice(0, 10);
    for (const [i, orgName] of [
      "Secretaría de Finanzas",
      "Instituto Estatal Electoral",
      "Archivo General",
    ].entries()) {
      const organization = await services.organizations.createOrganization(SYSTEM_ACTOR, {
        name: orgName,
        emailDomains: [],
        timeZone: "America/Mexico_City",
      });
      const email = `contacto${i + 1}@search-bench.example`;
      const contact = await services.organizations.createContact(SYSTEM_ACTOR, organization.id, {
        name: `Contacto ${i + 1}`,
        email,
        preferredLanguage: "es-MX",
        password: PASSWORD,
      });
      // feature requests come from organizations with a current contract for the product
      for (const product of products) {
        const system = await services.catalog.createSystem(SYSTEM_ACTOR, {
          organizationId: organization.id,
          productId: product.id,
          name: `${product.name} producción`,
          moduleIds: [],
          installedVersion: "5.1.0",
          environment: "production",
        });
        await services.contracts.createContract(SYSTEM_ACTOR, {
          systemId: system.id,
          planId: "extendido",
          startDate,
          salePriceCents: 0,
          notes: "",
        });
      }
      organizations.push({ id: organization.id, contactId: contact.id, email });
    }
    const staffActor = {
      ...SYSTEM_ACTOR,
      userId: staff.id,
      role: "specialist" as const,
      via: "token" as const,
    };
    const customerActor = {
      ...SYSTEM_ACTOR,
      userId: organizations[0]!.contactId,
      email: organizations[0]!.email,
      role: "customer_contact" as const,
      organizationId: organizations[0]!.id,
      via: "token" as const,
    };
    // one of each written by the services: the bulk rows are compared with them below
    const template = await services.articles.createArticle(staffActor, {
      kind: "alert",
      title: "SIGAP 5.1.0: plantilla escrita por el servicio",
      productId: products[0]!.id,
      body: "## Síntomas\n\nEl sistema muestra un **aviso**.",
      severity: "high",
      affectedFrom: "5.0.0",
      affectedTo: "5.1.9",
      workaround: "Reinicie el servicio.",
    });
    await services.articles.changeStatus(staffActor, template.id, { status: "published", version: 1 });
    const templateRequest = await services.featureRequests.createRequest(customerActor, {
      productId: products[0]!.id,
      title: "Plantilla escrita por el servicio",
      description: "Nos gustaría exportar el padrón.",
    });

    /* bulk load */
    const articleCount = Math.round(ITEMS * ARTICLE_SHARE);
    const requestCount = ITEMS - articleCount;
    const loadStart = performance.now();
    await load(
      articleCount,
      () => makeArticle(products),
      (rows) => insertArticles(client, rows, staff.id),
    );
    await load(
      requestCount,
      () => makeRequest(products, organizations),
      (rows) => insertRequests(client, rows),
    );
    const loadS = (performance.now() - loadStart) / 1000;
    const vacuumStart = performance.now();
    await client.query("VACUUM (ANALYZE) articles");
    await client.query("VACUUM (ANALYZE) feature_requests");
    const vacuumS = (performance.now() - vacuumStart) / 1000;
    const sizes = (
      await client.query<{ articles: string; requests: string; words: string }>(
        `SELECT pg_size_pretty(pg_total_relation_size('articles')) AS articles,
                pg_size_pretty(pg_total_relation_size('feature_requests')) AS requests,
                (SELECT round(avg(array_length(regexp_split_to_array(body, '\\s+'), 1)))
                 FROM articles TABLESAMPLE SYSTEM (5)) AS words`,
      )
    ).rows[0]!;
    const counts = (
      await client.query<{ status: string; n: number }>(
        `SELECT status, count(*)::int AS n FROM articles GROUP BY status
         UNION ALL SELECT 'feature requests', count(*)::int FROM feature_requests ORDER BY 1`,
      )
    ).rows;
    log(
      `loaded ${ITEMS.toLocaleString("en-US")} items (${articleCount} articles: ${counts
        .filter((c) => c.status !== "feature requests")
        .map((c) => `${c.n} ${c.status}`)
        .join(
          ", ",
        )}; ${requestCount} feature requests) in ${loadS.toFixed(1)} s, VACUUM (ANALYZE) ${vacuumS.toFixed(1)} s`,
    );
    log(
      `  articles ${sizes.articles} with indexes (about ${sizes.words} words a body), feature requests ${sizes.requests}; seed ${SEED}`,
    );

    // the bulk rows have the columns the services fill, and leave empty the ones they leave empty
    const oneRow = async (table: string, where: string, id: string) =>
      (
        await client.query<{ j: Record<string, unknown> }>(
          `SELECT to_jsonb(x) - 'id' - 'number' AS j FROM ${table} x WHERE ${where} LIMIT 1`,
          [id],
        )
      ).rows[0]!.j;
    const differing = (a: Record<string, unknown>, b: Record<string, unknown>) =>
      Object.keys(a).filter((k) => (a[k] === null || a[k] === "") !== (b[k] === null || b[k] === ""));
    const templateArticle = await oneRow("articles", "id = $1", template.id);
    const bulkArticle = await oneRow(
      "articles",
      "kind = 'alert' AND status = 'published' AND id <> $1",
      template.id,
    );
    const templateFr = await oneRow("feature_requests", "id = $1", templateRequest.id);
    const bulkFr = await oneRow("feature_requests", "id <> $1", templateRequest.id);
    const shapeDiff = [
      ...differing(templateArticle, bulkArticle).map((c) => `articles.${c}`),
      ...differing(templateFr, bulkFr).map((c) => `feature_requests.${c}`),
    ];
    const versions = `article v${templateArticle.version}/${bulkArticle.version}, request v${templateFr.version}/${bulkFr.version}`;
    log(
      `  bulk rows vs rows written by the services: ${
        shapeDiff.length ? `DIFFER in ${shapeDiff.join(", ")}` : "same columns filled"
      } (${versions})`,
    );
    if (shapeDiff.length) process.exitCode = 1;

    /* what each query finds: the full-text index, and the scans (one pass over each table) */
    const ftsCounts: number[] = [];
    for (const { q } of QUERIES) {
      ftsCounts.push(
        ftsCountOf(
          await client.query<{ n: number }>(
            `SELECT (SELECT count(*) FROM articles WHERE status = 'published' AND search @@ websearch_to_tsquery('soporte_es', $1))
                  + (SELECT count(*) FROM feature_requests WHERE merged_into_id IS NULL AND search @@ websearch_to_tsquery('soporte_es', $1)) AS n`,
            [q],
          ),
        ),
      );
    }
    const countScan = async (table: "articles" | "feature_requests") => {
      const columns = table === "articles" ? ["title", "body", "workaround"] : ["title", "description"];
      const filters: string[] = [];
      const params: string[] = [];
      for (const unaccented of [false, true]) {
        for (const { q } of QUERIES) {
          const parts = patterns(q).map((p) => {
            params.push(p);
            const n = params.length;
            return `(${columns
              .map((c) => (unaccented ? `unaccent(${c}) ILIKE unaccent($${n})` : `${c} ILIKE $${n}`))
              .join(" OR ")})`;
          });
          filters.push(`count(*) FILTER (WHERE ${parts.join(" AND ")})::int AS c${filters.length}`);
        }
      }
      const where = table === "articles" ? "status = 'published'" : "merged_into_id IS NULL";
      const row = (await client.query(`SELECT ${filters.join(", ")} FROM ${table} WHERE ${where}`, params))
        .rows[0] as Record<string, number>;
      return filters.map((_, i) => Number(row[`c${i}`]));
    };
    const scanA = await countScan("articles");
    const scanF = await countScan("feature_requests");
    const scanCounts = scanA.map((n, i) => n + scanF[i]!);

    /* the HTTP server, and the two callers */
    const started = await startServer({
      env: { DATABASE_URL: databaseUrl, SMTP_URL: receiver.url, DATA_DIR: dataDir },
      logFile: path.join(dataDir, "server.log"),
    });
    server = started;
    const base = `http://127.0.0.1:${started.port}`;
    const login = async (email: string) => {
      const res = await fetch(`${base}/api/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${await res.text()}`);
      const session = res.headers.getSetCookie().find((c) => c.startsWith("soporte_session="));
      return {
        cookie: session!.split(";")[0]!,
        csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
      };
    };
    const customer = await login(organizations[0]!.email);
    const staffSession = await login("especialista@search-bench.example");
    const tokenRes = await fetch(`${base}/api/v1/auth/tokens`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        cookie: staffSession.cookie,
        "x-csrf-token": staffSession.csrf,
      },
      body: JSON.stringify({ name: "search bench" }),
    });
    if (tokenRes.status !== 201) throw new Error(`token: ${tokenRes.status} ${await tokenRes.text()}`);
    const token = ((await tokenRes.json()) as { token: string }).token;
    const roles = {
      customer: { cookie: customer.cookie },
      staff: { authorization: `Bearer ${token}` },
    } as const;
    const searchPath = (q: string) => `/api/v1/support-center/search?q=${encodeURIComponent(q)}`;
    const get = async (q: string, headers: Record<string, string>) => {
      const res = await fetch(`${base}${searchPath(q)}`, { headers });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`search ${q}: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };

    /* checks: same first page as the statement; customers never see an unpublished article */
    let leaked = 0;
    let staffSeesUnpublished = 0;
    for (const { q } of QUERIES) {
      const http = (JSON.parse(await get(q, roles.customer)) as { items: Hit[] }).items;
      const direct = await searchStatement(db, {
        words: q,
        publishedOnly: true,
        productId: null,
        type: null,
        after: null,
        limit: PAGE,
      });
      if (
        http.map((h) => h.id).join() !==
        direct
          .slice(0, PAGE)
          .map((h) => h.id)
          .join()
      ) {
        log(`  CHECK FAILED: "${q}": the HTTP page differs from the statement's`);
        process.exitCode = 1;
      }
      leaked += http.filter((h) => h.type === "article" && h.status !== "published").length;
      const staffHits = (JSON.parse(await get(q, roles.staff)) as { items: Hit[] }).items;
      staffSeesUnpublished += staffHits.filter(
        (h) => h.type === "article" && h.status !== "published",
      ).length;
    }
    if (leaked) process.exitCode = 1;

    /* (a) one request at a time: HTTP (both roles, alternating), then the statement directly */
    const httpTimes = new Map<string, { customer: number[]; staff: number[] }>();
    const sqlTimes = new Map<string, number[]>();
    const sequentialFrom = cpuSeconds(started.child.pid);
    for (const { q } of QUERIES) {
      for (let i = 0; i < 10; i += 1) await get(q, i % 2 ? roles.staff : roles.customer); // warm-up
      const times = { customer: [] as number[], staff: [] as number[] };
      for (let i = 0; i < SEQUENTIAL; i += 1) {
        times.customer.push(await timed(() => get(q, roles.customer)));
        times.staff.push(await timed(() => get(q, roles.staff)));
      }
      httpTimes.set(q, times);
      const options = {
        words: q,
        publishedOnly: true,
        productId: null,
        type: null,
        after: null,
        limit: PAGE,
      };
      for (let i = 0; i < 10; i += 1) await searchStatement(db, options);
      const direct: number[] = [];
      for (let i = 0; i < SEQUENTIAL; i += 1) direct.push(await timed(() => searchStatement(db, options)));
      sqlTimes.set(q, direct);
    }
    const sequentialTo = cpuSeconds(started.child.pid);
    const sequentialBusy =
      sequentialFrom && sequentialTo
        ? (sequentialTo.machine.busy - sequentialFrom.machine.busy) /
          (sequentialTo.machine.total - sequentialFrom.machine.total)
        : null;

    /* (b) under load: autocannon */
    const cannon = async (requests: { path: string; headers: Record<string, string> }[]) => {
      const before = cpuSeconds(server?.pid);
      const result = await autocannon({
        url: base,
        connections: CONNECTIONS,
        duration: SECONDS,
        requests: requests.map((r) => ({ method: "GET" as const, path: r.path, headers: r.headers })),
      });
      const after = cpuSeconds(server?.pid);
      const busy =
        before && after
          ? (after.machine.busy - before.machine.busy) / (after.machine.total - before.machine.total)
          : null;
      const serverCpuMs =
        before && after
          ? ((after.process - before.process) * 1000) / Math.max(1, result.requests.total)
          : null;
      return { result, busy, serverCpuMs };
    };
    const loadRuns = new Map<string, Awaited<ReturnType<typeof cannon>>>();
    for (const { q } of QUERIES)
      loadRuns.set(q, await cannon([{ path: searchPath(q), headers: roles.customer }]));
    const staffRun = await cannon(QUERIES.map(({ q }) => ({ path: searchPath(q), headers: roles.staff })));

    /* the peer: ILIKE scans, one at a time, after one unmeasured scan (the tables in the cache) */
    const scanTimes = new Map<string, number[]>();
    const unaccentTimes = new Map<string, number[]>();
    await client.query(scanStatement(1, false), patterns(QUERIES[0].q));
    for (const { q } of QUERIES) {
      const words = patterns(q);
      for (const [unaccented, runs, into] of [
        [false, SCANS, scanTimes],
        [true, UNACCENT_SCANS, unaccentTimes],
      ] as const) {
        const text = scanStatement(words.length, unaccented);
        const times: number[] = [];
        for (let i = 0; i < runs; i += 1) times.push(await timed(() => client.query(text, words)));
        into.set(q, times);
      }
    }

    /* informative: a word in most rows, all its hits ranked */
    const commonHits = ftsCountOf(
      await client.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM articles WHERE status = 'published' AND search @@ websearch_to_tsquery('soporte_es', $1))
              + (SELECT count(*) FROM feature_requests WHERE search @@ websearch_to_tsquery('soporte_es', $1)) AS n`,
        [COMMON_QUERY],
      ),
    );
    await get(COMMON_QUERY, roles.customer);
    const commonTimes: number[] = [];
    for (let i = 0; i < COMMON_RUNS; i += 1)
      commonTimes.push(await timed(() => get(COMMON_QUERY, roles.customer)));
    const commonScan = [await timed(() => client.query(scanStatement(1, false), patterns(COMMON_QUERY)))];

    /* report */
    log("");
    log(
      `what each query finds (customer scope: published articles, unmerged requests; ${ITEMS.toLocaleString("en-US")} items)`,
    );
    table(
      ["query", "kind", "full-text", "ILIKE", "unaccent ILIKE"],
      QUERIES.map(({ q, label }, i) => [
        `"${q}"`,
        label,
        String(ftsCounts[i]),
        String(scanCounts[i]),
        String(scanCounts[i + QUERIES.length]),
      ]),
    );
    log(
      `  checks: HTTP first pages equal the statement's; unpublished articles shown to the customer: ${leaked}; to staff: ${staffSeesUnpublished} (drafts and archived, as meant)`,
    );

    log("");
    log(
      `latency one request at a time, ms (HTTP ${SEQUENTIAL}× per query and role; scans ${SCANS}×, unaccent ${UNACCENT_SCANS}×)`,
    );
    const ratios: number[] = [];
    const rows: string[][] = [];
    const allHttp: number[] = [];
    let httpSeqTotal = 0;
    let httpSeqCount = 0;
    for (const { q } of QUERIES) {
      const h = httpTimes.get(q)!;
      allHttp.push(...h.customer, ...h.staff);
      httpSeqTotal += [...h.customer, ...h.staff].reduce((a, b) => a + b, 0);
      httpSeqCount += h.customer.length + h.staff.length;
      const c = stats(h.customer);
      const s = stats(h.staff);
      const d = stats(sqlTimes.get(q)!);
      const scan = stats(scanTimes.get(q)!);
      const un = stats(unaccentTimes.get(q)!);
      const ratio = scan.p50 / c.p50;
      ratios.push(ratio);
      rows.push([
        `"${q}"`,
        `${ms(c.p50)} / ${ms(c.p99)}`,
        `${ms(s.p50)} / ${ms(s.p99)}`,
        `${ms(d.p50)} / ${ms(d.p99)}`,
        `${ms(scan.p50)} / ${ms(scan.p99)}`,
        `${ms(un.p50)} / ${ms(un.p99)}`,
        `${ratio.toFixed(0)}×`,
        `${(un.p50 / c.p50).toFixed(0)}×`,
      ]);
    }
    table(
      [
        "query",
        "HTTP customer p50/p99",
        "HTTP staff p50/p99",
        "SQL full-text p50/p99",
        "ILIKE scan p50/p99",
        "unaccent scan p50/p99",
        "scan/HTTP",
        "unaccent/HTTP",
      ],
      rows,
    );
    log(
      `  scan/HTTP: plain ILIKE scan p50 / HTTP customer p50 (the ratio of the target); machine busy (both cores, anything running) ${sequentialBusy === null ? "—" : `${(sequentialBusy * 100).toFixed(0)} %`}`,
    );

    log("");
    log(
      `queries per second: HTTP under load (autocannon, ${CONNECTIONS} connections × ${SECONDS} s per run), and one at a time`,
    );
    const loadRows: string[][] = [];
    const customerRates: number[] = [];
    let loadErrors = 0;
    for (const { q } of QUERIES) {
      const { result, busy, serverCpuMs } = loadRuns.get(q)!;
      customerRates.push(result.requests.average);
      loadErrors += result.errors + result.non2xx + result.timeouts;
      const seqHttp = stats([...httpTimes.get(q)!.customer]).perSecond;
      const seqSql = stats(sqlTimes.get(q)!).perSecond;
      const scan = stats(scanTimes.get(q)!).perSecond;
      loadRows.push([
        `"${q}" customer`,
        result.requests.average.toFixed(0),
        `${result.latency.p50} / ${result.latency.p99}`,
        `${result.errors} / ${result.non2xx}`,
        serverCpuMs === null ? "—" : serverCpuMs.toFixed(2),
        busy === null ? "—" : `${(busy * 100).toFixed(0)} %`,
        seqHttp.toFixed(0),
        seqSql.toFixed(0),
        scan.toFixed(2),
        `${(result.requests.average / scan).toFixed(0)}× / ${(seqHttp / scan).toFixed(0)}×`,
      ]);
    }
    loadErrors += staffRun.result.errors + staffRun.result.non2xx + staffRun.result.timeouts;
    loadRows.push([
      "4 queries, staff (token)",
      staffRun.result.requests.average.toFixed(0),
      `${staffRun.result.latency.p50} / ${staffRun.result.latency.p99}`,
      `${staffRun.result.errors} / ${staffRun.result.non2xx}`,
      staffRun.serverCpuMs === null ? "—" : staffRun.serverCpuMs.toFixed(2),
      staffRun.busy === null ? "—" : `${(staffRun.busy * 100).toFixed(0)} %`,
      "",
      "",
      "",
      "",
    ]);
    table(
      [
        "run",
        "req/s",
        "p50/p99 ms",
        "errors/non-2xx",
        "server CPU ms/req",
        "machine busy",
        "HTTP 1-at-a-time q/s",
        "SQL q/s",
        "scan q/s",
        "HTTP/scan q/s (load / 1-at-a-time)",
      ],
      loadRows,
    );
    log(
      "  autocannon's latencies are whole milliseconds and include queueing behind the other connections; machine busy counts both cores, whatever else runs",
    );

    log("");
    const common = stats(commonTimes);
    log(
      `informative, not a target: "${COMMON_QUERY}" matches ${commonHits} rows, all ranked: HTTP p50 ${ms(common.p50)} ms, max ${ms(sorted(commonTimes).at(-1)!)} ms (${COMMON_RUNS}×); ILIKE scan ${ms(commonScan[0]!)} ms`,
    );

    const all = stats(allHttp);
    const minRatio = Math.min(...ratios);
    const meanRate = customerRates.reduce((a, b) => a + b, 0) / customerRates.length;
    const scanRate = stats(QUERIES.flatMap(({ q }) => scanTimes.get(q)!)).perSecond;
    const ratioOk = minRatio >= TARGET_RATIO;
    const p99Ok = all.p99 < TARGET_P99_MS;
    log("");
    log(
      `ratios: scan p50 / HTTP p50 ${ratios.map((r) => `${r.toFixed(0)}×`).join(", ")} (smallest ${minRatio.toFixed(0)}×); queries/s ${meanRate.toFixed(0)} HTTP under load vs ${scanRate.toFixed(2)} scan = ${(meanRate / scanRate).toFixed(0)}×, one at a time ${((httpSeqCount / httpSeqTotal) * 1000).toFixed(0)} vs ${scanRate.toFixed(2)} = ${(((httpSeqCount / httpSeqTotal) * 1000) / scanRate).toFixed(0)}×`,
    );
    log(
      `targets: ≥ ${TARGET_RATIO}× the scan at p50 for every query: ${ratioOk ? "HOLDS" : "MISSED"} (${minRatio.toFixed(0)}×); p99 < ${TARGET_P99_MS} ms one request at a time: ${p99Ok ? "HOLDS" : "MISSED"} (${ms(all.p99)} ms); errors and non-2xx under load: ${loadErrors}`,
    );
    if (loadErrors) process.exitCode = 1;
    log(
      `search-bench: p50 ${ms(all.p50)} ms, p99 ${ms(all.p99)} ms, ${meanRate.toFixed(0)} q/s through HTTP at ${ITEMS.toLocaleString("en-US")} items; ${minRatio.toFixed(0)}× the ILIKE scan`,
    );
  } finally {
    await server?.stop();
    await client.end().catch(() => undefined);
    await handle.close();
    if (process.env.SEARCH_BENCH_KEEP) log(`database kept: ${databaseUrl}`);
    await database.drop({ keep: Boolean(process.env.SEARCH_BENCH_KEEP) });
    await receiver.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
};

const ftsCountOf = (result: pg.QueryResult<{ n: number }>) => Number(result.rows[0]!.n);

await main();

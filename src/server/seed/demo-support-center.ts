import type { Actor } from "../platform/actor";
import { SYSTEM_ACTOR } from "../platform/actor";
import type { Services } from "../services";

/**
 * The support center a newcomer finds on the first start: published alerts (one for the SIGAP 3.x line the
 * archive system of Monte Claro runs), tips, a resolution that links the demo case, a draft, feature
 * requests with votes and followers in every public status but the last ones, a subscription, and notes
 * files on the newest releases. Skipped when the support center already has an article.
 */
export const seedSupportCenter = async (services: Services) => {
  const admin = SYSTEM_ACTOR;
  const existing = await services.articles.listArticles(admin, { limit: 1 });
  if (existing.items.length > 0) return;

  const products = (await services.catalog.listProducts(admin, { limit: 50 })).items;
  const sigap = products.find((p) => p.name === "SIGAP");
  const ecm = products.find((p) => p.name === "ECM Framework");
  if (!sigap || !ecm) return;
  const releaseOf = async (productId: string, version: string) =>
    (await services.catalog.listReleases(admin, { productId, limit: 100 })).items.find(
      (r) => r.version === version,
    );

  const publish = async (article: { id: string; version: number }) =>
    services.articles.changeStatus(admin, article.id, { status: "published", version: article.version });

  const sigap400 = await releaseOf(sigap.id, "4.0.0");
  await publish(
    await services.articles.createArticle(admin, {
      kind: "alert",
      productId: sigap.id,
      title: "La migración de expedientes de e-oficio pierde anexos mayores a 20 MB",
      severity: "critical",
      affectedFrom: "3.0.0",
      affectedTo: "3.2.1",
      fixedInReleaseId: sigap400?.id ?? null,
      body: [
        "Al migrar expedientes de e-oficio con la herramienta de **migración** de SIGAP 3.x, los anexos mayores a",
        "20 MB se copian vacíos. El expediente migrado muestra el anexo, pero al abrirlo aparece un archivo de 0 bytes.",
        "",
        "## Cómo saber si le afecta",
        "",
        "1. Su sistema tiene SIGAP 3.0.0 a 3.2.1.",
        "2. Ejecutó la migración de expedientes después de instalar la versión.",
        "3. En la bitácora `migracion.log` aparece `anexo truncado`.",
      ].join("\n"),
      workaround:
        "Migre los expedientes con anexos grandes por lotes pequeños con la opción `--sin-compresion`, o actualice a SIGAP 4.0.0 o posterior antes de migrar.",
    }),
  );
  const ecm311 = await releaseOf(ecm.id, "3.1.1");
  await publish(
    await services.articles.createArticle(admin, {
      kind: "alert",
      productId: ecm.id,
      title: "La firma de PDF/A falla con certificados de la FIEL renovados",
      severity: "high",
      affectedFrom: "3.0.0",
      affectedTo: "3.1.0",
      fixedInReleaseId: ecm311?.id ?? null,
      body: "Firma Electrónica Avanzada rechaza los certificados de la FIEL renovados después de enero: el sello de tiempo queda fuera de la cadena de confianza.",
      workaround: "Importe de nuevo la cadena de certificados del SAT desde *Administración › Certificados*.",
    }),
  );
  await publish(
    await services.articles.createArticle(admin, {
      kind: "tip",
      productId: sigap.id,
      title: "Respalde e-memorias antes de actualizar de versión",
      body: [
        "Antes de aplicar una liberación mayor o menor:",
        "",
        "- respalde la base de datos y el repositorio documental;",
        "- pruebe la actualización en su ambiente de pruebas;",
        "- guarde las plantillas anuales de e-memorias, que la actualización reemplaza.",
      ].join("\n"),
      workaround: "",
    }),
  );
  await publish(
    await services.articles.createArticle(admin, {
      kind: "tip",
      productId: ecm.id,
      title: "Cargas masivas con ECM Loader: lotes de 500 expedientes",
      body: "ECM Loader procesa mejor lotes de hasta 500 expedientes. Para cargas mayores, divida el archivo de control y ejecute los lotes en paralelo con `--hilos 4`.",
      workaround: "",
    }),
  );
  const demoCase = (await services.cases.listCases(admin, { q: "PDF firmados", limit: 1 })).items[0];
  await publish(
    await services.articles.createArticle(admin, {
      kind: "resolution",
      productId: sigap.id,
      title: "No se pueden adjuntar PDF firmados mayores a 5 MB en solicitudes ciudadanas",
      body: "El límite de carga del servidor de aplicaciones estaba en 5 MB. Se resolvió subiendo `max-upload-size` a 50 MB en la configuración de atención a solicitudes ciudadanas y reiniciando el servicio.",
      workaround: "",
      caseIds: demoCase ? [demoCase.id] : [],
    }),
  );
  await services.articles.createArticle(admin, {
    kind: "alert",
    productId: sigap.id,
    title: "Lentitud en búsquedas de e-oficio con PostgreSQL 16",
    severity: "medium",
    affectedFrom: "5.0.0",
    body: "Borrador: en revisión con el equipo de producto.",
    workaround: "",
  });

  await seedFeatureRequests(services, { sigap: sigap.id, ecm: ecm.id });
  await seedReleaseFiles(services, [
    { release: await releaseOf(sigap.id, "5.1.2"), name: "SIGAP-5.1.2-notas-de-version.txt" },
    { release: await releaseOf(sigap.id, "3.2.1"), name: "SIGAP-3.2.1-notas-de-version.txt" },
    { release: await releaseOf(ecm.id, "3.1.1"), name: "ECM-3.1.1-notas-de-version.txt" },
  ]);
};

/** Acting as a customer contact of the demo, as if they had signed in. */
const contactActor = async (services: Services, email: string): Promise<Actor | null> => {
  const found = (await services.organizations.listContacts(SYSTEM_ACTOR, { q: email, limit: 1 })).items[0];
  if (!found || found.email !== email) return null;
  return {
    userId: found.id,
    email: found.email,
    name: found.name,
    role: "customer_contact",
    organizationId: found.organizationId,
    preferredLanguage: "es-MX",
    via: "session",
    sessionId: null,
    csrfToken: null,
  };
};

const seedFeatureRequests = async (services: Services, products: { sigap: string; ecm: string }) => {
  const patricia = await contactActor(services, "psalas@utmc.edu.mx");
  const hector = await contactActor(services, "hjuarez@utmc.edu.mx");
  const maria = await contactActor(services, "mfrios@transparencia.tierraalta.gob.mx");
  const luis = await contactActor(services, "lcano@transparencia.tierraalta.gob.mx");
  if (!patricia || !hector || !maria || !luis) return;
  const requests = [
    {
      by: patricia,
      productId: products.sigap,
      title: "Firmar varios oficios a la vez con e-firma",
      description:
        "Los titulares firman decenas de oficios al día; firmar uno por uno les toma mucho tiempo.",
      voters: [patricia, hector],
      status: "planned" as const,
    },
    {
      by: maria,
      productId: products.ecm,
      title: "Exportar expedientes de Oficina Digital a PDF/A en lote",
      description: "Para entregar expedientes al archivo de concentración necesitamos exportarlos a PDF/A.",
      voters: [maria, luis],
      status: "under_review" as const,
    },
    {
      by: hector,
      productId: products.sigap,
      title: "Avisar por correo al ciudadano cuando cambie su solicitud",
      description: "Hoy el ciudadano debe entrar al portal para saber si su solicitud avanzó.",
      voters: [hector],
      status: null,
    },
  ];
  for (const r of requests) {
    const created = await services.featureRequests.createRequest(r.by, {
      productId: r.productId,
      title: r.title,
      description: r.description,
    });
    for (const voter of r.voters) await services.featureRequests.vote(voter, created.id);
    await services.featureRequests.follow(r.by, created.id);
    if (r.status) {
      const current = await services.featureRequests.getRequest(SYSTEM_ACTOR, created.id);
      await services.featureRequests.changeStatus(SYSTEM_ACTOR, created.id, {
        status: r.status,
        version: current.version,
      });
    }
  }
  await services.articles.saveSubscriptions(patricia, {
    items: [{ productId: products.sigap, kind: "alert", digest: false }],
  });
};

const seedReleaseFiles = async (
  services: Services,
  files: { release: { id: string; version: string } | undefined; name: string }[],
) => {
  for (const { release, name } of files) {
    if (!release) continue;
    const text = `Notas de la versión ${release.version}\n\nInstale sobre la versión anterior después de respaldar la base de datos.\n`;
    await services.catalog.addFile(SYSTEM_ACTOR, release.id, {
      filename: name,
      contentType: "text/plain; charset=utf-8",
      chunks: (async function* () {
        yield Buffer.from(text, "utf8");
      })(),
    });
  }
};

import nodemailer from "nodemailer";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ApiCall,
  freePort,
  type Items,
  type Journey,
  type OpenedPage,
  randomSuffix,
  screenshot,
  startJourney,
} from "./support";

/**
 * Email journey: the admin sets up the email channel (support address, our trusted relay, limits, an IMAP
 * account — first without its password, which the server refuses next to the field — then tests the
 * stored account, which cannot connect). Real messages go to the server's SMTP intake over a socket: an
 * unknown sender (refused), the authorized contact with DKIM and DMARC failing at our relay (review), the
 * contact genuinely (a case) and the contact's reply to it. A specialist works the Attention tab: reads the
 * raw source as text and the sanitized HTML in a sandboxed frame, retries (still unverified) and dismisses
 * it; then opens the case that came by mail: its checklist reads "not confirmed by email" and the reply
 * shows its original headers. The relay's delivery-status report for the case's acknowledgement then shows on
 * the case's timeline and marks the contact undeliverable, which the specialist clears.
 * Screenshots: test-results/email-*.png.
 */

const SUPPORT = "soporte@soporte.example";
const RELAY = "mx.soporte.example";
const CONTACT = "mfrios@transparencia.tierraalta.gob.mx";
const STRANGER = "alguien@desconocido.example";
const SPECIALIST = "jorge.ramirez@soporte.example";
const suffix = randomSuffix();
const SUBJECTS = {
  stranger: `Necesito ayuda con mi sistema ${suffix}`,
  spoofed: `Urgente: ECM Oficina Digital no responde ${suffix}`,
  genuine: `ECM Oficina Digital: error al firmar documentos ${suffix}`,
};
const MESSAGE_IDS = {
  stranger: `stranger-${suffix}@desconocido.example`,
  spoofed: `spoofed-${suffix}@transparencia.tierraalta.gob.mx`,
  genuine: `genuine-${suffix}@transparencia.tierraalta.gob.mx`,
  reply: `reply-${suffix}@transparencia.tierraalta.gob.mx`,
};

interface InboundSummary {
  messageId: string | null;
  status: string;
  outcome: string | null;
  detail: string | null;
  caseId: string | null;
}

interface MailOptions {
  from: string;
  subject: string;
  messageId: string;
  text: string;
  html?: string;
  headers?: string[];
}

/** A message as a mail client writes it (CRLF lines); an HTML alternative when `html` is given. */
const rawMail = (options: MailOptions) => {
  const head = [
    ...(options.headers ?? []),
    `From: ${options.from}`,
    `To: Soporte <${SUPPORT}>`,
    `Subject: ${options.subject}`,
    `Date: ${new Date().toUTCString()}`,
    `Message-ID: <${options.messageId}>`,
    "MIME-Version: 1.0",
  ];
  const body = options.html
    ? [
        'Content-Type: multipart/alternative; boundary="alt-boundary"',
        "",
        "--alt-boundary",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        options.text,
        "--alt-boundary",
        "Content-Type: text/html; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        options.html,
        "--alt-boundary--",
        "",
      ]
    : ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", options.text, ""];
  return [...head, ...body].join("\r\n");
};

/** Hands a message to the server's SMTP intake, as a mail relay would (plain SMTP on a socket). */
const deliver = async (port: number, envelopeFrom: string, raw: string) => {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  try {
    const info = await transport.sendMail({ envelope: { from: envelopeFrom, to: [SUPPORT] }, raw });
    expect(info.response).toMatch(/^250 /);
  } finally {
    transport.close();
  }
};

/** What our relay writes on the contact's genuine mail. */
const VERIFIED = `Authentication-Results: ${RELAY}; spf=pass; dkim=pass; dmarc=pass`;

// dialogs, tabs and frames fade in on the mail desk: every shot waits for them
const shot = (page: Page, name: string, fullPage = true) =>
  screenshot(page, name, { fullPage, settle: true });

/** Turns a switch on or off from the keyboard (its input lies over the label and takes pointer clicks oddly). */
const toggle = async (target: Page, name: string, on: boolean) => {
  const control = target.getByRole("switch", { name });
  if ((await control.isChecked()) !== on) {
    await control.focus();
    await target.keyboard.press("Space");
  }
  await expect.poll(() => control.isChecked()).toBe(on);
};

describe("email journey (Chromium)", () => {
  let journey: Journey;
  let intakePort = 0;
  let admin: OpenedPage;
  let specialist: OpenedPage;
  let adminApi: ApiCall;
  let caseId = "";
  let caseNumber = "";

  const deliverFromContact = (mail: Omit<MailOptions, "from">) =>
    deliver(intakePort, CONTACT, rawMail({ from: `Marta Frías <${CONTACT}>`, ...mail }));

  /** Waits until the intake processed every listed message, and returns them by Message-ID. */
  const settled = async (ids: string[]) => {
    let found = new Map<string, InboundSummary>();
    await expect
      .poll(
        async () => {
          // tab by tab: the processed, the ones for review and the ignored ones
          const pages = await Promise.all(
            ["processed", "attention", "ignored"].map((filter) =>
              adminApi<Items<InboundSummary>>("GET", `/inbound-mail?filter=${filter}&limit=100`),
            ),
          );
          found = new Map(
            pages
              .flatMap((page) => page.items)
              .flatMap((m) => (m.messageId ? [[m.messageId, m] as const] : [])),
          );
          return ids.every((id) => found.has(id));
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe(true);
    return found;
  };

  beforeAll(async () => {
    intakePort = await freePort();
    journey = await startJourney({
      logName: "server-email.log",
      env: { MAIL_INTAKE_PORT: String(intakePort) },
    });
    adminApi = await journey.api(journey.admin);
    admin = await journey.openSignedIn(journey.admin);
  });

  afterAll(async () => {
    await journey?.stop(); // undefined when the start failed
  });

  it("lets the admin set up the email channel, with the server's field error by the password", async () => {
    const page = admin.page;
    await page.getByRole("navigation").getByRole("link", { name: "Ajustes de correo" }).click();
    await page.getByRole("heading", { name: "Ajustes de correo" }).waitFor();

    const addresses = page.getByRole("combobox", { name: "Direcciones", exact: true });
    await addresses.fill(SUPPORT);
    await addresses.press("Enter");
    const relays = page.getByRole("combobox", { name: "Relays de confianza (authserv-id)" });
    await relays.fill(RELAY);
    await relays.press("Enter");
    await page
      .getByText(/Si uno de ellos informa SPF, DKIM o DMARC en «fail», el mensaje pasa a revisión/)
      .waitFor();
    await page.getByLabel("Respuestas automáticas por dirección al día").fill("3");
    await page.getByLabel("Mensajes del umbral de bucle").fill("10");
    await page.getByLabel("Minutos del umbral de bucle").fill("5");

    // an IMAP account on a port where nothing listens: saved, then tested
    const closedPort = await freePort();
    await toggle(page, "Leer un buzón IMAP", true);
    await page.getByLabel(/^Servidor/).fill("127.0.0.1");
    await page.getByLabel(/^Puerto/).fill(String(closedPort));
    await page.getByText(/Cifrado desde el primer byte \(IMAPS\)/).waitFor();
    await toggle(page, "TLS desde la conexión", false);
    await page.getByText(/pasa a cifrada con STARTTLS si el servidor lo ofrece/).waitFor();
    await page.getByLabel(/^Usuario/).fill("soporte");
    await page.getByLabel(/^Carpeta de procesados/).fill("Procesados");

    // no password for a new mailbox: the server says so, next to the field
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    const password = page.getByLabel(/^Contraseña/);
    await page.getByText("Este dato es obligatorio.").waitFor();
    await page.getByRole("alert").filter({ hasText: "Revise los datos marcados." }).waitFor();
    await password.scrollIntoViewIfNeeded();
    await shot(page, "email-01-settings-field-error.png", false);

    await password.fill("secreto-imap");
    await page.getByRole("button", { name: "Guardar cambios" }).click();
    await page.getByText("Ajustes de correo guardados.").waitFor();
    await page.getByText("Sin cambios pendientes.").waitFor();
    await expect(password.getAttribute("placeholder")).resolves.toBe("guardada");
    await expect(password.inputValue()).resolves.toBe("");

    await page.getByRole("button", { name: "Probar conexión" }).click();
    const failure = page.getByRole("alert").filter({ hasText: "No se pudo conectar al buzón" });
    await failure.waitFor({ timeout: 30_000 });
    await shot(page, "email-02-settings-saved.png");

    const saved = await adminApi<Record<string, unknown>>("GET", "/settings/mail");
    expect(saved).toEqual({
      supportAddresses: [SUPPORT],
      trustedAuthServIds: [RELAY],
      autoRepliesPerAddressPerDay: 3,
      loopThreshold: { messages: 10, minutes: 5 },
      imap: {
        host: "127.0.0.1",
        port: closedPort,
        secure: false,
        user: "soporte",
        password: null,
        passwordSet: true,
        mailbox: "INBOX",
        processedMailbox: "Procesados",
      },
    });
  });

  it("takes real mail at the SMTP intake: refuses a stranger, holds a forged sender for review, opens a case", async () => {
    await deliver(
      intakePort,
      STRANGER,
      rawMail({
        from: `Alguien <${STRANGER}>`,
        subject: SUBJECTS.stranger,
        messageId: MESSAGE_IDS.stranger,
        text: "Hola, nuestro sistema no abre. ¿Me pueden ayudar?",
      }),
    );
    await deliverFromContact({
      subject: SUBJECTS.spoofed,
      messageId: MESSAGE_IDS.spoofed,
      headers: [
        `Authentication-Results: ${RELAY}; spf=pass smtp.mailfrom=${CONTACT}; dkim=fail header.d=transparencia.tierraalta.gob.mx; dmarc=fail header.from=transparencia.tierraalta.gob.mx`,
        `Received: from mail.falso.example (mail.falso.example [203.0.113.9]) by ${RELAY}`,
      ],
      text: "ECM Oficina Digital no responde. Entren a https://falso.example/acceso con su contraseña.",
      html: [
        "<p><b>ECM Oficina Digital no responde.</b></p>",
        '<p>Entren a <a href="https://falso.example/acceso" onclick="steal()">este enlace</a>.</p>',
        "<script>window.top.pwned = true;</script>",
        '<img src="https://falso.example/pixel.gif" alt="">',
      ].join("\r\n"),
    });
    await deliverFromContact({
      subject: SUBJECTS.genuine,
      messageId: MESSAGE_IDS.genuine,
      headers: [VERIFIED],
      text: "Desde esta mañana ECM Oficina Digital marca error al firmar documentos en producción.",
    });
    const first = await settled([MESSAGE_IDS.stranger, MESSAGE_IDS.spoofed, MESSAGE_IDS.genuine]);
    expect(first.get(MESSAGE_IDS.stranger)).toMatchObject({
      status: "processed",
      outcome: "refused",
      detail: "unknown sender",
    });
    expect(first.get(MESSAGE_IDS.spoofed)).toMatchObject({
      status: "review",
      outcome: "unverified_sender",
      detail: "dkim=fail, dmarc=fail",
    });
    const opened = first.get(MESSAGE_IDS.genuine);
    expect(opened).toMatchObject({ status: "processed", outcome: "case_opened" });
    caseId = opened?.caseId ?? "";
    caseNumber = (await adminApi<{ number: string }>("GET", `/cases/${caseId}`)).number;

    // the contact answers on the case: the case number in the subject threads it
    await deliverFromContact({
      subject: `RE: [${caseNumber}] ${SUBJECTS.genuine}`,
      messageId: MESSAGE_IDS.reply,
      headers: [VERIFIED],
      text: "Les comparto que el error aparece también en el ambiente de pruebas.\r\n\r\n> mensaje anterior",
    });
    const second = await settled([MESSAGE_IDS.reply]);
    expect(second.get(MESSAGE_IDS.reply)).toMatchObject({
      status: "processed",
      outcome: "reply_added",
      caseId,
    });
  });

  it("lets a specialist read the reviewed message as text and as sandboxed HTML, retry it and dismiss it", async () => {
    specialist = await journey.openSignedIn(journey.user(SPECIALIST));
    const page = specialist.page;
    await page.getByRole("navigation").getByRole("link", { name: "Correo entrante" }).click();
    await page.getByRole("heading", { name: "Correo entrante" }).waitFor();
    // Attention is the default tab, with its count
    await page.getByRole("tab", { name: /^Atención\s*1$/, selected: true }).waitFor();
    const table = page.getByRole("table", { name: "Correo entrante" });
    const row = table.getByRole("row").filter({ hasText: SUBJECTS.spoofed });
    await row.getByText("Remitente no verificado").filter({ visible: true }).waitFor();
    await row.getByText("dkim=fail, dmarc=fail").filter({ visible: true }).waitFor();
    await row.getByText("En revisión").waitFor();
    await expect(table.getByRole("row").filter({ hasText: SUBJECTS.stranger }).count()).resolves.toBe(0);
    await shot(page, "email-03-attention.png");

    await page.getByRole("tab", { name: /^Procesados/ }).click();
    await page.waitForURL(/filter=processed/);
    const refused = table.getByRole("row").filter({ hasText: SUBJECTS.stranger });
    await refused.getByText("Rechazado").filter({ visible: true }).waitFor();
    await refused.getByText("remitente desconocido").filter({ visible: true }).waitFor();
    await refused.getByText("Se respondió al remitente").filter({ visible: true }).waitFor();
    await table
      .getByRole("row")
      .filter({ hasText: SUBJECTS.genuine })
      .first()
      .getByRole("link", { name: "Ver caso" })
      .waitFor();
    await shot(page, "email-04-all.png");

    await page.getByRole("tab", { name: /^Atención/ }).click();
    await table.getByRole("link", { name: SUBJECTS.spoofed }).click();
    await page.getByRole("heading", { name: SUBJECTS.spoofed }).waitFor();
    await page.getByText(/falló la verificación SPF, DKIM o DMARC/).waitFor();
    await page.getByText(`Marta Frías <${CONTACT}>`).or(page.getByText(CONTACT)).first().waitFor();
    await page.getByText("Remitente del sobre (MAIL FROM)").waitFor();
    // the raw source is text: the hostile script shows as characters and never runs
    const source = page.locator("pre, code").filter({ hasText: `Authentication-Results: ${RELAY};` });
    await source.waitFor();
    await source.getByText(/<script>window\.top\.pwned = true;<\/script>/).waitFor();
    await expect(
      page.evaluate(() => (window as unknown as { pwned?: boolean }).pwned),
    ).resolves.toBeUndefined();
    await shot(page, "email-05-detail-raw.png");

    await page.getByRole("tab", { name: "HTML" }).click();
    const frame = page.locator("iframe");
    await expect(frame.getAttribute("sandbox")).resolves.toBe("");
    const srcdoc = (await frame.getAttribute("srcdoc")) ?? "";
    expect(srcdoc).toContain("ECM Oficina Digital no responde.");
    expect(srcdoc).not.toMatch(/<script|onclick|pixel\.gif/i);
    await page.frameLocator("iframe").getByText("ECM Oficina Digital no responde.").waitFor();
    // the frame is drawn only where the window shows it: bring it into view for the shot
    await frame.scrollIntoViewIfNeeded();
    await shot(page, "email-06-detail-html.png", false);

    // processed again with the same settings: still unverified
    await page.getByRole("button", { name: "Reintentar" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: "Se procesó de nuevo. Resultado: Remitente no verificado." })
      .waitFor();
    await shot(page, "email-07-retried.png", false);

    await page.getByRole("button", { name: "Descartar" }).click();
    const dialog = page.getByRole("dialog", { name: "¿Descartar este mensaje?" });
    await dialog.getByText(/pasará a Ignorados sin abrir un caso ni responder al remitente/).waitFor();
    await shot(page, "email-08-dismiss-confirm.png", false);
    await dialog.getByRole("button", { name: "Descartar" }).click();
    await page.getByText("Mensaje descartado.").waitFor();
    await page.getByText("Ignorado", { exact: true }).waitFor();
    await page.getByText("Descartado", { exact: true }).waitFor();
    await expect(page.getByRole("button", { name: "Reintentar" }).count()).resolves.toBe(0);

    await page.getByRole("link", { name: "Correo entrante" }).first().click();
    await page.getByText("Nada que atender").waitFor();
    await page.getByRole("tab", { name: /^Atención\s*0$/ }).waitFor();
    await shot(page, "email-09-attention-empty.png");
  });

  it("shows the case that came by mail: checklist not confirmed by email, the reply's original headers", async () => {
    const page = specialist.page;
    await page.goto(`/cases/${caseId}`);
    await page.getByRole("heading", { name: SUBJECTS.genuine }).waitFor();
    await page.getByText("No confirmada por correo").waitFor();
    await page
      .getByText(/impacto no indicado \(llegó por correo\)/)
      .first()
      .waitFor();
    const history = page.getByRole("region", { name: "Historial" });
    await history.getByText("Caso registrado por correo").waitFor();
    const reply = history
      .getByRole("article", { name: "Respuesta de Marta Frías" })
      .or(history.getByRole("article").filter({ hasText: "también en el ambiente de pruebas" }));
    await reply.first().getByText("por correo", { exact: true }).waitFor();
    await shot(page, "email-10-case.png");

    await reply.first().getByRole("button", { name: "Ver encabezados originales" }).click();
    const dialog = page.getByRole("dialog", { name: "Encabezados originales" });
    await dialog.getByText(new RegExp(`Message-ID: <${MESSAGE_IDS.reply}>`)).waitFor();
    await dialog.getByText(/^Tal como llegaron el /).waitFor();
    await shot(page, "email-11-headers.png", false);
    await page.keyboard.press("Escape");
  });

  it("shows a bounced acknowledgement on the case and the contact marked undeliverable, which the desk clears", async () => {
    // the relay's delivery-status report for the acknowledgement of the case that came by mail
    const outbox = await adminApi<Items<{ messageId: string; kind: string; caseId: string | null }>>(
      "GET",
      "/outbox?limit=200",
    );
    const acknowledgement = outbox.items.find((m) => m.kind === "acknowledgement" && m.caseId === caseId);
    expect(acknowledgement).toBeDefined();
    const reportId = `dsn-${suffix}@mx.transparencia.tierraalta.gob.mx`;
    await deliver(
      intakePort,
      "",
      [
        "From: Mail Delivery System <MAILER-DAEMON@mx.transparencia.tierraalta.gob.mx>",
        `To: ${SUPPORT}`,
        "Subject: Undelivered Mail Returned to Sender",
        `Message-ID: <${reportId}>`,
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"',
        "",
        "--dsn",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        `Your message to <${CONTACT}> could not be delivered.`,
        "",
        "--dsn",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.transparencia.tierraalta.gob.mx",
        "",
        `Final-Recipient: rfc822; ${CONTACT}`,
        "Action: failed",
        "Status: 5.1.1",
        `Diagnostic-Code: smtp; 550 5.1.1 <${CONTACT}>: Recipient address rejected: User unknown`,
        "",
        "--dsn",
        "Content-Type: text/rfc822-headers",
        "",
        `From: Soporte <${SUPPORT}>`,
        `To: ${CONTACT}`,
        `Message-ID: ${acknowledgement!.messageId}`,
        "",
        "--dsn--",
        "",
      ].join("\r\n"),
    );
    await settled([reportId]);

    const page = specialist.page;
    await page.goto(`/cases/${caseId}`);
    await page.getByRole("heading", { name: SUBJECTS.genuine }).waitFor();
    const history = page.getByRole("region", { name: "Historial" });
    await history.getByText(`No se pudo entregar el correo «Acuse de recibo» a ${CONTACT}: 5.1.1`).waitFor();
    await history.getByText(/Recipient address rejected: User unknown/).waitFor();
    const summary = page.getByRole("region", { name: "Datos del caso" });
    await summary.getByText("Correo no entregable").waitFor();
    await shot(page, "email-13-case-bounced.png");

    await summary.getByRole("link", { name: "María Fernanda Ríos" }).click();
    const warning = page
      .getByRole("alert")
      .filter({ hasText: "El correo a esta dirección no se está entregando" });
    await warning
      .getByText(/5\.1\.1/)
      .first()
      .waitFor();
    await shot(page, "email-14-contact-undeliverable.png");
    await warning.getByRole("button", { name: "Marcar como entregable" }).click();
    await page.getByText(`${CONTACT} se marcó como entregable.`).waitFor();
    await expect.poll(() => warning.count()).toBe(0);
  });

  it("shows the mail settings read-only to the specialist", async () => {
    const page = specialist.page;
    await page.goto("/inbound-mail");
    await page.getByRole("link", { name: "Ajustes de correo" }).click();
    await page.getByRole("heading", { name: "Ajustes de correo" }).waitFor();
    await page.getByText("Solo los administradores pueden cambiar estos ajustes.").waitFor();
    await expect(page.getByRole("button", { name: "Guardar cambios" }).count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Probar conexión" }).count()).resolves.toBe(0);
    await shot(page, "email-12-settings-read-only.png");
  });

  it("raised no error in the pages", () => {
    expect(admin.errors).toEqual([]);
    expect(specialist.errors).toEqual([]);
  });
});

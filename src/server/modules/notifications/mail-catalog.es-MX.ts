/** Outgoing mail in Spanish (Mexico), the product's first language. Placeholders: {{name}}. */
export const mailCatalogEsMx = {
  greeting: "Hola, {{name}}:",
  signature: "Centro de Soporte Técnico",
  viewCase: "Ver el caso: {{link}}",
  doNotReply: "Puede responder a este correo; su respuesta se agrega al caso {{number}}.",
  priority: { P1: "P1 (crítica)", P2: "P2 (alta)", P3: "P3 (media)", P4: "P4 (baja)" },
  status: {
    new: "nuevo",
    open: "abierto",
    waiting_on_customer: "en espera de su respuesta",
    resolved: "resuelto",
    closed: "cerrado",
    held: "retenido",
  },
  calendar: { "cdmx-habil": "horario hábil de la Ciudad de México", "24x7": "24×7, todos los días" },
  clock: { response: "respuesta", resolution: "resolución" },
  minutes: "{{count}} minutos",
  minutes_one: "{{count}} minuto",
  hours: "{{count}} horas",
  hours_one: "{{count}} hora",
  acknowledgement: {
    subject: "[{{number}}] Recibimos su caso: {{subject}}",
    body: "Registramos su caso {{number}} «{{subject}}» con prioridad preliminar {{priority}}.\n\nTiempo objetivo de respuesta: {{target}} ({{calendar}}).\nLe responderemos a más tardar el {{due}}.\n\nUn especialista confirmará la prioridad en su diagnóstico preliminar.",
    checklistUnconfirmed:
      "Antes de empezar, confírmenos por favor que los componentes asociados (bases de datos, servidores de aplicaciones, sistemas operativos, redes, infraestructura y repositorios de documentos) funcionan y cuentan con su propia póliza de soporte vigente.",
  },
  staffReply: {
    subject: "[{{number}}] Respuesta a su caso: {{subject}}",
    body: "{{author}} respondió a su caso {{number}}:\n\n{{reply}}",
  },
  statusChanged: {
    subject: "[{{number}}] Su caso está {{status}}: {{subject}}",
    body: "El caso {{number}} «{{subject}}» cambió de {{from}} a {{status}}.",
    resolvedHint: "Si el problema persiste, puede reabrir el caso dentro de los próximos {{days}} días.",
  },
  heldRequest: {
    subject: "Su solicitud está retenida: se requiere orden de compra",
    body: "Recibimos su solicitud «{{subject}}» para {{system}}, pero el sistema no tiene una póliza de soporte vigente.\n\nLa solicitud queda retenida hasta que recibamos la orden de compra de la renovación o reactivación. Su ejecutivo de cuenta puede ayudarle con la cotización.",
  },
  refusal: {
    subject: "Re: {{subject}}",
    anonymous: "estimado usuario",
    body: "Gracias por escribirnos. Este buzón atiende los casos de soporte técnico de los contactos autorizados de cada póliza, y no encontramos su dirección entre ellos.\n\nPor favor, canalice su solicitud a través de uno de los contactos autorizados de su organización, o pida a su ejecutivo de cuenta que registre su dirección.",
  },
  warning: {
    subject: "[{{number}}] Aviso: el tiempo de {{clock}} vence el {{due}}",
    body: "El caso {{number}} «{{subject}}» de {{organization}} ({{priority}}) llegó al {{percent}} % de su tiempo de {{clock}}.\nVence el {{due}}.",
  },
  escalation: {
    subject: "[{{number}}] Escalamiento nivel {{level}}: {{subject}}",
    body: "El caso {{number}} «{{subject}}» de {{organization}} ({{priority}}) se escaló al nivel {{level}}: alcanzó el {{percent}} % de su tiempo de {{clock}}, que vencía el {{due}}.\nResponsable: {{assignee}}.",
    unassigned: "sin asignar",
  },
  endOfSupport: {
    subject: "Fin de soporte de {{product}} {{line}} el {{date}}",
    body: "Le informamos que el soporte de {{product}} {{line}} termina el {{date}}.\n\nSus sistemas en esa versión: {{systems}}.\n\nDespués de esa fecha sus casos se siguen registrando, pero esas versiones ya no tienen soporte: le recomendamos planear la actualización a una versión soportada. Su póliza vigente le da derecho a las nuevas versiones; su ejecutivo de cuenta puede ayudarle a planearla.",
  },
  digest: {
    subject: "Resumen de avisos: {{count}} casos por vencer",
    subject_one: "Resumen de avisos: 1 caso por vencer",
    intro: "Estos casos llegaron al umbral de aviso:",
    line: "• {{number}} «{{subject}}» ({{priority}}): {{clock}} vence el {{due}}",
  },
  article: {
    kinds: { alert: "Alerta técnica", tip: "Consejo técnico", resolution: "Resolución publicada" },
    severity: { critical: "crítica", high: "alta", medium: "media", low: "baja" },
    subjectAlert: "Alerta técnica {{severity}} de {{product}}: {{title}}",
    subject: "{{kind}} de {{product}}: {{title}}",
    intro: "Se publicó en el Centro de soporte: {{kind}} de {{product}}.",
    affected: "Versiones afectadas: {{range}}.",
    allVersions: "todas",
    range: "{{from}} a {{to}}",
    fromOnly: "{{from}} y posteriores",
    toOnly: "hasta {{to}}",
    read: "Léala completa en: {{link}}",
    footer:
      "Recibe este correo porque está suscrito a «{{kind}}» de {{product}}. Cambie sus suscripciones en {{link}}",
  },
  articleDigest: {
    subject: "Centro de soporte: {{count}} publicaciones nuevas",
    subject_one: "Centro de soporte: 1 publicación nueva",
    intro: "Publicaciones nuevas de los productos a los que está suscrito:",
    line: "• {{kind}} · {{product}}: {{title}}\n  {{link}}",
    footer: "Recibe este resumen por sus suscripciones al Centro de soporte. Cámbielas en {{link}}",
  },
  featureRequest: {
    statuses: {
      submitted: "recibida",
      under_review: "en revisión",
      planned: "planeada",
      released: "liberada",
      declined: "rechazada",
    },
    subject: "Solicitud de funcionalidad #{{number}} {{status}}: {{title}}",
    body: "La solicitud de funcionalidad #{{number}} «{{title}}» de {{product}}, que usted sigue, cambió de «{{from}}» a «{{status}}».",
    reason: "Motivo: {{reason}}",
    release: "Está incluida en la versión {{version}}.",
    link: "Véala en el Centro de soporte: {{link}}",
    footer: "Recibe este correo porque sigue esta solicitud; puede dejar de seguirla desde su página.",
  },
  outOfHours: {
    window: "Ventana: del {{start}} al {{end}}.\nPóliza {{contract}} ({{system}}) de {{organization}}.",
    maintenance: "Mantenimiento planeado: {{maintenance}}",
    reason: "Motivo: {{reason}}",
    refunded: "El día fuera de horario se devolvió al año de contrato.",
    notRefunded:
      "Como se canceló con menos anticipación de la requerida, el día fuera de horario cuenta como usado.",
    clock:
      "Durante la ventana, los casos de su organización corren sobre un reloj 24×7 para sus tiempos de respuesta.",
    link: "Véala en: {{link}}",
    requested: {
      subject: "Día fuera de horario solicitado: {{organization}}",
      body: "{{requester}} solicitó un día fuera de horario para {{organization}}. Confírmelo o recházelo.",
    },
    confirmed: {
      subject: "Día fuera de horario confirmado: {{start}}",
      body: "{{actor}} confirmó la ventana fuera de horario que solicitó {{requester}}.",
    },
    declined: {
      subject: "Día fuera de horario no confirmado: {{start}}",
      body: "{{actor}} no pudo confirmar la ventana fuera de horario que solicitó {{requester}}. El día no se descuenta.",
    },
    cancelled: {
      subject: "Día fuera de horario cancelado: {{start}}",
      body: "{{actor}} canceló la ventana fuera de horario que solicitó {{requester}}.",
    },
  },
  webhook: {
    disabled: {
      subject: "Webhook desactivado: {{description}}",
      body: "Las entregas al webhook {{url}} fallaron sin interrupción desde {{since}}, por eso lo desactivamos. Los eventos pendientes se conservan y se enviarán cuando lo vuelva a activar.\n\nRevise la bitácora de entregas para ver qué respondió el receptor.",
      link: "Webhook y bitácora de entregas: {{link}}",
    },
  },
  hourBank: {
    lowBalance: {
      subject: "Bolsa de horas de {{organization}}: quedan {{remaining}} de {{hours}} horas",
      body: "A la bolsa de horas de consultor técnico de {{organization}} (orden de compra {{purchaseOrder}}) le quedan {{remaining}} de sus {{hours}} horas, menos del {{percent}} %. Vence el {{date}}.\n\nSi necesita más horas, su ejecutivo de cuenta puede ayudarle a contratar una nueva bolsa.",
    },
    expiring: {
      subject: "Bolsa de horas de {{organization}}: vence el {{date}}",
      body: "La bolsa de horas de consultor técnico de {{organization}} (orden de compra {{purchaseOrder}}) vence el {{date}} y le quedan {{remaining}} de sus {{hours}} horas.\n\nDespués de esa fecha ya no se pueden usar: le recomendamos programar con nosotros las horas pendientes.",
    },
    expiredUnused: {
      subject: "Bolsa de horas de {{organization}}: venció con {{remaining}} horas sin usar",
      body: "La bolsa de horas de consultor técnico de {{organization}} (orden de compra {{purchaseOrder}}) venció el {{date}} con {{remaining}} de sus {{hours}} horas sin usar.\n\nSu ejecutivo de cuenta puede ayudarle a contratar una nueva bolsa.",
    },
    link: "Consulte el saldo y los registros en: {{link}}",
  },
  sts: {
    kinds: { business_review: "revisión de negocio", tuning: "servicio de afinación (tuning)" },
    noPhone: "sin teléfono registrado",
    reminder: {
      subject: "Recordatorio: {{kind}} de {{organization}} el {{date}}",
      body: "Le recordamos que el {{date}} está programada la {{kind}} del servicio de ingeniero de soporte en sitio (STS) de {{organization}}.",
      engineer: "Ingeniero asignado: {{engineer}} ({{email}}, {{phone}}).",
    },
    link: "Consulte el servicio y sus visitas en: {{link}}",
  },
};

export { emailIntakeRoutes } from "./email-intake.routes";
export { createEmailIntakeService, type EmailIntakeService } from "./email-intake.service";
export { startImapIntake } from "./imap-intake";
export { MAX_MESSAGE_BYTES, startSmtpIntake } from "./smtp-intake";

export * from "./authentication-results";
export * from "./auto-mail";
export * from "./delivery-status";
export * from "./intake-decision";
export * from "./mail-headers";
export * from "./mime-repair";
export * from "./reply-text";
export * from "./threading";

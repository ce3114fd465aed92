export * from "./authentication-results";
export * from "./auto-mail";
export * from "./intake-decision";
export * from "./mail-headers";
export * from "./reply-text";
export * from "./threading";

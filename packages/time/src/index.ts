export * from "./period.ts";
export * from "./shanghai.ts";

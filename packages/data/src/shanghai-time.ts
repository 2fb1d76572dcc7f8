/** Beijing time lives in @kaohe/time; the data package's own files and its users read it from here too. */
export * from "@kaohe/time";

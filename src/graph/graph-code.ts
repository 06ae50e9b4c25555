/** Stable codes of graph and selection errors (TF3xx). */
export const GraphCode = {
  cycle: "TF301",
  unknownDependency: "TF302",
  unknownSelectorMethod: "TF303",
  badSelector: "TF304",
} as const;

/** tform's library API: load → render → plan → execute → publish. The CLI is a thin layer over this. */
export * from "./errors.js";
export type * from "./project/types.js";
export type * from "./render/types.js";
export type * from "./engine/engine.js";
export type * from "./catalog/catalog.js";

/** zod schema of a dbt-trino output in profiles.yml plus tform's `nessie:` and `branch_catalog:` blocks. */
import { z } from "zod";

/** A rendered env_var may come back as a number ("8080", "12345"): accept both where text is meant. */
const text = z.union([z.string(), z.number()]).transform(String);
const scalarRecord = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .transform((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));

const seconds = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .pipe(z.number().positive({ error: "a timeout is a number of seconds above 0" }));

export const TrinoOutputSchema = z.looseObject({
  type: z.literal("trino", { error: "tform connects to Trino: type must be trino" }),
  host: text,
  port: z
    .union([z.number(), z.string().regex(/^\d+$/).transform(Number)])
    .pipe(z.number().int().min(1).max(65535, { error: "port must be between 1 and 65535" }))
    .default(8080),
  user: text,
  password: text.optional(),
  method: z
    .enum(["none", "ldap", "basic", "jwt"], { error: "method must be none, ldap (basic) or jwt" })
    .default("none"),
  jwt_token: text.optional(),
  http_scheme: z.enum(["http", "https"]).optional(),
  database: text.optional(),
  catalog: text.optional(),
  schema: text,
  threads: z.number().int().positive({ error: "threads must be a positive whole number" }).default(1),
  session_properties: scalarRecord.default({}),
  // seconds: to connect, and to the first answer of each request (dbt-trino's `timeout`; Node would wait 300 s)
  connect_timeout: seconds.optional(),
  timeout: seconds.optional(),
  retries: z.number().int().min(0, { error: "retries must be 0 or more" }).optional(),
  nessie: z
    .looseObject({
      uri: text,
      token: text.optional(),
      default_branch: text.default("main"),
    })
    .optional(),
  branch_catalog: z
    .looseObject({
      connector: text.default("iceberg"),
      mode: z.enum(["native", "rest"]).default("native"),
      properties: scalarRecord.default({}),
    })
    .optional(),
});

export type TrinoOutput = z.infer<typeof TrinoOutputSchema>;

export const PROFILE_HINTS: Record<string, string> = {
  type: "Set type: trino (tform speaks to Trino only).",
  threads: "Set threads to a whole number such as 4.",
  port: "Set port to a number such as 8080.",
  method: "Use method: none, ldap (user + password) or jwt (jwt_token).",
  http_scheme: "Use http_scheme: http or https.",
  host: "Set host to the Trino coordinator's host name.",
  user: "Set user to the Trino user name.",
  schema: "Set schema to the default schema models are built in.",
  connect_timeout: "Set connect_timeout to seconds, e.g. 5.",
  timeout: "Set timeout to seconds, e.g. 30.",
  retries: "Set retries to a whole number such as 3.",
};

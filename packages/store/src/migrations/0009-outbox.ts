import type { Kysely } from "kysely";
import { identityKey } from "./column-types.js";

type AnyDb = Kysely<unknown>;

/**
 * Delivery by e-mail. `agencies.recipients`: the registry's addresses for an agency (a government's
 * receive its jurisdiction's message), a JSON list, empty for every agency a store held before.
 * `outbox`: one row per message, sent at most once per recipient and content (see queries/outbox.ts).
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable("agencies")
    .addColumn("recipients", "text", (c) => c.notNull().defaultTo("[]"))
    .execute();
  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", identityKey(db))
    .addColumn("recipient", "text", (c) => c.notNull())
    .addColumn("scope_kind", "text", (c) => c.notNull())
    .addColumn("scope_id", "text", (c) => c.notNull())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("content_hash", "text", (c) => c.notNull())
    .addColumn("statement", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("replaces_id", "integer", (c) => c.references("outbox.id"))
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("interruptions", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text")
    .addColumn("smtp_reply", "text")
    .addColumn("sent_at", "text")
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex("outbox_by_scope")
    .on("outbox")
    .columns(["recipient", "scope_kind", "scope_id", "year", "id"])
    .execute();
  await db.schema.createIndex("outbox_by_state").on("outbox").columns(["state", "id"]).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable("outbox").execute();
  await db.schema.alterTable("agencies").dropColumn("recipients").execute();
}

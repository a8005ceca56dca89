import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  type Agency,
  DirectoryBlobStore,
  type Store,
  openStore,
  recordDocumentContent,
  upsertAgencies,
  upsertDocument,
} from "@touming/store";
import { testAgency } from "@touming/store/testing";

/**
 * The extract package's corpus (`packages/extract/fixtures/`: real reports and their expected
 * values), found from this package's place in the repository: this package does not depend on
 * extract, whose tests use it.
 */
export const EXTRACT_FIXTURES = fileURLToPath(new URL("../../extract/fixtures/", import.meta.url));

/** A county agency whose site is `http://<id>.example/`, as in the store of `storeWithDocuments`. */
export function exampleAgency(id: string, name: string): Agency {
  return testAgency({ id, name, level: "county", siteUrl: `http://${id}.example/`, listUrls: [] });
}

/**
 * Opens a store in `dataDir` holding fetched documents as the crawler leaves them (rows plus
 * blobs), pending extraction: two reports (`report.html`, `seed.txt`), an unreadable PDF
 * (`annex.pdf`), a notice that is no report (`notice.html`) and a document whose blob was damaged
 * on disk (`damaged.html`). Returns the store (open: the caller closes it) and each document's id
 * by name.
 */
export async function storeWithDocuments(
  dataDir: string,
): Promise<{ store: Store; docs: Record<string, number> }> {
  const store = await openStore({ dataDir });
  await upsertAgencies(store.db, [
    exampleAgency("county-mz", "某县民政局"),
    exampleAgency("changzhi-mz", "长治市民政局"),
  ]);
  const docs: Record<string, number> = {};
  const add = async (
    name: string,
    agencyId: string,
    bytes: Buffer,
    contentType: string,
    listedDate?: string,
  ) => {
    const { id } = await upsertDocument(store.db, {
      agencyId,
      url: `http://${agencyId}.example/${name}`,
      kind: "article",
      ...(listedDate ? { listedDate } : {}),
    });
    const { sha256 } = await store.blobs.put(bytes);
    await recordDocumentContent(store.db, id, { sha256, contentType });
    docs[name] = id;
  };
  const corpus = (file: string) => readFileSync(`${EXTRACT_FIXTURES}${file}`);
  await add("report.html", "county-mz", corpus("html/county-2020-2019-format.gbk.html"), "text/html");
  await add("seed.txt", "changzhi-mz", corpus("seeds/002_4f5ee346c1dc28ae.txt"), "text/plain", "2018-02-09");
  await add("annex.pdf", "county-mz", Buffer.from("%PDF-1.7\n%%EOF"), "application/pdf");
  await add(
    "notice.html",
    "county-mz",
    Buffer.from(
      "<div class='TRS_Editor'><p>关于召开全县安全生产工作会议的通知，请各单位准时参加。</p></div>",
    ),
    "text/html",
  );
  await add("damaged.html", "county-mz", Buffer.from("<p>will be damaged</p>"), "text/html");
  const damaged = await store.db
    .selectFrom("documents")
    .select("blob_sha256")
    .where("id", "=", docs["damaged.html"]!)
    .executeTakeFirstOrThrow();
  if (!(store.blobs instanceof DirectoryBlobStore)) throw new Error("expected the blobs in a directory");
  writeFileSync(store.blobs.pathOf(damaged.blob_sha256!), "tampered");
  return { store, docs };
}

import { parentPort } from "node:worker_threads";
import { extractAsync } from "./extract.js";
import type { ExtractInput } from "./types.js";

/**
 * `extractAsync` in a worker thread, for callers that extract on several cores: each message is an
 * id and an input, each answer the id and the result (plain data, structured-cloned).
 */
const port = parentPort;
if (!port) throw new Error("@touming/extract/worker runs inside a worker thread");
port.on("message", (message: { id: number; input: ExtractInput }) => {
  void extractAsync(message.input).then(
    (result) => port.postMessage({ id: message.id, result }),
    (error: unknown) =>
      port.postMessage({ id: message.id, crash: String((error as Error)?.message ?? error) }),
  );
});
